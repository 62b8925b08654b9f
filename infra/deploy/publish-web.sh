#!/usr/bin/env bash
# Builds web/ and uploads web/build to the web bucket of a deployed stack, then invalidates
# CloudFront's cache of the pages.
#
#   infra/deploy/publish-web.sh dev|prod
#
# Hashed assets (`_app/immutable/`) are cached for a year (`immutable`); pages and every other
# file must be revalidated (`no-cache`), so a release shows at the next visit. The `.br`/`.gz`
# files of the build are not uploaded: CloudFront compresses for each viewer (Compress: true).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

use_env "${1:-}"
bucket=$(stack_output WebBucket)
distribution=$(stack_output DistributionId)
[ -n "$bucket" ] && [ -n "$distribution" ] || die "stack $STACK has no WebBucket/DistributionId output: deploy first"

# Presigned upload and photo links point at the uploads bucket: the pages' CSP must allow it.
region=${AWS_REGION:-$(aws configure get region || true)}
[ -n "$region" ] || die "no AWS region: set AWS_REGION"
uploads=$(stack_output UploadsBucket)
export BLOB_ORIGIN="https://$uploads.s3.$region.amazonaws.com"
# Large exports answer a 303 to the exports bucket, which the page fetches from.
exports=$(stack_output ExportsBucket)
export EXPORTS_ORIGIN="https://$exports.s3.$region.amazonaws.com"
log "building the web app (uploads from $BLOB_ORIGIN, stored exports from $EXPORTS_ORIGIN)"
"$root/infra/local/web.sh" build
build="$root/web/build"

log "uploading hashed assets to s3://$bucket/_app/immutable (immutable)"
aws s3 sync "$build/_app/immutable/" "s3://$bucket/_app/immutable/" \
    --exclude '*.br' --exclude '*.gz' --cache-control "public, max-age=31536000, immutable"
# Hashed assets of the last release are never deleted here (excluded from --delete): pages
# still open in a browser load them after a release.
log "uploading pages and other files (no-cache)"
aws s3 sync "$build/" "s3://$bucket/" --delete \
    --exclude '_app/immutable/*' --exclude '*.br' --exclude '*.gz' --cache-control "no-cache"
log "invalidating the CloudFront cache of $distribution"
aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*' \
    --query Invalidation.Id --output text
log "published: $(stack_output SiteUrl)"
