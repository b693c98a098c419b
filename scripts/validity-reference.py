#!/usr/bin/env python3
"""Independent reference figures for qualcode's validity statistics.

Run once by hand (not in CI); the figures it prints are pasted into the
Rust tests of src/agree/interval.rs and src/sample/rng.rs:

    pip install statsmodels scipy numpy
    python3 scripts/validity-reference.py

1. Wilson score intervals (95%) from statsmodels' proportion_confint,
   method="wilson", for several (k, n) including 0/n and n/n.
2. SplitMix64 outputs (Steele, Lea and Flood 2014; Vigna's splitmix64.c),
   written here in Python from the published algorithm.
3. The bootstrap over cases for F1: the same resampling scheme as
   qualcode's (SplitMix64 seeded, cases drawn with replacement by
   rejection-sampled `below`), with the percentiles taken by numpy's
   default (linear) method, so the quantile code is checked independently.
"""

import numpy as np
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        threshold = ((1 << 64) - n) % n
        while True:
            x = self.next()
            if x >= threshold:
                return x % n


def f1(t):
    tp, fp, fn = t
    den = 2 * tp + fp + fn
    return None if den == 0 else 2 * tp / den


def bootstrap_f1(cases, resamples, seed):
    rng = SplitMix64(seed)
    values = []
    for _ in range(resamples):
        tp = fp = fn = 0
        for _ in range(len(cases)):
            c = cases[rng.below(len(cases))]
            tp, fp, fn = tp + c[0], fp + c[1], fn + c[2]
        v = f1((tp, fp, fn))
        if v is not None:
            values.append(v)
    lo, hi = np.percentile(values, [2.5, 97.5])
    return lo, hi, len(values)


def main():
    print("z(0.975) =", repr(norm.ppf(0.975)))
    print("# Wilson 95%: k, n, low, high")
    for k, n in [(0, 10), (10, 10), (1, 10), (5, 10), (6, 8), (0, 1), (1, 1),
                 (17, 40), (81, 263), (3, 4)]:
        lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
        print(f"({k}, {n}, {lo!r}, {hi!r}),")
    print("# SplitMix64, seed 1234567, first five")
    rng = SplitMix64(1234567)
    print([rng.next() for _ in range(5)])
    print("# SplitMix64, seed 0, first three")
    rng = SplitMix64(0)
    print([rng.next() for _ in range(3)])
    print("# below(10) x 10 from seed 42")
    rng = SplitMix64(42)
    print([rng.below(10) for _ in range(10)])
    print("# bootstrap F1: per case (tp, fp, fn), 2000 resamples, seed 1")
    cases = [(2, 0, 1), (0, 1, 0), (1, 0, 0), (3, 1, 0), (0, 0, 2), (1, 1, 1)]
    print(cases, bootstrap_f1(cases, 2000, 1))
    cases = [(1, 0, 0), (0, 0, 1)]
    print(cases, bootstrap_f1(cases, 2000, 1))


if __name__ == "__main__":
    main()
