#!/usr/bin/env python3
"""Reference for `qualcode code` throughput: pyahocorasick with word-boundary
checks, the fastest Python tool a user would script.

    scripts/ref-aho.py PROJECT_DIR

Takes the codebooks' plain word and phrase patterns (and `word*` prefixes;
regexes, `near` and `not` are left out, which only makes the reference's job
lighter), scans every participant line of every transcript once, case-folded,
and counts the (case, code) pairs hit, keeping a hit only where it starts and
ends at a word boundary (a `word*` prefix only at its start). Prints the bytes
read, the seconds taken (wall and CPU) and the pairs found; the counts are not qualcode's
(its patterns do more), the time is the point. Needs `pip install
pyahocorasick pyyaml`.
"""

import glob
import os
import sys
import time

import ahocorasick
import yaml


def patterns(project):
    out = []
    for path in sorted(glob.glob(os.path.join(project, "codebooks", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            book = yaml.safe_load(f)

        def walk(codes, prefix):
            for c in codes:
                cid = f"{prefix}.{c['id']}"
                for p in c.get("patterns") or []:
                    if isinstance(p, str):
                        out.append((p.lower(), cid))
                walk(c.get("children") or [], cid)

        walk(book["codes"], book["codebook"])
    return out


def main():
    project = sys.argv[1]
    start = time.perf_counter()
    cpu = time.process_time()
    auto = ahocorasick.Automaton()
    for text, code in patterns(project):
        prefix = text.endswith("*")
        key = text.rstrip("*")
        auto.add_word(key, (code, prefix, len(key)))
    auto.make_automaton()
    pairs = set()
    total = 0
    word = str.isalnum
    for path in sorted(glob.glob(os.path.join(project, "transcripts", "*"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        total += len(text.encode("utf-8"))
        case = os.path.splitext(os.path.basename(path))[0]
        for line in text.lower().split("\n"):
            if line.startswith("interviewer:"):
                continue
            n = len(line)
            for end, (code, prefix, k) in auto.iter(line):
                s = end - k + 1
                if s > 0 and word(line[s - 1]):
                    continue
                if not prefix and end + 1 < n and word(line[end + 1]):
                    continue
                pairs.add((case, code))
    secs = time.perf_counter() - start
    cpu = time.process_time() - cpu
    print(f"{total} bytes {secs:.3f} s wall {cpu:.3f} s cpu {len(pairs)} pairs")


if __name__ == "__main__":
    main()
