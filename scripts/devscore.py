#!/usr/bin/env python3
"""Development scorer for the shipped codebooks (Python 3, standard library only).

Codes report quotes with the built `qualcode` binary, one transcript per
quote in a temporary project that loads every shipped codebook, and prints
how often a quote gets a code that stands for the report section (and
sub-heading) its authors filed it under, how many quotes get no code at all,
and how many distinct codes a quote gets on average.

    scripts/devscore.py [--qualcode BIN] [--codebooks DIR] [--quotes] [--json]

Inputs (defaults relative to the repository):
  ../shared/domain/ics_dev_quotes.csv   ICS evaluation quotes (cohort label; ICSM = staff)
  ../shared/domain/kent_quotes.csv      Kent NOW report quotes (all participants)
  scripts/devscore-sections.csv         report section/sub-heading -> code ids, by meaning

A quote "hits" when one of its codes is, or lies under, one of the code ids
its section maps to. Sections that map to no code (staff policy, tools) are
left out of recall but still count in the uncoded share and codings per
quote. ICS quotes are split in two halves by position in the file (1st, 3rd,
5th... = half A, used for tuning; 2nd, 4th... = half B, held out) so that a
change tuned on A can be checked on B. Figures on data the patterns were
tuned on flatter them: treat them as development figures only.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import OrderedDict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODEBOOKS = ["barriers", "life_on_benefit", "motivators", "outcomes",
             "recruitment", "service", "staircasing"]


def read_sections(path):
    """(corpus, section, subsection) -> list of code id prefixes."""
    sections = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["corpus"], row["section"], row["subsection"])
            sections[key] = row["codes"].split()
    return sections


def read_quotes(path, corpus):
    quotes = []
    with open(path, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if corpus == "ics":
                staff = row["label"] == "ICSM"
                cohort = row["label"]
            else:
                staff = False
                cohort = row.get("site", "")
            quotes.append({
                "id": row["quote_id"],
                "staff": staff,
                "cohort": cohort,
                "section": row["section"],
                "subsection": row["subsection"],
                "text": " ".join(row["text"].split()),
                "half": "A" if i % 2 == 0 else "B",
            })
    return quotes


def code_quotes(qualcode, codebooks, quotes):
    """Codes each quote as its own transcript; returns quote id -> set of codes."""
    with tempfile.TemporaryDirectory(prefix="devscore-") as work:
        os.mkdir(os.path.join(work, "transcripts"))
        for q in quotes:
            with open(os.path.join(work, "transcripts", q["id"] + ".txt"), "w",
                      encoding="utf-8") as f:
                f.write("---\nid: %s\n---\n%s: %s\n" % (q["id"], q["id"], q["text"]))
        with open(os.path.join(work, "cases.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            # `role` is the attribute qualcode reads a case's role from: the
            # case managers' quotes are staff speech, which codebooks with
            # `applies_to: [participant]` do not code.
            w.writerow(["id", "cohort", "role"])
            for q in quotes:
                w.writerow([q["id"], q["cohort"], "staff" if q["staff"] else "participant"])
        books = ", ".join('"%s"' % os.path.join(codebooks, b + ".yaml") for b in CODEBOOKS)
        with open(os.path.join(work, "qualcode.yaml"), "w", encoding="utf-8") as f:
            f.write('transcripts: ["transcripts/*.txt"]\ncodebooks: [%s]\n'
                    "cases: cases.csv\n" % books)
        run = subprocess.run([qualcode, "--quiet", "--project", work, "code"],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            sys.exit("qualcode code failed (%d):\n%s" % (run.returncode, run.stderr))
        coded = {q["id"]: set() for q in quotes}
        with open(os.path.join(work, "codings", "auto.csv"), newline="",
                  encoding="utf-8") as f:
            for row in csv.DictReader(f):
                coded.setdefault(row["case"], set()).add(row["code"])
        return coded


def under(code, prefixes):
    return any(code == p or code.startswith(p + ".") for p in prefixes)


def score(quotes, coded, sections, corpus):
    """Per-section and summary figures for a list of quotes."""
    per_section = OrderedDict()
    hits = mapped = uncoded = codings = 0
    for q in quotes:
        key = (corpus, q["section"], q["subsection"])
        if key not in sections:
            sys.exit("%s: section %r / %r has no row in devscore-sections.csv"
                     % (q["id"], q["section"], q["subsection"]))
        codes = coded.get(q["id"], set())
        codings += len(codes)
        uncoded += not codes
        prefixes = sections[key]
        name = q["section"] + (" / " + q["subsection"] if q["subsection"] else "")
        row = per_section.setdefault(name, {"n": 0, "hit": 0, "mapped": bool(prefixes)})
        row["n"] += 1
        if prefixes:
            mapped += 1
            hit = any(under(c, prefixes) for c in codes)
            hits += hit
            row["hit"] += hit
    n = len(quotes)
    return {
        "quotes": n,
        "mapped": mapped,
        "hits": hits,
        "recall": hits / mapped if mapped else 0.0,
        "uncoded": uncoded,
        "uncoded_share": uncoded / n if n else 0.0,
        "codings_per_quote": codings / n if n else 0.0,
        "sections": per_section,
    }


def pct(x):
    return "%.0f%%" % (100 * x)


def summary_line(label, s):
    return "| %s | %d | %d/%d (%s) | %d (%s) | %.2f |" % (
        label, s["quotes"], s["hits"], s["mapped"], pct(s["recall"]),
        s["uncoded"], pct(s["uncoded_share"]), s["codings_per_quote"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--qualcode", default=os.path.join(REPO, "target", "debug", "qualcode"))
    ap.add_argument("--codebooks", default=os.path.join(REPO, "codebooks"))
    ap.add_argument("--ics", default=os.path.join(REPO, "..", "shared", "domain",
                                                  "ics_dev_quotes.csv"))
    ap.add_argument("--kent", default=os.path.join(REPO, "..", "shared", "domain",
                                                   "kent_quotes.csv"))
    ap.add_argument("--sections", default=os.path.join(REPO, "scripts",
                                                       "devscore-sections.csv"))
    ap.add_argument("--quotes", action="store_true", help="list every quote with its codes")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    sections = read_sections(args.sections)
    ics = read_quotes(args.ics, "ics")
    kent = read_quotes(args.kent, "kent")
    coded_ics = code_quotes(args.qualcode, os.path.abspath(args.codebooks), ics)
    coded_kent = code_quotes(args.qualcode, os.path.abspath(args.codebooks), kent)

    part = [q for q in ics if not q["staff"]]
    results = OrderedDict([
        ("ICS participants, half A (tuning)",
         score([q for q in part if q["half"] == "A"], coded_ics, sections, "ics")),
        ("ICS participants, half B (held out)",
         score([q for q in part if q["half"] == "B"], coded_ics, sections, "ics")),
        ("ICS participants, all", score(part, coded_ics, sections, "ics")),
        ("ICS case managers (staff)",
         score([q for q in ics if q["staff"]], coded_ics, sections, "ics")),
        ("Kent participants", score(kent, coded_kent, sections, "kent")),
    ])
    if args.json:
        print(json.dumps(results, indent=2))
        return

    print("| quotes | n | heading recall | no code | codes per quote |")
    print("|---|---:|---:|---:|---:|")
    for label, s in results.items():
        print(summary_line(label, s))
    for corpus, quotes, coded, label in (
            ("ics", part, coded_ics, "ICS participants, all"),
            ("kent", kent, coded_kent, "Kent participants")):
        print("\n%s, per section (hit / quotes; '-' = section maps to no code)" % label)
        for name, row in results[label]["sections"].items():
            hit = "%d/%d" % (row["hit"], row["n"]) if row["mapped"] else "-/%d" % row["n"]
            print("  %-7s %s" % (hit, name))
        if args.quotes:
            print()
            for q in quotes:
                prefixes = sections[(corpus, q["section"], q["subsection"])]
                codes = sorted(coded.get(q["id"], ()))
                mark = ("HIT " if any(under(c, prefixes) for c in codes) else "miss") \
                    if prefixes else "    "
                print("  %s %s [%s] %s" % (mark, q["id"], q["half"],
                                           ", ".join(codes) or "(no code)"))
    if args.quotes:
        print("\nICS case managers")
        for q in ics:
            if q["staff"]:
                print("  %s %s" % (q["id"], ", ".join(sorted(coded_ics[q["id"]])) or "(no code)"))


if __name__ == "__main__":
    main()
