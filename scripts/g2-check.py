#!/usr/bin/env python3
"""Independent figures for the log-likelihood (Dunning G²) tests of
`qualcode codebook gaps` (needs scipy).

G² of the 2x2 table [[a, b], [c - a, d - b]]: a term occurs a times among
the c tokens of a code's coded segments and b times among the d tokens of
the other participant segments. The figures are pasted into
src/suggest/gaps.rs and tests/cli/suggest.rs.

    scripts/g2-check.py
"""

from scipy.stats import chi2_contingency

CASES = [
    # (a, b, c, d): the unit test's table.
    (5, 2, 20, 180),
    # tests/cli/suggest.rs (tests/fixtures/care): "nursery" 4 times among
    # the 13 content words of ana's two coded turns of care.childcare, once
    # among the 31 of the other eight participant turns (counted by hand in
    # the test's comment).
    (4, 1, 13, 31),
]

for a, b, c, d in CASES:
    g2, p, dof, _ = chi2_contingency([[a, b], [c - a, d - b]], correction=False,
                                     lambda_="log-likelihood")
    print(f"a={a} b={b} c={c} d={d}: G2={g2!r} p={p:.6g} dof={dof}")
