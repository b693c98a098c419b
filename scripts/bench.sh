#!/usr/bin/env bash
# Benchmark the whole `qualcode code` run on a generated corpus.
#
#   scripts/bench.sh [MB]        (default 100; data in bench-data/, gitignored)
#
# Builds the release binary (PROFILE=profiling: with line tables, for
# perf), generates the corpus if it is missing, then
# times `code` with 1 and 2 threads (wall time, MB/s, peak RSS from
# /usr/bin/time), checks auto.csv is byte-identical across thread counts,
# and times `freq` and a cross-tab on the result. Each command runs RUNS
# times (default 5; shared machines vary by ±20% from run to run) and the
# median, best and worst wall times are printed. Record the figures in
# BENCHMARKS.md with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mb="${1:-100}"
runs="${RUNS:-5}"
data="bench-data"
[ "$mb" != 100 ] && data="bench-data-$mb"

# PROFILE=profiling: the same optimised code with line tables, for perf.
profile="${PROFILE:-release}"
cargo build --profile "$profile" --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/$profile/qualcode"
if [ ! -f "$data/qualcode.yaml" ]; then
    python3 scripts/gen-bench.py "$data" --mb "$mb"
fi
bytes=$(cat "$data"/transcripts/*.txt | wc -c)
echo "corpus: $data, $((bytes / 1000000)) MB in $(ls "$data"/transcripts | wc -l) transcripts"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(rustc --version); load $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # label, command...
    local label="$1"; shift
    local log walls=() cpus=() kb=0 secs user sys k
    log=$(mktemp)
    for _ in $(seq "$runs"); do
        /usr/bin/time -o "$log" -f '%e %U %S %M' "$@" > /dev/null
        read -r secs user sys k < "$log"
        walls+=("$secs")
        cpus+=("$(echo "$user + $sys" | bc -l)")
        [ "$k" -gt "$kb" ] && kb=$k
    done
    rm -f "$log"
    mapfile -t walls < <(printf '%s\n' "${walls[@]}" | sort -n)
    mapfile -t cpus < <(printf '%s\n' "${cpus[@]}" | sort -n)
    local median=${walls[$(( ${#walls[@]} / 2 ))]} best=${walls[0]} worst=${walls[-1]}
    local cpu=${cpus[$(( ${#cpus[@]} / 2 ))]}
    LAST_WALL=$median
    LAST_CPU=$cpu
    # CPU (user + sys) varies less than wall time on a shared machine.
    printf '%-34s median %5.2f s  %6.1f MB/s  (best %.2f s, worst %.2f s)  CPU %5.2f s  peak RSS %4d MB\n' \
        "$label" "$median" "$(echo "$bytes / 1000000 / $median" | bc -l)" "$best" "$worst" "$cpu" "$((kb / 1024))"
}

# Warm the page cache so both runs read from memory.
cat "$data"/transcripts/*.txt > /dev/null
for threads in 1 2; do
    measure "code -j $threads" "$bin" --project "$data" -q -j "$threads" code
    cp "$data/codings/auto.csv" "/tmp/qualcode-bench-auto-$threads.csv"
done
code_wall=$LAST_WALL
code_cpu=$LAST_CPU
if cmp -s /tmp/qualcode-bench-auto-1.csv /tmp/qualcode-bench-auto-2.csv; then
    echo "auto.csv identical for -j 1 and -j 2 ($(wc -l < /tmp/qualcode-bench-auto-1.csv) lines)"
else
    echo "FAIL: auto.csv differs between -j 1 and -j 2" >&2
    exit 1
fi
measure "freq --codebook book0" "$bin" --project "$data" -q freq --codebook book0 -f csv
measure "freq --codebook book0 --by site" "$bin" --project "$data" -q freq --codebook book0 --by site -f csv
# The reference in the same run: pyahocorasick with word boundaries (one
# thread, literal words and phrases only), as ratios.
if python3 -c 'import ahocorasick, yaml' 2>/dev/null; then
    ref=$(python3 scripts/ref-aho.py "$data")
    ref_wall=$(echo "$ref" | awk '{print $3}')
    ref_cpu=$(echo "$ref" | awk '{print $6}')
    echo "reference (pyahocorasick + word boundaries): $ref"
    printf 'code -j 2 vs the reference: wall %.2f s vs %.2f s = %.1fx faster; CPU %.2f s vs %.2f s = %.1fx\n' \
        "$code_wall" "$ref_wall" "$(echo "$ref_wall / $code_wall" | bc -l)" \
        "$code_cpu" "$ref_cpu" "$(echo "$ref_cpu / $code_cpu" | bc -l)"
else
    echo "reference skipped: pip install pyahocorasick pyyaml"
fi
