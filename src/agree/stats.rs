//! Agreement statistics for two coders and one yes/no decision per unit:
//! percent agreement, Cohen's kappa, Krippendorff's alpha (nominal, two
//! coders, no missing values) and precision, recall and F1 of one coder
//! against the other as reference. Pure functions of a 2×2 table; no I/O.
//!
//! A statistic whose formula divides by zero is `None` ("undefined"), never
//! NaN or infinity.

/// The 2×2 table of two coders' yes/no decisions over the same units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Units both coders coded.
    pub both: usize,
    /// Units only the first coder coded.
    pub first_only: usize,
    /// Units only the second coder coded.
    pub second_only: usize,
    /// Units neither coded.
    pub neither: usize,
}

impl Confusion {
    /// Count one unit: whether each coder coded it.
    pub fn add(&mut self, first: bool, second: bool) {
        match (first, second) {
            (true, true) => self.both += 1,
            (true, false) => self.first_only += 1,
            (false, true) => self.second_only += 1,
            (false, false) => self.neither += 1,
        }
    }

    /// The sum of two tables (pooling).
    #[must_use]
    pub fn plus(self, other: Confusion) -> Confusion {
        Confusion {
            both: self.both + other.both,
            first_only: self.first_only + other.first_only,
            second_only: self.second_only + other.second_only,
            neither: self.neither + other.neither,
        }
    }

    /// Number of units.
    pub fn units(&self) -> usize {
        self.both + self.first_only + self.second_only + self.neither
    }

    /// Units the first coder coded.
    pub fn first(&self) -> usize {
        self.both + self.first_only
    }

    /// Units the second coder coded.
    pub fn second(&self) -> usize {
        self.both + self.second_only
    }

    /// Units on which the coders disagree.
    pub fn disagreements(&self) -> usize {
        self.first_only + self.second_only
    }

    /// Observed agreement `p_o` as a proportion (0–1); undefined with no units.
    pub fn agreement(&self) -> Option<f64> {
        ratio(self.both + self.neither, self.units())
    }

    /// Cohen's kappa, `(p_o − p_e) / (1 − p_e)`, with `p_e` from each coder's
    /// own marginal proportions. Undefined when `p_e` = 1: both coders gave
    /// every unit the same single answer (both coded all, or both none).
    pub fn kappa(&self) -> Option<f64> {
        let n = self.units();
        let (a, b) = (self.first(), self.second());
        if n == 0 || (a == 0 && b == 0) || (a == n && b == n) {
            return None;
        }
        let n = n as f64;
        let (pa, pb) = (a as f64 / n, b as f64 / n);
        let p_o = (self.both + self.neither) as f64 / n;
        let p_e = pa * pb + (1.0 - pa) * (1.0 - pb);
        Some((p_o - p_e) / (1.0 - p_e))
    }

    /// Krippendorff's alpha for nominal data, two coders, no missing values:
    /// `α = 1 − D_o / D_e` from the coincidence matrix, which for two values
    /// reduces to α = 1 − (n − 1) · o₀₁ / (n₀ · n₁), where n = 2 × units
    /// is the number of pairable values, n₁ the number of "coded" values
    /// over both coders, n₀ = n − n₁, and o₀₁ the number of units the
    /// coders disagree on. Undefined when n₀ · n₁ = 0 (one value only, so
    /// no expected disagreement).
    pub fn alpha(&self) -> Option<f64> {
        let n = 2 * self.units();
        let n1 = self.first() + self.second();
        let n0 = n - n1;
        if n0 == 0 || n1 == 0 {
            return None;
        }
        let d = self.disagreements() as f64;
        Some(1.0 - (n as f64 - 1.0) * d / (n0 as f64 * n1 as f64))
    }

    /// Precision of the first coder against the second as reference:
    /// both / first. Undefined when the first coded nothing.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.both, self.first())
    }

    /// Recall of the first coder against the second as reference:
    /// both / second. Undefined when the reference coded nothing.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.both, self.second())
    }

    /// F1, the harmonic mean of precision and recall, as 2·both / (2·both +
    /// disagreements). Undefined when neither coder coded anything.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.both, 2 * self.both + self.disagreements())
    }
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// The mean of the defined values, and how many there were; `None` if
/// none is defined.
pub fn mean_defined(values: impl IntoIterator<Item = Option<f64>>) -> Option<(f64, usize)> {
    let (sum, n) = values
        .into_iter()
        .flatten()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| (sum / n as f64, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A table from counts: yes/yes, yes/no, no/yes, no/no.
    fn table(both: usize, first_only: usize, second_only: usize, neither: usize) -> Confusion {
        Confusion {
            both,
            first_only,
            second_only,
            neither,
        }
    }

    /// Two coders' yes/no lists as a table.
    fn from_lists(first: &[u8], second: &[u8]) -> Confusion {
        let mut t = Confusion::default();
        for (&a, &b) in first.iter().zip(second) {
            t.add(a == 1, b == 1);
        }
        t
    }

    #[track_caller]
    fn close(got: Option<f64>, want: f64) {
        let got = got.expect("defined");
        assert!((got - want).abs() < 5e-4, "got {got}, want {want}");
    }

    #[test]
    fn kappa_matches_the_wikipedia_worked_examples() {
        // Wikipedia, "Cohen's kappa", Simple example: 50 proposals, both yes
        // 20, A yes B no 5, A no B yes 10, both no 15: p_o = 0.7, p_e = 0.5,
        // kappa = 0.4.
        let t = table(20, 5, 10, 15);
        close(t.agreement(), 0.7);
        close(t.kappa(), 0.4);
        // Wikipedia, "Same percentages but different numbers": both tables
        // agree on 60 of 100 items, yet kappa is 0.1304 and 0.2593.
        close(table(45, 15, 25, 15).kappa(), 0.1304);
        close(table(25, 35, 5, 35).kappa(), 0.2593);
    }

    #[test]
    fn alpha_matches_krippendorff_2011_and_the_krippendorff_package() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
        // section A, binary data, two observers, no missing data: ten units,
        // coincidences o00 = 10, o01 = o10 = 4, o11 = 2, n0 = 14, n1 = 6,
        // alpha = 1 - 19 * 4 / (14 * 6) = 0.095.
        let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        let t = from_lists(&a, &b);
        close(t.alpha(), 0.095);
        // The same data and the kappa examples above, checked against the
        // PyPI package `krippendorff` 0.9.0 (an independent implementation:
        // `krippendorff.alpha(reliability_data=[a, b],
        // level_of_measurement="nominal")`), which gave 0.09523809523809534,
        // 0.4, 0.12527472527472527, 0.1959595959595959 and 0.0.
        close(t.alpha(), 0.095_238_095);
        close(table(20, 5, 10, 15).alpha(), 0.4);
        close(table(45, 15, 25, 15).alpha(), 0.125_274_725);
        close(table(25, 35, 5, 35).alpha(), 0.195_959_596);
        close(table(3, 1, 0, 0).alpha(), 0.0);
    }

    #[test]
    fn precision_recall_and_f1_take_the_second_coder_as_reference() {
        // 8 units auto coded, 6 of them right; the reference coded 10.
        let t = table(6, 2, 4, 20);
        close(t.precision(), 0.75);
        close(t.recall(), 0.6);
        close(t.f1(), 2.0 * 0.75 * 0.6 / (0.75 + 0.6));
        // Nothing right: defined and zero.
        close(table(0, 3, 2, 5).f1(), 0.0);
    }

    #[test]
    fn division_by_zero_is_undefined_never_nan() {
        let nobody = table(0, 0, 0, 12);
        assert_eq!(nobody.kappa(), None);
        assert_eq!(nobody.alpha(), None);
        assert_eq!(nobody.precision(), None);
        assert_eq!(nobody.recall(), None);
        assert_eq!(nobody.f1(), None);
        close(nobody.agreement(), 1.0);
        let everybody = table(5, 0, 0, 0);
        assert_eq!(everybody.kappa(), None);
        assert_eq!(everybody.alpha(), None);
        close(everybody.f1(), 1.0);
        let empty = Confusion::default();
        assert_eq!(empty.agreement(), None);
        assert_eq!(empty.kappa(), None);
        assert_eq!(empty.alpha(), None);
        // Auto coded nothing but the reference did: recall 0, precision undefined.
        let t = table(0, 0, 3, 4);
        assert_eq!(t.precision(), None);
        close(t.recall(), 0.0);
        assert_eq!(mean_defined([None, None]), None);
        assert_eq!(mean_defined([Some(0.5), None, Some(1.0)]), Some((0.75, 2)));
    }

    fn any_table() -> impl Strategy<Value = Confusion> {
        (0..40usize, 0..40usize, 0..40usize, 0..40usize).prop_map(|(a, b, c, d)| table(a, b, c, d))
    }

    proptest! {
        #[test]
        fn identical_codings_with_variation_agree_perfectly(yes in 1..50usize, no in 1..50usize) {
            let t = table(yes, 0, 0, no);
            prop_assert_eq!(t.kappa(), Some(1.0));
            prop_assert_eq!(t.alpha(), Some(1.0));
            prop_assert_eq!(t.agreement(), Some(1.0));
            prop_assert_eq!(t.f1(), Some(1.0));
        }

        #[test]
        fn statistics_are_finite_bounded_and_symmetric(t in any_table()) {
            let swapped = table(t.both, t.second_only, t.first_only, t.neither);
            for v in [t.agreement(), t.kappa(), t.alpha(), t.precision(), t.recall(), t.f1()]
                .into_iter()
                .flatten()
            {
                prop_assert!(v.is_finite());
                prop_assert!(v <= 1.0 + 1e-12);
            }
            for v in [t.agreement(), t.precision(), t.recall(), t.f1()].into_iter().flatten() {
                prop_assert!(v >= 0.0);
            }
            if let Some(k) = t.kappa() {
                prop_assert!(k >= -1.0 - 1e-12);
            }
            let same = |x: Option<f64>, y: Option<f64>| match (x, y) {
                (Some(x), Some(y)) => (x - y).abs() < 1e-12,
                (x, y) => x.is_none() && y.is_none(),
            };
            prop_assert!(same(t.kappa(), swapped.kappa()));
            prop_assert!(same(t.alpha(), swapped.alpha()));
            prop_assert!(same(t.agreement(), swapped.agreement()));
            prop_assert!(same(t.f1(), swapped.f1()));
            prop_assert!(same(t.precision(), swapped.recall()));
            // Defined exactly when there is variation in the pooled values.
            let n1 = t.first() + t.second();
            let varied = n1 > 0 && n1 < 2 * t.units();
            prop_assert_eq!(t.alpha().is_some(), varied);
            prop_assert_eq!(t.kappa().is_some(), varied);
        }

        #[test]
        fn alpha_is_scotts_pi_with_the_small_sample_correction(t in any_table()) {
            // Scott's pi uses pooled marginals: p_e = p0^2 + p1^2. Alpha
            // relates to it by 1 - alpha = (1 - pi) (2N - 1) / (2N), and
            // Cohen's kappa is never below pi.
            if let (Some(alpha), Some(kappa)) = (t.alpha(), t.kappa()) {
                let n = t.units() as f64;
                let p1 = (t.first() + t.second()) as f64 / (2.0 * n);
                let p_e = p1 * p1 + (1.0 - p1) * (1.0 - p1);
                let p_o = (t.both + t.neither) as f64 / n;
                let pi = (p_o - p_e) / (1.0 - p_e);
                let want = 1.0 - (1.0 - pi) * (2.0 * n - 1.0) / (2.0 * n);
                prop_assert!((alpha - want).abs() < 1e-9, "alpha {} want {}", alpha, want);
                prop_assert!(kappa >= pi - 1e-9);
            }
        }
    }
}
