#!/usr/bin/env bash
# Uploads the built site (site/public) to a deployed stack's bucket and refreshes CloudFront:
#   - fingerprinted assets (name.<64 hex digits>.css|js) are cached a year, immutable;
#   - pages, the iCalendar file (text/calendar) and everything else are cached five minutes;
#   - pages the build no longer has are deleted (old fingerprinted assets stay, so a page
#     cached just before the upload still finds its stylesheet);
#   - CloudFront forgets exactly the objects that changed (everything, past 100 of them).
# It prints what it did and where the site is. Needs the AWS CLI v2 and credentials.
#
# Usage: infra/deploy/site.sh STACK_NAME REGION [SITE_DIR]
set -euo pipefail

stack=${1:?usage: site.sh STACK_NAME REGION [SITE_DIR]}
region=${2:?usage: site.sh STACK_NAME REGION [SITE_DIR]}
dir=${3:-site/public}
[ -f "$dir/index.html" ] || { echo "no built site in $dir (run: make site)" >&2; exit 2; }

output() {
  aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
bucket=$(output SiteBucketName)
distribution=$(output SiteDistributionId)
address=$(output SiteAddress)
[ -n "$bucket" ] && [ "$bucket" != None ] || { echo "stack $stack in $region has no SiteBucketName output" >&2; exit 1; }

hex=$(printf '[0-9a-f]%.0s' $(seq 64))
fingerprinted="*.${hex}.*"
long='public, max-age=31536000, immutable'
short='public, max-age=300'
log=$(mktemp)
trap 'rm -f "$log"' EXIT

sync() { aws s3 sync "$dir" "s3://$bucket" --region "$region" --no-progress "$@" | tee -a "$log"; }
sync --exclude '*' --include "$fingerprinted" --cache-control "$long"
sync --exclude '*' --include '*.ics' --content-type 'text/calendar; charset=utf-8' --cache-control "$short"
sync --delete --exclude "$fingerprinted" --exclude '*.ics' --cache-control "$short"

# "upload: site/public/a/index.html to s3://bucket/a/index.html", "delete: s3://bucket/b.html"
mapfile -t changed < <(sed -n -E "s#^(upload: .* to |delete: )s3://$bucket(/.*)\$#\2#p" "$log" | grep -v -E '\.[0-9a-f]{64}\.' || true)
uploaded=$(grep -c '^upload: ' "$log" || true)
deleted=$(grep -c '^delete: ' "$log" || true)
echo "uploaded $uploaded files, deleted $deleted, to s3://$bucket"

if [ "${#changed[@]}" -eq 0 ]; then
  echo "no page changed: nothing to invalidate"
else
  paths=("${changed[@]}")
  [ "${#changed[@]}" -le 100 ] || paths=('/*')
  id=$(aws cloudfront create-invalidation --distribution-id "$distribution" --paths "${paths[@]}" \
         --query Invalidation.Id --output text)
  echo "CloudFront invalidation $id for ${#paths[@]} path(s) (${#changed[@]} changed); done within minutes"
fi
echo "the site: $address"
