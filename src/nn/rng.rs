//! A small named pseudo-random generator for weight initialization, datasets and shuffling.
//!
//! Origin: SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the
//! constants are those of Vigna's public-domain `splitmix64.c`). It is written here because the crate had no shared
//! generator when this module was written; every stream is fully determined by its seed, on every platform.

/// SplitMix64: a 64-bit state advanced by a Weyl increment and scrambled by two xor-shift-multiply rounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed` (any value, 0 included).
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// A generator for a named sub-stream of `seed`, so that (say) initialization and shuffling drawn from the same
    /// user seed do not share numbers.
    pub fn stream(seed: u64, stream: u64) -> SplitMix64 {
        let mut g = SplitMix64::new(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        g.next_u64();
        g
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        // formula: s += 0x9E3779B97F4A7C15; z = (s ^ (s >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in $[0, 1)$ with 53 random bits.
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        // formula: u = (bits >> 11) / 2^53
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform number in $[lo, hi)$.
    #[inline]
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next_f64()
    }

    /// A standard normal number (Box–Muller; one of the pair is discarded to keep the state simple).
    pub fn normal(&mut self) -> f64 {
        // formula: z = sqrt(-2 ln(1 - u1)) cos(2 pi u2), with 1 - u1 in (0, 1] so the log is finite
        let u1 = 1.0 - self.next_f64();
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// A uniform index in `0..n` (`n >= 1`; Lemire's multiply-shift, bias below $n / 2^{64}$).
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Shuffle in place (Fisher–Yates, from the back).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_splitmix64_reference_output() {
        // Vigna's splitmix64.c seeded with 1234567: the first outputs are 6457827717110365317, 3203168211198807973.
        let mut g = SplitMix64::new(1234567);
        assert_eq!(g.next_u64(), 6457827717110365317);
        assert_eq!(g.next_u64(), 3203168211198807973);
    }

    #[test]
    fn uniform_and_below_stay_in_range() {
        let mut g = SplitMix64::new(7);
        for _ in 0..10_000 {
            let u = g.next_f64();
            assert!((0.0..1.0).contains(&u));
            assert!(g.below(3) < 3);
            assert!(g.normal().is_finite());
        }
    }
}
