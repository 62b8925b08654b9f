#!/usr/bin/env bash
# Builds every function and deploys the stack of a samconfig.toml environment, then runs the
# migrate job when the settings secret is complete.
#
#   infra/deploy/deploy.sh dev|prod [extra `sam deploy` options, e.g. --no-confirm-changeset]
#
# Without a DomainName the site's URL (https://dxxxx.cloudfront.net) only exists after the
# first deploy; the functions (PUBLIC_BASE_URL) and the uploads bucket's CORS rule need it, so
# this deploys a second time with PublicBaseUrl set. See infra/deploy/README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

use_env "${1:-}"
shift
cd "$root"

command -v sam >/dev/null || die "the AWS SAM CLI is missing (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html)"
cargo lambda --version >/dev/null 2>&1 || die "cargo-lambda is missing: pip install cargo-lambda (brings zig too)"

log "building every function for arm64 (cargo lambda, release)"
sam build
log "deploying $STACK to $AWS_REGION"
sam deploy --config-env "$env_name" "$@"

site=$(stack_output SiteUrl)
if [ -z "$(stack_param DomainName)" ] && [ "$(stack_param PublicBaseUrl)" != "$site" ]; then
    log "second pass: PublicBaseUrl=$site"
    overrides=$(samconfig_get "$env_name" parameter_overrides)
    sam deploy --config-env "$env_name" --parameter-overrides "$overrides PublicBaseUrl=$site" "$@"
    log "keep it: add 'PublicBaseUrl=$site' to parameter_overrides of [$env_name.deploy.parameters] in samconfig.toml"
fi

if "$here/secret.py" "$env_name" status >/dev/null 2>&1; then
    "$here/migrate.sh" "$env_name"
else
    log "the settings secret is incomplete (see: infra/deploy/secret.py $env_name status)"
    log "next: infra/deploy/secret.py $env_name init, then infra/deploy/migrate.sh $env_name"
fi
log "site: $site"
