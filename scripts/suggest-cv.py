#!/usr/bin/env python3
"""Cross-validation of `qualcode suggest` on the development quotes (Python 3,
standard library only).

Each quote becomes a one-turn transcript in a temporary project that loads
every shipped codebook (as scripts/devscore.py does; the ICS case managers'
quotes are left out). A quote's report section maps to code ids through
scripts/devscore-sections.csv; quotes whose section maps to no code are kept
as distractors. The quotes are split into K folds by position (quote i is in
fold i mod K). For each fold, a coder `cv` adds, to every quote outside the
fold, each code its section maps to (codings/cv.csv); `qualcode suggest
--from cv --top 10 --min-score 0` then ranks, for each code cv coded, every
quote that neither cv nor the auto-coding gave that code.

A suggestion is relevant when the quote is in the held-out fold and its
section maps to the code. For each (fold, code) with at least one relevant
candidate, precision at 1, 5 and 10 (relevant among the top k, over k) is
computed, and, as the baseline, the precision of a random order (relevant
candidates over candidates). Figures are macro-averages over those (fold,
code) pairs. Training quotes filed under other sections count as not
relevant even when they would fit the code, so the figures are a lower
bound on what a coder would judge useful.

    scripts/suggest-cv.py [--qualcode BIN] [--folds K] [--json]
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import devscore  # noqa: E402  (the quotes, sections and codebooks it reads)

REPO = os.path.dirname(HERE)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        sys.exit("%s failed (%d):\n%s" % (" ".join(cmd), r.returncode, r.stderr))
    return r.stdout


def project(work, codebooks, quotes):
    """Write the project; the participant line of every quote is line 4."""
    os.mkdir(os.path.join(work, "transcripts"))
    for q in quotes:
        with open(os.path.join(work, "transcripts", q["id"] + ".txt"), "w",
                  encoding="utf-8") as f:
            f.write("---\nid: %s\n---\n%s: %s\n" % (q["id"], q["id"], q["text"]))
    books = ", ".join('"%s"' % os.path.join(codebooks, b + ".yaml") for b in devscore.CODEBOOKS)
    with open(os.path.join(work, "qualcode.yaml"), "w", encoding="utf-8") as f:
        f.write('transcripts: ["transcripts/*.txt"]\ncodebooks: [%s]\n' % books)


def code_ids(qualcode, work):
    """Every code id of the shipped codebooks."""
    ids = set()
    for book in devscore.CODEBOOKS:
        out = json.loads(run([qualcode, "--quiet", "--project", work, "codebook", "show",
                              book, "-f", "json"]))
        ids.update(row["cells"]["id"] for row in out["rows"])
    return ids


def cross_validate(qualcode, codebooks, quotes, labels, folds):
    with tempfile.TemporaryDirectory(prefix="suggest-cv-") as work:
        project(work, codebooks, quotes)
        # A section mapped to a whole codebook (`staircasing`) names no code
        # a coder could add: only code ids are labels.
        ids = code_ids(qualcode, work)
        labels = {q: [c for c in codes if c in ids] for q, codes in labels.items()}
        run([qualcode, "--quiet", "--project", work, "code"])
        auto = set()
        with open(os.path.join(work, "codings", "auto.csv"), newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                auto.add((row["case"], row["code"]))
        pairs = []
        for fold in range(folds):
            test = {q["id"] for i, q in enumerate(quotes) if i % folds == fold}
            train = [q for q in quotes if q["id"] not in test]
            with open(os.path.join(work, "codings", "cv.csv"), "w", newline="",
                      encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(["document", "line", "code", "action"])
                for q in train:
                    for code in labels[q["id"]]:
                        w.writerow(["transcripts/%s.txt" % q["id"], 4, code, "add"])
            run([qualcode, "--quiet", "--project", work, "suggest", "--from", "cv",
                 "--top", "10", "--min-score", "0", "-f", "csv"])
            ranked = OrderedDict()
            with open(os.path.join(work, "codings", "suggestions", "cv.csv"), newline="",
                      encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    ranked.setdefault(row["code"], []).append(row["case"])
            trained = {c for q in train for c in labels[q["id"]]}
            for code in sorted(trained):
                settled = {q["id"] for q in train if code in labels[q["id"]]}
                candidates = [q["id"] for q in quotes
                              if q["id"] not in settled and (q["id"], code) not in auto]
                relevant = {q for q in candidates if q in test and code in labels[q]}
                if not relevant:
                    continue
                top = ranked.get(code, [])
                pair = {"fold": fold, "code": code, "relevant": len(relevant),
                        "candidates": len(candidates),
                        "baseline": len(relevant) / len(candidates)}
                for k in (1, 5, 10):
                    pair["p@%d" % k] = sum(1 for c in top[:k] if c in relevant) / k
                    # The most a perfect ranking could reach: few quotes per fold are relevant.
                    pair["best@%d" % k] = min(len(relevant), k) / k
                pairs.append(pair)
        return pairs


def summary(pairs):
    n = len(pairs)
    mean = lambda key: sum(p[key] for p in pairs) / n if n else 0.0  # noqa: E731
    return OrderedDict([
        ("pairs", n),
        ("codes", len({p["code"] for p in pairs})),
        ("p@1", mean("p@1")), ("p@5", mean("p@5")), ("p@10", mean("p@10")),
        ("baseline", mean("baseline")),
        ("best@5", mean("best@5")), ("best@10", mean("best@10")),
    ])


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
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="every (fold, code) pair as JSON")
    args = ap.parse_args()

    sections = devscore.read_sections(args.sections)
    quotes, labels = [], {}
    for corpus, path in (("ics", args.ics), ("kent", args.kent)):
        for q in devscore.read_quotes(path, corpus):
            if q["staff"]:
                continue
            key = (corpus, q["section"], q["subsection"])
            if key not in sections:
                sys.exit("%s: section %r / %r has no row in devscore-sections.csv"
                         % (q["id"], q["section"], q["subsection"]))
            q["corpus"] = corpus
            quotes.append(q)
            labels[q["id"]] = sections[key]
    codebooks = os.path.abspath(args.codebooks)
    results = OrderedDict()
    for name, subset in (("ICS participants", [q for q in quotes if q["corpus"] == "ics"]),
                         ("Kent participants", [q for q in quotes if q["corpus"] == "kent"]),
                         ("both, pooled", quotes)):
        pairs = cross_validate(args.qualcode, codebooks, subset, labels, args.folds)
        results[name] = {"quotes": len(subset), "summary": summary(pairs), "pairs": pairs}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("%d-fold cross-validation by quote; macro-averages over (fold, code) pairs "
          "with a relevant held-out quote" % args.folds)
    print()
    print("| quotes | n | (fold, code) pairs | codes | P@1 | P@5 | P@10 | random order "
          "| best P@5 | best P@10 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        s = r["summary"]
        print("| %s | %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |" % (
            name, r["quotes"], s["pairs"], s["codes"], s["p@1"], s["p@5"], s["p@10"],
            s["baseline"], s["best@5"], s["best@10"]))


if __name__ == "__main__":
    main()
