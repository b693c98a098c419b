#!/usr/bin/env bash
# One large transcript against many small ones, side by side in one run:
# `qualcode code -j 2` on one 200 MB transcript (bench-data-one/, 290,000
# participant turns) and on the 100 MB corpus of 1,985 transcripts of
# 50 KB (bench-data/, as scripts/bench.sh), then the ratio of their time
# per MB (1.00: the large file codes as fast per MB as the small ones;
# above 1: slower). Prints the median of RUNS runs (default 3) of wall and
# CPU (user + sys) seconds, and peak RSS, which for the one file shows the
# memory a large transcript takes (a multiple of its size; the limit is
# `MAX_TRANSCRIPT_BYTES`, 256 MB). With MANY=1 also 20,014 transcripts of
# 2.4 KB (bench-data-many/), to show nothing is quadratic in the number of
# files. Data generated once (gitignored). Record in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# PROFILE=profiling: the same optimised code with line tables, for perf.
profile="${PROFILE:-release}"
runs="${RUNS:-3}"
# BIN=path: time that binary instead of building one.
if [ -z "${BIN:-}" ]; then
    cargo build --profile "$profile" --locked --quiet
fi
bin="${BIN:-${CARGO_TARGET_DIR:-target}/$profile/qualcode}"
[ -f bench-data-one/qualcode.yaml ] || python3 scripts/gen-bench.py bench-data-one --mb 200 --doc-kb 200000
[ -f bench-data/qualcode.yaml ] || python3 scripts/gen-bench.py bench-data --mb 100
corpora=(bench-data-one bench-data)
if [ "${MANY:-0}" = 1 ]; then
    [ -f bench-data-many/qualcode.yaml ] || python3 scripts/gen-bench.py bench-data-many --mb 48.2 --doc-kb 2
    corpora+=(bench-data-many)
fi
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (modified)'), profile $profile, $runs runs each"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
declare -A per_mb per_wall
for data in "${corpora[@]}"; do
    files=$(ls "$data"/transcripts | wc -l)
    bytes=$(cat "$data"/transcripts/*.txt | wc -c)
    cat "$data"/transcripts/*.txt > /dev/null   # warm the page cache
    log=$(mktemp)
    walls=() cpus=() kb=0
    for _ in $(seq "$runs"); do
        /usr/bin/time -o "$log" -f '%e %U %S %M' "$bin" --project "$data" -q -j 2 code > /dev/null
        read -r secs user sys k < "$log"
        walls+=("$secs")
        cpus+=("$(echo "$user + $sys" | bc -l)")
        [ "$k" -gt "$kb" ] && kb=$k
    done
    rm -f "$log"
    wall=$(printf '%s\n' "${walls[@]}" | median)
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    mb=$(echo "$bytes / 1000000" | bc -l)
    per_mb[$data]=$(echo "$cpu / $mb" | bc -l)
    printf '%-16s %5d files %4.0f MB  wall %6.2f s (%5.1f MB/s)  CPU %6.2f s (%5.1f MB per CPU-s)  peak RSS %5d MB (%.1fx the largest file)\n' \
        "$data" "$files" "$mb" "$wall" "$(echo "$mb / $wall" | bc -l)" "$cpu" "$(echo "$mb / $cpu" | bc -l)" \
        "$((kb / 1024))" "$(echo "$kb * 1024 / $(ls -l "$data"/transcripts/ | awk 'NR > 1 { if ($5 > m) m = $5 } END { print m }')" | bc -l)"
    per_wall[$data]=$(echo "$wall / $mb" | bc -l)
done
printf 'one 200 MB transcript / 100 MB of small ones, time per MB: wall %.2fx, CPU %.2fx\n' \
    "$(echo "${per_wall[bench-data-one]} / ${per_wall[bench-data]}" | bc -l)" \
    "$(echo "${per_mb[bench-data-one]} / ${per_mb[bench-data]}" | bc -l)"
