#!/usr/bin/env bash
# Invokes the migrate job of a deployed stack: applies pending migrations (under an advisory
# lock, so a doubled run is harmless) and ensures the admin account from ADMIN_EMAIL /
# ADMIN_PASSWORD in the settings secret. Run it after every deploy (deploy.sh does).
#
#   infra/deploy/migrate.sh dev|prod
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

use_env "${1:-}"
fn=$(stack_output MigrateFunctionName)
[ -n "$fn" ] || die "stack $STACK has no MigrateFunctionName output: deploy first"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '{}' > "$tmp/event.json"

log "invoking $fn"
# The job may take minutes (its timeout is 300 s); the CLI's default read timeout is 60 s.
error=$(aws lambda invoke --function-name "$fn" --payload "fileb://$tmp/event.json" \
    --cli-read-timeout 310 --query FunctionError --output text "$tmp/out.json")
cat "$tmp/out.json" >&2
echo >&2
if [ -n "$error" ] && [ "$error" != None ]; then
    die "migrate failed ($error): see the log group /aws/lambda/$fn"
fi
log "migrated"
