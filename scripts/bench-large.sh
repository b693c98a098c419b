#!/usr/bin/env bash
# Large inputs: one 200 MB transcript, and 20,000 small ones (about 2.4 KB
# each). Times `qualcode code -j 2` on each and prints peak memory, to show
# memory follows the largest document, not the corpus, and that nothing is
# quadratic in the number of files. Data in bench-data-one/ and
# bench-data-many/ (generated once, gitignored). Record in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# PROFILE=profiling: the same optimised code with line tables, for perf.
profile="${PROFILE:-release}"
cargo build --profile "$profile" --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/$profile/qualcode"
[ -f bench-data-one/qualcode.yaml ] || python3 scripts/gen-bench.py bench-data-one --mb 200 --doc-kb 200000
[ -f bench-data-many/qualcode.yaml ] || python3 scripts/gen-bench.py bench-data-many --mb 48.2 --doc-kb 2
for data in bench-data-one bench-data-many; do
    files=$(ls "$data"/transcripts | wc -l)
    bytes=$(cat "$data"/transcripts/*.txt | wc -c)
    cat "$data"/transcripts/*.txt > /dev/null   # warm the page cache
    log=$(mktemp)
    /usr/bin/time -o "$log" -f '%e %M' "$bin" --project "$data" -q -j 2 code > /dev/null
    read -r secs kb < "$log"
    rm -f "$log"
    printf '%-16s %6d files %5d MB  %6.2f s  %6.1f MB/s  peak RSS %5d MB\n' "$data" "$files" \
        "$((bytes / 1000000))" "$secs" "$(echo "$bytes / 1000000 / $secs" | bc -l)" "$((kb / 1024))"
done
