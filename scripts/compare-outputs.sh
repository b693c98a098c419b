#!/usr/bin/env bash
# Outputs of two builds side by side on the example projects: every table
# verb, quotes, kwic, codings, suggest, gaps, sample, agree and report, run
# by each binary on its own copy of examples/kent and examples/ics (after
# `code`). Prints each command whose output (stdout, stderr and exit code)
# differs, with the first lines of the difference; exits 1 if any does.
# For refactors that promise byte-identical output (issue 19).
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY
#
# Both binaries should be named `qualcode` (usage errors print the name).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
old=$(realpath "$1"); new=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for side in old new; do
    mkdir -p "$work/$side"
    cp -r examples/kent examples/ics "$work/$side/"
done

run() { # binary project command...
    local bin=$1 dir=$2; shift 2
    "$bin" --project "$dir" "$@" 2>&1 | sed "s#$work/[a-z]*#PROJECT#g" || true
    echo "exit: ${PIPESTATUS[0]}"
}

commands=(
    "check"
    "check --format json"
    "freq --codebook motivators"
    "freq --codebook barriers --by site"
    "freq --codebook barriers --by cohort --format csv"
    "cooccur --codebook motivators"
    "cooccur --codebook barriers"
    "grid --codebook motivators"
    "profile"
    "personas"
    "personas --by cohort"
    "personas --format json"
    "quotes --code motivators.extrinsic.finance"
    "quotes --code motivators --by cohort"
    "quotes --uncoded --codebook motivators"
    "kwic money"
    "kwic money --code motivators"
    "codings list"
    "codings list --code motivators.extrinsic"
    "codings list --coder ana --code motivators"
    "agree --coders ana,ben"
    "agree --coders auto,ana"
    "agree --coders ana,ben --unit case"
    "agree --coders auto,ana --disagreements"
    "agree --coders ana,ben --disagreements --format csv"
    "agree --coders auto,eva"
    "suggest --from ana"
    "suggest --from ana --code motivators.extrinsic"
    "codebook gaps --from ana"
    "codebook gaps --from ana --code motivators"
    "sample --size 6 --seed 3 --coder zed --codebook motivators"
    "sample --size 6 --seed 4 --coder zed2 --stratify case"
    "report -o -"
    "report -o - --validity eva"
    "report -o - --suppress-below 3"
)
differ=0
for project in kent ics; do
    "$old" --project "$work/old/$project" --quiet code >/dev/null 2>&1 || true
    "$new" --project "$work/new/$project" --quiet code >/dev/null 2>&1 || true
    for line in "${commands[@]}"; do
        read -r -a args <<< "$line"
        a=$(run "$old" "$work/old/$project" "${args[@]}")
        b=$(run "$new" "$work/new/$project" "${args[@]}")
        if [ "$a" != "$b" ]; then
            differ=$((differ + 1))
            echo "differs: $project: $line"
            diff <(echo "$a") <(echo "$b") | head -n 10 || true
        fi
    done
done
# Files the commands wrote (samples, suggestions), not the index, whose
# header records when it was made.
if ! diff -r -x corpus.index "$work/old" "$work/new" >/dev/null; then
    differ=$((differ + 1))
    echo "differs: the files written"
    diff -r -x corpus.index "$work/old" "$work/new" | head -n 10 || true
fi
echo "${#commands[@]} commands on 2 projects: $differ differ"
[ "$differ" -eq 0 ]
