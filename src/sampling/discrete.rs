//! Durations drawn per item (assessment elapsed days, notice periods): a continuous
//! distribution rounded to whole working days and tabulated once.

use super::alias::{Alias, Vose};
use crate::rng::SimRng;

/// A distribution of whole working days `0..=max`, tabulated once from a continuous
/// distribution and sampled in constant time by Walker's alias method (Vose's
/// construction): one 64-bit random number gives both the column (high 32 bits, by
/// multiply-shift) and the coin (low 32 bits). Construction and sampling use only
/// + - x / and comparisons, so draws are the same on every platform.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiscreteTable {
    probs: Vec<f64>,
    table: Alias,
    /// The single value of a fixed table (sampled without drawing).
    point: Option<u32>,
    mean: f64,
}

impl DiscreteTable {
    /// Discretises the distribution with CDF `cdf` onto `0..=max` by rounding to the
    /// nearest integer: `P(k) = F(k + 0.5) - F(k - 0.5)`, with the mass below 0 going to 0
    /// and the mass above `max` going to `max`; where the CDF is NaN it adds no mass (what
    /// is left goes to `max`). The table takes `O(max)` memory.
    pub fn from_cdf(cdf: impl Fn(f64) -> f64, max: u32) -> DiscreteTable {
        if max == 0 {
            return Self::at(0, 0);
        }
        let len = max as usize + 1;
        let mut probs = Vec::with_capacity(len);
        let mut below = 0.0;
        for k in 0..max {
            let c = cdf(f64::from(k) + 0.5);
            // Clamped into [below, 1] (below never exceeds 1); NaN reads as no new mass.
            let c = if c.is_nan() || c < below {
                below
            } else if c > 1.0 {
                1.0
            } else {
                c
            };
            probs.push(c - below);
            below = c;
        }
        probs.push(1.0 - below);
        // Positive and finite: the differences telescope to 1 up to round-off.
        let total: f64 = probs.iter().sum();
        let mut mean = 0.0;
        for (k, p) in probs.iter_mut().enumerate() {
            *p /= total;
            mean += k as f64 * *p;
        }
        // Trim trailing zero-probability days so the alias table stays small.
        let last = probs.iter().rposition(|&p| p > 0.0).unwrap_or(0);
        let mut table = Alias::default();
        Vose::default().build(&probs[..=last], &mut table);
        DiscreteTable { probs, table, point: None, mean }
    }

    /// A single whole day, the nearest to `v` in `0..=max` (NaN and negatives give 0),
    /// sampled without drawing a random number.
    pub fn point(v: f64, max: u32) -> DiscreteTable {
        Self::at(round_to_day(v, max), max)
    }

    fn at(k: u32, max: u32) -> DiscreteTable {
        let mut probs = vec![0.0; max as usize + 1];
        probs[k as usize] = 1.0;
        DiscreteTable { probs, table: Alias::default(), point: Some(k), mean: f64::from(k) }
    }

    /// One draw: one 64-bit random number (none for a single point).
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> u32 {
        if let Some(k) = self.point {
            return k;
        }
        self.table.sample(rng)
    }

    /// The mean of the table.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The largest value.
    pub fn max(&self) -> u32 {
        (self.probs.len() - 1) as u32
    }

    /// `probs()[k]` is the probability of `k`, for `k` in `0..=max`; they sum to 1.
    pub fn probs(&self) -> &[f64] {
        &self.probs
    }
}

/// The nearest whole day to `v` in `0..=max` (NaN and negatives give 0).
fn round_to_day(v: f64, max: u32) -> u32 {
    if v.is_nan() || v <= 0.0 {
        0
    } else if v >= f64::from(max) {
        max
    } else {
        libm::round(v) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::run_rng;
    use crate::sampling::check::assert_fits;

    /// The uniform distribution on `[a, b]`.
    fn uniform_cdf(a: f64, b: f64) -> impl Fn(f64) -> f64 {
        move |x| ((x - a) / (b - a)).clamp(0.0, 1.0)
    }

    #[test]
    fn tables_round_to_the_nearest_day_and_draw_their_probabilities() {
        // Uniform on [-2, 12] onto 0..=10: 0 takes the mass below 0.5, 10 the mass above 9.5.
        let t = DiscreteTable::from_cdf(uniform_cdf(-2.0, 12.0), 10);
        assert_eq!((t.max(), t.probs().len()), (10, 11));
        assert!((t.probs()[0] - 2.5 / 14.0).abs() < 1e-15);
        assert!((t.probs()[5] - 1.0 / 14.0).abs() < 1e-15);
        assert!((t.probs()[10] - 2.5 / 14.0).abs() < 1e-15);
        assert!((t.probs().iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let mean: f64 = t.probs().iter().enumerate().map(|(k, p)| k as f64 * p).sum();
        assert!((t.mean() - mean).abs() < 1e-12);

        let mut rng = run_rng(3, 0);
        let n = 200_000;
        let mut counts = vec![0u64; 11];
        for _ in 0..n {
            counts[t.sample(&mut rng) as usize] += 1;
        }
        assert_fits(&counts, t.probs(), n, "uniform on [-2, 12] in whole days");
    }

    #[test]
    fn points_and_degenerate_cdfs() {
        let mut a = run_rng(3, 0);
        let b = a.clone();
        let t = DiscreteTable::point(7.4, 30);
        assert_eq!((t.sample(&mut a), t.mean(), t.max()), (7, 7.0, 30));
        assert_eq!(DiscreteTable::point(f64::NAN, 30).sample(&mut a), 0);
        assert_eq!(DiscreteTable::point(99.0, 30).sample(&mut a), 30);
        assert_eq!(a, b, "a point draws no random numbers");
        let nan = DiscreteTable::from_cdf(|_| f64::NAN, 10);
        assert_eq!((nan.probs()[10], nan.mean()), (1.0, 10.0));
        assert_eq!(DiscreteTable::from_cdf(|_| f64::NAN, 0).probs(), [1.0]);
    }
}
