#!/usr/bin/env python3
"""Generate a synthetic qualcode project for benchmarks (deterministic).

    scripts/gen-bench.py [DIR] [--mb 100] [--codes 200] [--doc-kb 50]

Writes DIR/qualcode.yaml, DIR/cases.csv, DIR/codebooks/*.yaml and
DIR/transcripts/*.txt: about --mb megabytes of interviews (Interviewer and
participant turns), and codebooks with --codes codes of 6 patterns each
(words, phrases, `word*` wildcards, a few regexes, `near` pairs and `not`
vetoes). Every code has an example its patterns match, so `qualcode check`
passes. The text is made of invented words so that hit rates are controlled:
about one participant sentence in three carries a pattern word.
"""

import argparse
import os
import random

SYLLABLES = ["ka", "lo", "mi", "ta", "ren", "vo", "sul", "pe", "dra", "nik", "hu", "zel",
             "bo", "fa", "qui", "ster", "an", "op", "ju", "wex", "ly", "cor", "ti", "gam"]
COMMON = ("the a and to of i it was that my in for on but so we just they is you "
          "had have when what with there then about at like know really were be "
          "get got go went not because would could all one time back more out").split()


def word(rng, n):
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default="bench-data")
    ap.add_argument("--mb", type=float, default=100.0)
    ap.add_argument("--codes", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--doc-kb", type=float, default=50.0,
                    help="size of each transcript in KB (default 50); with --mb 200 "
                         "--doc-kb 200000, one 200 MB transcript")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    # Distinct invented terms for patterns, and a filler vocabulary.
    terms = set()
    while len(terms) < args.codes * 8:
        terms.add(word(rng, rng.choice([3, 4])))
    terms = sorted(terms)
    rng.shuffle(terms)
    filler = sorted({word(rng, rng.choice([1, 2, 2, 3])) for _ in range(4000)} - set(terms))
    filler += COMMON * 20

    # Codebooks: 4 books, parents of 10 children each.
    os.makedirs(os.path.join(args.dir, "codebooks"), exist_ok=True)
    books = 4
    per_book = args.codes // books
    hit_phrases = []  # (text, ...) fragments that code
    patterns_total = 0
    t = iter(terms)
    for b in range(books):
        lines = [f"codebook: book{b}", f"title: Benchmark codebook {b}", "negation: 3", "codes:"]
        for p in range(per_book // 10):
            lines += [f"  - id: group{p}", f"    label: Group {p}", "    children:"]
            for c in range(10):
                w = [next(t) for _ in range(8)]
                pats = [
                    w[0],
                    f"{w[1]} {w[2]}",
                    f"{w[3][:-1]}*",
                    f"{w[4]} {COMMON[c]} {w[5]}",
                    w[6],
                ]
                kind = (p * 10 + c) % 4
                if kind == 0:
                    pats.append(f'{{regex: "{w[7]}\\\\d+"}}')
                    hit_phrases.append(f"{w[7]}{c}{p}")
                elif kind == 1:
                    pats.append(f"{{near: [{w[7]}, {w[0]}], within: 4}}")
                    hit_phrases.append(f"{w[7]} and then {w[0]}")
                else:
                    pats.append(f"{w[7]} {w[1]}")
                    hit_phrases.append(f"{w[7]} {w[1]}")
                hit_phrases += [w[0], f"{w[1]} {w[2]}", w[3] + "ing", w[3][:-1],
                                f"{w[4]} {COMMON[c]} {w[5]}", w[6]]
                patterns_total += len(pats)
                lines += [
                    f"      - id: c{c}",
                    f"        label: Code {b}.{p}.{c}",
                    "        description: A generated code.",
                    "        patterns: [" + ", ".join(pats) + "]",
                    f"        not: [never {w[6]}]" if c % 3 == 0 else "        not: []",
                    f"        examples: [\"we {w[0]} it\", \"{w[1]} {w[2]} again\"]",
                ]
        with open(os.path.join(args.dir, "codebooks", f"book{b}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")

    # A pool of sentences; about one in three participant sentences has a hit.
    def sentence():
        words = [rng.choice(filler) for _ in range(rng.randint(8, 22))]
        if rng.random() < 0.33:
            words.insert(rng.randrange(len(words)), rng.choice(hit_phrases))
        s = " ".join(words)
        return s[0].upper() + s[1:] + rng.choice([".", ".", ".", "?", "!"])

    pool = [sentence() for _ in range(20000)]
    questions = [rng.choice(pool) for _ in range(500)]

    tdir = os.path.join(args.dir, "transcripts")
    os.makedirs(tdir, exist_ok=True)
    target = int(args.mb * 1_000_000)
    written = 0
    n = 0
    sites = ["North", "South", "East", "West", "Central"]
    cohorts = ["EB", "Younger EE", "Older EE"]
    cases = ["id,site,cohort"]
    while written < target:
        cid = f"P{n + 1}"
        parts = [f"---\nid: {cid}\n---\n"]
        size = 0
        while size < args.doc_kb * 1000:
            q = "Interviewer: " + rng.choice(questions) + "\n"
            a = "Participant: " + " ".join(rng.choice(pool) for _ in range(rng.randint(2, 8)))
            if rng.random() < 0.3:
                a += "\n" + " ".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))
            a += "\n\n"
            parts += [q, a]
            size += len(q) + len(a)
        text = "".join(parts)
        with open(os.path.join(tdir, f"{cid}.txt"), "w") as f:
            f.write(text)
        written += len(text.encode())
        cases.append(f"{cid},{sites[n % 5]},{cohorts[n % 3]}")
        n += 1
    with open(os.path.join(args.dir, "cases.csv"), "w") as f:
        f.write("\n".join(cases) + "\n")
    with open(os.path.join(args.dir, "qualcode.yaml"), "w") as f:
        f.write('transcripts: ["transcripts/*.txt"]\ncodebooks: ["codebooks/*.yaml"]\n'
                "cases: cases.csv\ninterviewers: [Interviewer]\n")
    print(f"{args.dir}: {n} transcripts, {written / 1e6:.1f} MB; "
          f"{books} codebooks, {args.codes} codes, {patterns_total} patterns")


if __name__ == "__main__":
    main()
