#!/usr/bin/env bash
# Time the inputs of issue 18 that were quadratic: one unpunctuated turn
# coded with a negation window, a REFI-QDA codebook whose Description
# holds many unknown elements (siblings; nested ones beyond 256 levels are
# refused), and a transcript in which every turn has a speaker label of its
# own. Each size is generated in a temporary folder; nothing is kept.
#
#   scripts/bench-attacks.sh [BINARY]   (default: builds target/$PROFILE/qualcode,
#                                        PROFILE=release unless set)
#
# Prints wall time and peak RSS (from /usr/bin/time) per size; a linear
# implementation doubles its time when the size doubles, a quadratic one
# quadruples it. Record the figures in BENCHMARKS.md with date and machine.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-}"
if [ -z "$bin" ]; then
    # PROFILE=profiling: the same optimised code with line tables, for perf.
    profile="${PROFILE:-release}"
    (cd "$here" && cargo build --profile "$profile" --locked --quiet)
    bin="${CARGO_TARGET_DIR:-$here/target}/$profile/qualcode"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "binary: $bin"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(date -u +%F)"

timed() { # label, command... (run in the current folder)
    local label="$1"; shift
    local out rc
    out=$( { /usr/bin/time -f '%e s, %M KB' "$@" >/dev/null 2>"$tmp/err"; } 2>&1 ) && rc=0 || rc=$?
    printf '%-44s %s (exit %s)\n' "$label" "$(tail -1 "$tmp/err")" "$rc"
}

project() { # folder, codebook options: a project coding `money` and `wages`
    mkdir -p "$1/transcripts" "$1/codebooks"
    printf 'transcripts: ["transcripts/*.txt"]\ncodebooks: ["codebooks/*.yaml"]\n' >"$1/qualcode.yaml"
    printf 'codebook: m\n%bcodes:\n  - id: money\n    label: Money\n    patterns: [money, wages]\n' "$2" >"$1/codebooks/m.yaml"
}

# 1. One unpunctuated turn ("money and the wages " repeated), negation: 3.
for kb in 50 100 200 400 800 1600 3200; do
    p="$tmp/turn-$kb"
    project "$p" 'negation: 3\n'
    python3 -c "import sys; n=$kb*1024//20; sys.stdout.write('Interviewer: Tell me.\nParticipant: ' + 'money and the wages ' * n + '\n')" >"$p/transcripts/a.txt"
    (cd "$p" && timed "code, one turn of $kb KB, negation 3" "$bin" -q code)
done

# 2. A .qdc whose Description holds N unknown sibling elements.
for n in 50000 100000 200000 400000; do
    f="$tmp/desc-$n.qdc"
    python3 -c "import sys; sys.stdout.write('<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes><Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"a\" isCodable=\"true\"><Description>' + '<i>x</i>' * $n + '</Description></Code></Codes></CodeBook>\n')" >"$f"
    (cd "$tmp" && timed "import qdc, Description of $n elements" "$bin" import qdc "$f" --name "d$n" --force)
done

# 3. One transcript of N turns, each with a speaker label of its own.
for n in 25000 50000 100000 200000; do
    p="$tmp/labels-$n"
    project "$p" ''
    python3 -c "import sys; sys.stdout.write(''.join(f'Person {i}: the money and the wages\n' for i in range($n)))" >"$p/transcripts/a.txt"
    (cd "$p" && timed "code, $n turns of $n speaker labels" "$bin" -q code)
done
