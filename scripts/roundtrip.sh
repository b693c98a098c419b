#!/usr/bin/env bash
# REFI-QDA round trip with real clients: qualcode -> qc (qualitative-coding
# 1.7.8) -> qualcode, and a codebook through Taguette 1.5.2's own importer
# and exporter. Needs python3 and the network once (pip); not part of CI.
# Each step prints what it kept; docs/REFI.md records a run.
#
#   scripts/roundtrip.sh [WORKDIR]    (default: a new temporary folder)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cd "$repo" && cargo build --locked --quiet
qualcode=$repo/target/debug/qualcode
schemas=$repo/tests/fixtures/refi
say() { printf '\n== %s\n' "$*"; }

venv() { # venv DIR PACKAGE==VERSION (qc and taguette pin conflicting deps)
    [ -x "$1/bin/python" ] || { python3 -m venv "$1" && "$1/bin/pip" install -q "$2"; }
}
venv "$work/qc-venv" qualitative-coding==1.7.8
venv "$work/tg-venv" taguette==1.5.2

say "qualcode: export examples/kent"
rm -rf "$work/kent-layout" && mkdir -p "$work/kent-layout/examples"
cp -r "$repo/examples/kent" "$work/kent-layout/examples/"
cp -r "$repo/codebooks" "$work/kent-layout/"
kent=$work/kent-layout/examples/kent
(cd "$kent" && "$qualcode" -q export qdpx -o "$work/kent.qdpx" \
    && "$qualcode" -q export qdc --codebook motivators -o "$work/motivators.qdc" \
    && "$qualcode" -q freq --codebook motivators -f csv > "$work/freq-before.csv" \
    && "$qualcode" -q codebook show motivators -f csv > "$work/motivators.csv")
if command -v xmllint > /dev/null; then
    unzip -p "$work/kent.qdpx" project.qde > "$work/kent.qde"
    xmllint --noout --schema "$schemas/Project.xsd" "$work/kent.qde"
    xmllint --noout --schema "$schemas/Codebook.xsd" "$work/motivators.qdc"
fi

say "qc: import kent.qdpx (qc init --import)"
rm -rf "$work/qc" && mkdir "$work/qc"
# qc 1.7.8 leaves a breakpoint() in its importer (PYTHONBREAKPOINT=0 skips it)
# and looks for sources in lower-case sources/, where REFI-QDA says Sources/.
if ! (cd "$work/qc" && PYTHONBREAKPOINT=0 "$work/qc-venv/bin/qc" init --import "$work/kent.qdpx" > "$work/qc-import.log" 2>&1); then
    echo "qc cannot import the file as written: $(tail -n 1 "$work/qc-import.log")"
    echo "retrying with Sources/ renamed to sources/"
    rm -rf "$work/qc" "$work/lower" && mkdir -p "$work/qc" "$work/lower"
    (cd "$work/lower" && unzip -q "$work/kent.qdpx" && mv Sources sources \
        && zip -q -r "$work/kent-lower.qdpx" project.qde sources)
    (cd "$work/qc" && PYTHONBREAKPOINT=0 "$work/qc-venv/bin/qc" init --import "$work/kent-lower.qdpx" > "$work/qc-import.log" 2>&1)
fi
(cd "$work/qc" && grep -o 'contains [A-Za-z]*, which are not supported by qc' "$work/qc-import.log" | sort -u || true)
(cd "$work/qc" && echo "qc corpus: $(ls corpus | wc -l) documents; coders: $("$work/qc-venv/bin/qc" coders 2>/dev/null | tr '\n' ' ')" \
    && "$work/qc-venv/bin/qc" codes stats 2>/dev/null | head -n 8)

say "qc: export, and qualcode: import qc's qdpx"
(cd "$work/qc" && PYTHONBREAKPOINT=0 "$work/qc-venv/bin/qc" export "$work/from-qc.qdpx" > "$work/qc-export.log" 2>&1)
if command -v xmllint > /dev/null; then
    unzip -p "$work/from-qc.qdpx" project.qde > "$work/from-qc.qde"
    xmllint --noout --schema "$schemas/Project.xsd" "$work/from-qc.qde"
fi
rm -rf "$work/back"
"$qualcode" import qdpx "$work/from-qc.qdpx" --coder qc --into "$work/back" --codebook kent 2>&1 | sed 's/^/  /'
"$qualcode" --project "$work/back" -q check > /dev/null && echo "qualcode check: ok"

say "qualcode -> qualcode (no other tool): the codings come back"
rm -rf "$work/self"
"$qualcode" -q import qdpx "$work/kent.qdpx" --coder refi --into "$work/self" --codebook kent
"$qualcode" --project "$work/self" -q freq --codebook kent -f csv > "$work/freq-after.csv"
echo "codings/refi.csv: $(($(wc -l < "$work/self/codings/refi.csv") - 1)) rows"

say "Taguette: codebook in (CSV: its only import format) and out (QDC)"
# Taguette reads a CSV with a tag, name or path column; qualcode's codebook
# CSV names the id column Id, so it is renamed here.
sed '1s/^Code,Id,/Code,Path,/' "$work/motivators.csv" > "$work/motivators-taguette.csv"
"$work/tg-venv/bin/python" - "$work/motivators.csv" "$work/motivators-taguette.csv" "$work/from-taguette.qdc" <<'EOF'
import sys, types
from taguette.import_codebook import list_tags_csv, InvalidCodebook
from taguette.export import codebook_xml
for path in sys.argv[1:3]:
    try:
        with open(path, "rb") as f:
            tags = list_tags_csv(f)
        print(f"Taguette reads {path.rsplit('/', 1)[-1]}: {len(tags)} tags")
    except InvalidCodebook as e:
        print(f"Taguette refuses {path.rsplit('/', 1)[-1]}: {e.message}")
objs = [types.SimpleNamespace(path=t["path"], description=t["description"]) for t in tags]
with open(sys.argv[3], "wb") as f:
    codebook_xml(objs, f)
print(f"Taguette wrote {len(objs)} codes to from-taguette.qdc")
EOF
if command -v xmllint > /dev/null; then
    xmllint --noout --schema "$schemas/Codebook.xsd" "$work/from-taguette.qdc" 2>&1 | tail -n 1 || true
fi
rm -rf "$work/tg-import" && mkdir "$work/tg-import"
(cd "$work/tg-import" && "$qualcode" import qdc "$work/from-taguette.qdc" --name taguette 2>&1 | sed 's/^/  /')
echo "work folder: $work"
