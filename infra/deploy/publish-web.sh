#!/usr/bin/env bash
# Uploads web/ to the web bucket of a deployed stack and invalidates CloudFront's cache.
#
#   infra/deploy/publish-web.sh dev|prod
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

use_env "${1:-}"
bucket=$(stack_output WebBucket)
distribution=$(stack_output DistributionId)
[ -n "$bucket" ] && [ -n "$distribution" ] || die "stack $STACK has no WebBucket/DistributionId output: deploy first"

log "syncing web/ to s3://$bucket"
aws s3 sync "$root/web/" "s3://$bucket/" --delete --cache-control "public, max-age=300"
log "invalidating the CloudFront cache of $distribution"
aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*' \
    --query Invalidation.Id --output text
log "published: $(stack_output SiteUrl)"
