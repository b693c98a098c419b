#!/usr/bin/env bash
# Tables at the speed of the scan (issue 19): `code`, then `freq`,
# `freq --by site` and `report` on 20,014 short transcripts (about 400
# words each, 48 MB; 200 codes, 1,200 patterns), with the index
# (codings/corpus.index) and without it (as before it existed: every
# transcript read and parsed again), and pyahocorasick as the reference
# for `code`, all in one run so the ratios hold on a busy machine.
#
#   scripts/bench-tables.sh [BINARY]   (default: builds target/release/qualcode)
#
# Data in bench-data-20k/ (generated once, gitignored). Each command runs
# RUNS times (default 5): median wall and CPU (user+sys) seconds, peak RSS.
# Record the figures in BENCHMARKS.md with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-5}"
bin="${1:-}"
if [ -z "$bin" ]; then
    cargo build --release --locked --quiet
    bin=target/release/qualcode
fi
data=bench-data-20k
[ -f "$data/qualcode.yaml" ] || python3 scripts/gen-bench.py "$data" --mb 48.2 --doc-kb 2
# A corpus being analysed was written a while before it is coded; a
# transcript modified less than two seconds before `code` is hashed by
# every later command (docs/INDEX.md), which a freshly generated corpus is.
find "$data/transcripts" -type f -newermt '-1 minute' -exec touch -d '-1 hour' {} +
bytes=$(cat "$data"/transcripts/* | wc -c)
echo "corpus: $data, $((bytes / 1000000)) MB in $(ls "$data"/transcripts | wc -l) transcripts"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M UTC')"
echo "binary: $bin ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"

measure() { # label, command...
    local label="$1"; shift
    local log walls=() cpus=() kb=0 w u s k
    log=$(mktemp)
    for _ in $(seq "$runs"); do
        /usr/bin/time -o "$log" -f '%e %U %S %M' "$@" > /dev/null
        read -r w u s k < "$log"
        walls+=("$w")
        cpus+=("$(echo "$u + $s" | bc -l)")
        [ "$k" -gt "$kb" ] && kb=$k
    done
    rm -f "$log"
    mapfile -t walls < <(printf '%s\n' "${walls[@]}" | sort -n)
    mapfile -t cpus < <(printf '%s\n' "${cpus[@]}" | sort -n)
    local mid=$(( ${#walls[@]} / 2 ))
    printf '%-40s wall %6.2f s (best %5.2f)  cpu %6.2f s  peak RSS %5d MB\n' \
        "$label" "${walls[$mid]}" "${walls[0]}" "${cpus[$mid]}" "$((kb / 1024))"
    LAST_WALL=${walls[$mid]}
    LAST_CPU=${cpus[$mid]}
}

cat "$data"/transcripts/* > /dev/null # warm the page cache
q=("$bin" --project "$data" -q)
measure "code -j 2" "${q[@]}" -j 2 code
code_cpu=$LAST_CPU
measure "freq --codebook book0" "${q[@]}" freq --codebook book0 -f csv
measure "freq --codebook book0 --by site" "${q[@]}" freq --codebook book0 --by site -f csv
measure "report" "${q[@]}" report -o /tmp/qualcode-bench-report.html
index="$data/codings/corpus.index"
mv "$index" "$index.aside"
trap 'mv "$index.aside" "$index" 2>/dev/null || true' EXIT
measure "freq --codebook book0, no index" "${q[@]}" freq --codebook book0 -f csv
measure "freq --by site, no index" "${q[@]}" freq --codebook book0 --by site -f csv
mv "$index.aside" "$index"
if python3 -c 'import ahocorasick, yaml' 2>/dev/null; then
    ref=$(python3 scripts/ref-aho.py "$data")
    ref_cpu=$(echo "$ref" | awk '{print $6}')
    echo "reference (pyahocorasick + word boundaries): $ref"
    printf 'code CPU time vs the reference: %.2f s vs %.2f s = %.1fx faster\n' \
        "$code_cpu" "$ref_cpu" "$(echo "$ref_cpu / $code_cpu" | bc -l)"
else
    echo "reference skipped: pip install pyahocorasick pyyaml"
fi
