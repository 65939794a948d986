//! Uniform numbers and Bernoulli trials.

use crate::rng::SimRng;
use rand::Rng;

/// 2^-53, the spacing of the 53-bit uniform grid.
const TWO_POW_M53: f64 = 1.0 / 9_007_199_254_740_992.0;

/// A uniform number in `[0, 1)` with 53 random bits (one `u64` drawn).
#[inline]
pub fn uniform01(rng: &mut SimRng) -> f64 {
    (rng.next_u64() >> 11) as f64 * TWO_POW_M53
}

/// True with probability `p`. `p <= 0` (or NaN) is false and `p >= 1` true, without drawing.
#[inline]
pub fn bernoulli(rng: &mut SimRng, p: f64) -> bool {
    if p.is_nan() || p <= 0.0 {
        false
    } else if p >= 1.0 {
        true
    } else {
        uniform01(rng) < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::run_rng;
    use crate::sampling::check::check_moments;

    #[test]
    fn uniform01_is_in_unit_interval_with_mean_one_half() {
        let mut r = run_rng(42, 0);
        let n = 100_000;
        let xs: Vec<f64> = (0..n).map(|_| uniform01(&mut r)).collect();
        assert!(xs.iter().all(|&x| (0.0..1.0).contains(&x)));
        // Uniform: variance 1/12, fourth central moment 1/80.
        check_moments("uniform01", &xs, 0.5, 1.0 / 12.0, 1.0 / 80.0);
    }

    #[test]
    fn bernoulli_frequency() {
        let mut r = run_rng(42, 0);
        let n = 100_000;
        let hits = (0..n).filter(|_| bernoulli(&mut r, 0.3)).count() as f64;
        // Binomial(n, 0.3) count: sd sqrt(n p q).
        assert!((hits - 0.3 * n as f64).abs() <= 4.0 * (n as f64 * 0.21).sqrt());
    }
}
