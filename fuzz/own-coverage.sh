#!/usr/bin/env bash
# Edges of qualcode's own source files that a fuzz corpus reaches.
#
#   fuzz/own-coverage.sh TARGET CORPUS_DIR [PATH_FILTER]
#
# libFuzzer's own "cov:" figure counts edges in every library a target
# drives (the YAML parser, regex, std), which keeps growing long after the
# parser under test has stopped yielding new paths. This runs the corpus
# once with -print_coverage=1 and sums, per file of ../src (or of the files
# whose path contains PATH_FILTER), the edges covered out of the edges
# instrumented. Comparing two snapshots of a corpus taken some time apart
# shows whether fuzzing still finds new paths in qualcode's code.
#
# -print_coverage needs a sanitizer runtime to symbolize, so the target is
# built with the address sanitizer into its own target directory:
#   RUSTC_BOOTSTRAP=1 cargo fuzz build --sanitizer address -O --target-dir /tmp/fuzz-asan
set -euo pipefail

target=${1:?usage: own-coverage.sh TARGET CORPUS_DIR [PATH_FILTER]}
corpus=${2:?usage: own-coverage.sh TARGET CORPUS_DIR [PATH_FILTER]}
filter=${3:-}
[[ -d $corpus ]] || { echo "no corpus directory $corpus" >&2; exit 2; }
corpus=$(cd "$corpus" && pwd)   # the run below changes directory
here=$(cd "$(dirname "$0")" && pwd)
src="$(dirname "$here")/src/"
bin=${FUZZ_ASAN_DIR:-/tmp/fuzz-asan}/x86_64-unknown-linux-gnu/release/$target
[[ -x $bin ]] || { echo "no $bin: build it first (see the comment at the top)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# -print_coverage writes to stderr after the run; the corpus is only read.
(cd "$work" && "$bin" -runs=0 -max_len=1048576 -print_coverage=1 "$corpus" 2>"$work/log" >/dev/null) || {
    echo "the target failed on the corpus; see a crash above" >&2
    tail -n 20 "$work/log" >&2
    exit 1
}
# Lines look like:
#   COVERED_FUNC: hits: 12 edges: 26/44 <name> /path/src/ingest/mod.rs:23
#   UNCOVERED_FUNC: hits: 0 edges: 0/5 <name> /path/src/x.rs:9
grep -E '^ *(UN)?COVERED_FUNC: ' "$work/log" |
    awk -v src="$src" -v filter="$filter" '
    {
        loc = $NF; sub(/:[0-9]+$/, "", loc)
        if (index(loc, src) != 1) next
        file = substr(loc, length(src) + 1)
        if (filter != "" && index(file, filter) == 0) next
        split($5, e, "/")
        covered[file] += e[1]; total[file] += e[2]
        all_c += e[1]; all_t += e[2]
    }
    END {
        for (f in total) printf "%-36s %6d / %6d\n", f, covered[f], total[f] | "sort"
        close("sort")
        printf "%-36s %6d / %6d\n", "all", all_c, all_t
    }'
