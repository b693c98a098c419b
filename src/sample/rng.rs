//! `SplitMix64` (Steele, Lea and Flood 2014; Vigna's reference
//! `splitmix64.c`): a small, fixed pseudo-random generator for reproducible
//! samples and bootstrap resamples. Written here rather than taken from a
//! crate so that a seed gives the same sample in every version of
//! qualcode: the algorithm is the published one, tested against its known
//! outputs. Not for anything secret.

/// The `SplitMix64` generator.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n` > 0), without modulo bias: draws
    /// below 2^64 mod n are rejected, so every residue is equally likely.
    ///
    /// # Panics
    /// If `n` is 0 (an invariant of every caller).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0) has no value to return");
        let n = n as u64;
        let threshold = n.wrapping_neg() % n;
        loop {
            let x = self.next_u64();
            if x >= threshold {
                // x % n < n, which came from a usize.
                return usize::try_from(x % n).expect("below n, a usize");
            }
        }
    }

    /// `k` distinct indices of `0..n` chosen uniformly (a partial
    /// Fisher–Yates shuffle), in the order drawn; all of `0..n`, shuffled,
    /// if `k` ≥ `n`.
    pub fn choose(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut pool: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            pool.swap(i, j);
        }
        pool.truncate(k);
        pool
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_splitmix64_outputs() {
        // scripts/validity-reference.py, and the outputs commonly quoted for
        // Vigna's splitmix64.c with seed 1234567.
        let mut r = SplitMix64::new(1_234_567);
        let got: Vec<u64> = (0..5).map(|_| r.next_u64()).collect();
        assert_eq!(
            got,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
                16_408_922_859_458_223_821
            ]
        );
        let mut r = SplitMix64::new(0);
        let got: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        assert_eq!(
            got,
            [
                16_294_208_416_658_607_535,
                7_960_286_522_194_355_700,
                487_617_019_471_545_679
            ]
        );
    }

    #[test]
    fn below_matches_the_reference_and_stays_in_range() {
        let mut r = SplitMix64::new(42);
        let got: Vec<usize> = (0..10).map(|_| r.below(10)).collect();
        assert_eq!(got, [3, 1, 8, 4, 0, 2, 5, 8, 5, 4]);
        let mut r = SplitMix64::new(7);
        assert!((0..1000).all(|_| r.below(3) < 3));
        assert_eq!(r.below(1), 0);
    }

    #[test]
    fn choose_draws_distinct_indices_reproducibly() {
        let a = SplitMix64::new(9).choose(50, 10);
        let b = SplitMix64::new(9).choose(50, 10);
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 10);
        assert!(sorted.iter().all(|&i| i < 50));
        let mut all = SplitMix64::new(9).choose(5, 99);
        all.sort_unstable();
        assert_eq!(all, [0, 1, 2, 3, 4]);
        assert_ne!(SplitMix64::new(10).choose(50, 10), a);
    }
}
