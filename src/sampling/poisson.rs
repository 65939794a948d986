//! Poisson draws: [`poisson`] for any mean, and [`PoissonTables`] (alias tables per mean)
//! for a mean that changes rarely, such as referrals with the month.

use super::alias::{Alias, Vose, unimodal};
use super::uniform::uniform01;
use super::{INVERSION_MAX_MEAN, recip};
use crate::rng::SimRng;

/// An exact Poisson draw with mean `lambda`.
///
/// `lambda <= 0` (or NaN) gives 0 without drawing; `+inf` gives `u64::MAX` without
/// drawing. For `lambda <= 30`, inversion by sequential search (one random number); for
/// larger `lambda`, the sum of `ceil(lambda / 30)` independent draws with equal means of at
/// most 30, which is exact because Poisson variables add. The cost is proportional to
/// `lambda`.
#[inline]
pub fn poisson(rng: &mut SimRng, lambda: f64) -> u64 {
    if lambda.is_nan() || lambda <= 0.0 {
        return 0;
    }
    if lambda <= INVERSION_MAX_MEAN {
        return poisson_inversion(rng, lambda, libm::exp(-lambda));
    }
    if lambda == f64::INFINITY {
        return u64::MAX;
    }
    let parts = libm::ceil(lambda / INVERSION_MAX_MEAN);
    let part = lambda / parts;
    let p0 = libm::exp(-part);
    let mut total: u64 = 0;
    for _ in 0..parts as u64 {
        total = total.saturating_add(poisson_inversion(rng, part, p0));
    }
    total
}

/// A Poisson draw with mean `lambda <= 30` given `p0 = exp(-lambda)`, for callers that
/// reuse one mean over many draws (the same draw as [`poisson`] for that mean).
#[inline]
pub fn poisson_with_p0(rng: &mut SimRng, lambda: f64, p0: f64) -> u64 {
    if lambda.is_nan() || lambda <= 0.0 {
        return 0;
    }
    if lambda > INVERSION_MAX_MEAN {
        return poisson(rng, lambda);
    }
    poisson_inversion(rng, lambda, p0)
}

/// Poisson inversion by sequential search; `p0 = exp(-lambda)`.
#[inline]
fn poisson_inversion(rng: &mut SimRng, lambda: f64, p0: f64) -> u64 {
    let u = uniform01(rng);
    let mut k: u64 = 0;
    let mut pk = p0;
    let mut cdf = p0;
    while u >= cdf {
        pk *= lambda * recip(k);
        k += 1;
        let next = cdf + pk;
        if next == cdf {
            // Round-off: the remaining tail is below the precision of the sum.
            break;
        }
        cdf = next;
    }
    k
}

/// Poisson draws whose mean changes rarely (for referrals, with the month): alias tables
/// for the last [`POISSON_SLOTS`] distinct means, the oldest replaced by a new one. Means
/// above 1e7, infinite or NaN are drawn by [`poisson`] instead.
#[derive(Clone, Debug, Default)]
pub struct PoissonTables {
    /// (mean's bits, smallest value, table).
    slots: Vec<(u64, u64, Alias)>,
    /// The slot used last, and the next to replace.
    last: usize,
    next: usize,
    vose: Vose,
    probs: Vec<f64>,
}

/// Distinct means kept (twelve months of seasonality fit).
pub const POISSON_SLOTS: usize = 16;

/// The draw for means too large (or not finite) for a table: out of line, so that the
/// table path inlines into the day loop.
#[cold]
#[inline(never)]
fn poisson_exact(rng: &mut SimRng, lambda: f64) -> u64 {
    poisson(rng, lambda)
}

/// Largest mean tabulated (the table has about `24 sqrt(mean)` columns).
const POISSON_TABLE_MAX: f64 = 1e7;

impl PoissonTables {
    /// One Poisson draw with mean `lambda`: one random number.
    #[inline(always)]
    pub fn sample(&mut self, rng: &mut SimRng, lambda: f64) -> u64 {
        if lambda.is_nan() || lambda > POISSON_TABLE_MAX {
            return poisson_exact(rng, lambda);
        }
        let bits = lambda.to_bits();
        if self.slots.get(self.last).is_none_or(|s| s.0 != bits) {
            self.find(lambda);
        }
        let (_, lo, t) = &self.slots[self.last];
        lo + u64::from(t.sample(rng))
    }

    /// Make `last` the slot of `lambda`, building its table if no slot has it.
    #[cold]
    fn find(&mut self, lambda: f64) {
        if let Some(i) = self.slots.iter().position(|s| s.0 == lambda.to_bits()) {
            self.last = i;
            return;
        }
        let slot = self.next;
        self.next = (self.next + 1) % POISSON_SLOTS;
        if slot >= self.slots.len() {
            self.slots.push((0, 0, Alias::default()));
        }
        self.build(slot, lambda);
        self.last = slot;
    }

    fn build(&mut self, slot: usize, lambda: f64) {
        let lo = if lambda <= 0.0 {
            self.probs.clear();
            self.probs.push(1.0);
            0
        } else {
            unimodal(
                lambda as u64,
                u64::MAX,
                |k| lambda / (k + 1) as f64,
                |k| k as f64 / lambda,
                &mut self.probs,
            )
        };
        let s = &mut self.slots[slot];
        s.0 = lambda.to_bits();
        s.1 = lo;
        self.vose.build(&self.probs, &mut s.2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::run_rng;
    use crate::sampling::check::{assert_fits, check_moments, poisson_pmf};

    #[test]
    fn poisson_moments_and_distribution() {
        let n = 200_000;
        for &lambda in &[0.5, 12.0, 75.0] {
            let mut r = run_rng(42, 0);
            let draws: Vec<u64> = (0..n).map(|_| poisson(&mut r, lambda)).collect();
            let xs: Vec<f64> = draws.iter().map(|&k| k as f64).collect();
            // Poisson: variance lambda, fourth central moment lambda (1 + 3 lambda).
            check_moments(&format!("poisson({lambda})"), &xs, lambda, lambda, lambda * (1.0 + 3.0 * lambda));

            // Exactness: goodness of fit to the probability mass function.
            let max = *draws.iter().max().unwrap_or(&0);
            let mut counts = vec![0u64; max as usize + 1];
            for &k in &draws {
                counts[k as usize] += 1;
            }
            let probs: Vec<f64> = (0..=max).map(|k| poisson_pmf(lambda, k)).collect();
            assert_fits(&counts, &probs, n, &format!("poisson({lambda})"));
        }
        assert_eq!(poisson(&mut run_rng(42, 0), f64::INFINITY), u64::MAX);
    }

    #[test]
    fn poisson_tables_fit_the_poisson() {
        let mut rng = run_rng(8, 0);
        let mut t = PoissonTables::default();
        for lambda in [0.26, 3.0, 12.1, 75.0, 2500.0] {
            let draws = 200_000;
            let lo = (lambda - 8.0 * libm::sqrt(lambda) - 5.0).max(0.0) as u64;
            let hi = (lambda + 8.0 * libm::sqrt(lambda) + 10.0) as u64;
            let probs: Vec<f64> = (lo..=hi).map(|k| poisson_pmf(lambda, k)).collect();
            let mut counts = vec![0u64; probs.len()];
            for _ in 0..draws {
                // Alternate two means: each keeps its own table.
                let k = t.sample(&mut rng, lambda);
                let _ = t.sample(&mut rng, lambda + 1.0);
                counts[(k.clamp(lo, hi) - lo) as usize] += 1;
            }
            assert_fits(&counts, &probs, draws, &format!("Poisson({lambda})"));
        }
        assert_eq!(t.sample(&mut rng, 0.0), 0);
        assert_eq!(t.sample(&mut rng, f64::NAN), 0);
        // More distinct means than slots: the oldest tables are replaced.
        for i in 0..3 * POISSON_SLOTS {
            let lambda = 1.0 + i as f64;
            let k = t.sample(&mut rng, lambda);
            assert!((k as f64) < lambda + 12.0 * lambda.sqrt() + 12.0);
        }
        assert!(t.slots.len() <= POISSON_SLOTS);
    }
}
