//! Confidence intervals for the scores of auto-coding against a coder:
//! the Wilson score interval for a proportion (precision, recall), and a
//! percentile bootstrap over cases for F1. Pure functions; the bootstrap
//! is seeded, with a fixed number of resamples, so the same data give the
//! same interval every run.

use super::stats::Confusion;
use crate::sample::rng::SplitMix64;

/// The normal quantile for a two-sided 95% interval, Φ⁻¹(0.975).
pub const Z95: f64 = 1.959_963_984_540_054;

/// Resamples drawn by [`bootstrap_f1`].
pub const RESAMPLES: usize = 2000;

/// The seed of [`bootstrap_f1`]'s generator, the same for every code so a
/// code's interval does not depend on which other codes are compared.
pub const SEED: u64 = 1;

/// Below this many units behind a proportion (or cases behind F1), an
/// interval is too wide to say much: tables flag it.
pub const MIN_N: usize = 10;

/// The Wilson score interval for `k` successes in `n` trials at normal
/// quantile `z`: (centre ± half-width) with centre = (p̂ + z²/2n) / (1 +
/// z²/n) and half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
/// `None` when `n` is 0. Clamped to 0–1 (rounding only).
pub fn wilson(k: usize, n: usize, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// The 95% percentile-bootstrap interval of F1 over clusters (cases): each
/// of [`RESAMPLES`] resamples draws as many cases as there are, with
/// replacement, pools their 2×2 tables and computes F1; the interval is the
/// 2.5th and 97.5th percentiles (linear interpolation, as numpy's default)
/// of the resamples where F1 is defined. `None` with no case, or when no
/// resample has F1 defined.
pub fn bootstrap_f1(cases: &[Confusion], resamples: usize, seed: u64) -> Option<(f64, f64)> {
    if cases.is_empty() {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let mut values = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        let mut pooled = Confusion::default();
        for _ in 0..cases.len() {
            pooled = pooled.plus(cases[rng.below(cases.len())]);
        }
        values.extend(pooled.f1());
    }
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some((percentile(&values, 2.5), percentile(&values, 97.5)))
}

/// The `p`th percentile of sorted, non-empty `values`, interpolating
/// linearly between the two nearest ranks (numpy's default method).
fn percentile(values: &[f64], p: f64) -> f64 {
    let h = (values.len() - 1) as f64 * p / 100.0;
    let below = h.floor();
    // h is within 0..len, so the casts are exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = below as usize;
    match values.get(i + 1) {
        Some(next) => values[i] + (h - below) * (next - values[i]),
        None => values[i],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn close(got: (f64, f64), want: (f64, f64)) {
        assert!(
            (got.0 - want.0).abs() < 1e-12 && (got.1 - want.1).abs() < 1e-12,
            "got {got:?}, want {want:?}"
        );
    }

    #[test]
    fn wilson_matches_statsmodels() {
        // statsmodels 0.15.0 proportion_confint(k, n, alpha=0.05,
        // method="wilson"), from scripts/validity-reference.py.
        let reference = [
            (0, 10, 0.0, 0.277_532_799_862_889_26),
            (10, 10, 0.722_467_200_137_110_6, 1.0),
            (1, 10, 0.017_876_213_095_072_924, 0.404_150_026_795_238_54),
            (5, 10, 0.236_593_090_512_563_94, 0.763_406_909_487_436_1),
            (6, 8, 0.409_275_430_310_168_83, 0.928_520_787_247_890_9),
            (0, 1, 0.0, 0.793_450_685_622_762_7),
            (1, 1, 0.206_549_314_377_237_4, 1.0),
            (17, 40, 0.285_093_925_599_503_75, 0.578_049_314_580_089_3),
            (81, 263, 0.255_288_519_878_274_2, 0.366_209_576_982_800_04),
            (3, 4, 0.300_641_842_582_401_84, 0.954_412_739_190_299_5),
        ];
        for (k, n, lo, hi) in reference {
            close(wilson(k, n, Z95).unwrap(), (lo, hi));
        }
        assert_eq!(wilson(0, 0, Z95), None);
    }

    fn table(both: usize, first_only: usize, second_only: usize) -> Confusion {
        Confusion {
            both,
            first_only,
            second_only,
            neither: 0,
        }
    }

    #[test]
    fn bootstrap_f1_matches_the_reference_resampling() {
        // Per case (tp, fp, fn); scripts/validity-reference.py, the same
        // resampling with numpy's percentiles.
        let cases = [
            table(2, 0, 1),
            table(0, 1, 0),
            table(1, 0, 0),
            table(3, 1, 0),
            table(0, 0, 2),
            table(1, 1, 1),
        ];
        close(
            bootstrap_f1(&cases, 2000, 1).unwrap(),
            (0.352_450_980_392_156_9, 0.833_333_333_333_333_4),
        );
        close(
            bootstrap_f1(&[table(1, 0, 0), table(0, 0, 1)], 2000, 1).unwrap(),
            (0.0, 1.0),
        );
        assert_eq!(bootstrap_f1(&[], 2000, 1), None);
        // No resample with anything coded: F1 undefined throughout.
        assert_eq!(bootstrap_f1(&[Confusion::default()], 100, 1), None);
        // Deterministic.
        assert_eq!(bootstrap_f1(&cases, 500, 3), bootstrap_f1(&cases, 500, 3));
    }

    #[test]
    fn percentile_interpolates_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert!((percentile(&v, 50.0) - 2.5).abs() < 1e-12);
        assert!((percentile(&v, 2.5) - 1.075).abs() < 1e-12);
        assert!((percentile(&v, 100.0) - 4.0).abs() < 1e-12);
        assert!((percentile(&[7.0], 97.5) - 7.0).abs() < 1e-12);
    }
}
