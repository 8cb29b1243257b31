#!/usr/bin/env bash
# Compile GOV.UK Frontend with Arial and our asset path, and copy the JS and images (never the GDS
# Transport fonts: this service is not on GOV.UK).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=node_modules/govuk-frontend/dist/govuk
OUT=static/govuk
rm -rf "$OUT" && mkdir -p "$OUT/assets"
cp "$SRC/govuk-frontend.min.js" "$OUT/"
cp -r "$SRC/assets/images" "$OUT/assets/"
cp "$SRC/assets/manifest.json" "$OUT/assets/" 2>/dev/null || true
node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps \
  static/src/app.scss "$OUT/app.css"
if grep -q "GDS Transport" "$OUT/app.css"; then
  echo "build-assets: the compiled CSS still names GDS Transport" >&2; exit 1
fi
echo "Assets built into $OUT"
