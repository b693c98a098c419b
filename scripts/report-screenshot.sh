#!/bin/sh
# Look at `qualcode report` as a reader would: a screenshot of the page in
# headless Chromium and the printed (PDF) pages as PNGs, for each example.
# Needs chromium and poppler-utils (pdftoppm). Output in ${OUT:-/tmp/qualcode-report}.
#   scripts/report-screenshot.sh            both examples
#   scripts/report-screenshot.sh kent       one
set -eu
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/qualcode-report}
mkdir -p "$OUT"
cargo build --quiet
for name in ${@:-kent ics}; do
    html="$OUT/$name.html"
    ./target/debug/qualcode --quiet --project "examples/$name" report -o "$html" --date "Example report"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --screenshot="$OUT/$name.png" --window-size=1200,3000 "file://$(realpath "$html")" 2>/dev/null
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --print-to-pdf="$OUT/$name.pdf" "file://$(realpath "$html")" 2>/dev/null
    rm -f "$OUT/$name-page"-*.png
    pdftoppm -png -r 50 "$OUT/$name.pdf" "$OUT/$name-page"
    echo "$name: $OUT/$name.png, $(ls "$OUT/$name-page"-*.png | wc -l) printed pages as $OUT/$name-page-*.png"
done
