//! Samplers for the per-day process noise: every simulated day draws counts of events
//! ([`poisson`] arrivals, [`binomial`] leavers, [`bernoulli`] outcomes) and durations (a
//! [`DiscreteTable`] of whole working days, or a [`Lifetime`] in a stock). All are exact
//! (no normal approximation) and allocation-free once warmed up.
//!
//! The day step draws the same few distributions over and over, so most have a table
//! form: a Walker alias table (Vose's construction, [`Alias`]) built once and reused, after
//! which a draw is one 64-bit random number and a table lookup, with no loop, no division
//! and no transcendental function:
//!
//! * [`BinomTables`]: a Binomial split of a small number of items with a share fixed for
//!   the run (screening, assessment outcomes); one table per number of trials `n < 128`,
//!   built the first time that `n` is drawn and kept while the probability stays the same
//!   (across runs too, when the probability is not uncertain); larger `n` use [`Binom`]'s
//!   exact inversion.
//! * [`PoissonTables`]: a Poisson count whose mean changes at most monthly (referrals); one
//!   table per caller-chosen slot, kept while the mean in that slot stays the same.
//! * [`Lifetime`]: the whole working days until an item leaves a stock with a constant
//!   daily hazard `h` (transfer, case closure, leaving care, leaving early help):
//!   geometric, up to the horizon, from one table built when the hazard changes. Drawing
//!   each item's exit day when it joins the stock is the same process as thinning the
//!   stock each day by Binomial(stock, h): a constant hazard has no memory.
//! * [`DiscreteTable`]: a duration drawn per item (assessment elapsed days, notice
//!   periods), tabulated once from a continuous distribution's CDF.
//!
//! The rest ([`poisson`], [`binomial`], [`Binom`]) invert the CDF by sequential search:
//! one random number when the mean is at most 30, larger means split into parts that add.
//!
//! # Accuracy
//!
//! Table probabilities are computed in `f64` from the mode outwards by exact ratios
//! (`p(k + 1) / p(k)`), normalised, and cut where they fall below `1e-20` of the mode's.
//! The alias table then stores each column's threshold to 2^-32 (the low half of the
//! random number is the coin, the high half picks the column), so every probability is
//! represented to within about 2^-32 (2.3e-10) of its exact value: many orders of
//! magnitude below what any Monte Carlo of these sizes can detect.
//!
//! # Portability
//!
//! Results must be bit-identical natively and in WebAssembly, so construction and
//! sampling use only `+ - * /`, comparisons and the pure-Rust `libm` crate (`libm::exp`,
//! `libm::log1p`, ...), never `f64::exp` or `f64::ln`, which call the platform's maths
//! library. No other crate's distribution code is used: `rand_distr` does its arithmetic
//! through `num-traits`, which switches to the platform maths library whenever any crate
//! in the build enables `num-traits/std`.
//!
//! # Common random numbers
//!
//! A table draw always consumes exactly one random number, whatever `n`, the mean or the
//! probability (including the certain cases), so a model step uses the same random
//! numbers for the same purpose in two scenarios whose states differ. [`poisson`],
//! [`binomial`] and [`bernoulli`] draw nothing when the answer is certain.

mod alias;
mod binomial;
#[cfg(test)]
mod check;
mod discrete;
mod lifetime;
mod poisson;
mod uniform;

pub use alias::{Alias, Vose};
pub use binomial::{BINOM_TABLE_N, Binom, BinomTables, binomial};
pub use discrete::DiscreteTable;
pub use lifetime::Lifetime;
pub use poisson::{POISSON_SLOTS, PoissonTables, poisson, poisson_with_p0};
pub use uniform::{bernoulli, uniform01};

/// Largest mean handled by one run of the inversion samplers; larger means are split.
const INVERSION_MAX_MEAN: f64 = 30.0;

/// `RECIP[k] = 1 / (k + 1)`, so the inversion loops multiply instead of divide (a
/// division costs several multiplications' time). Beyond the table they divide.
const RECIP: [f64; 256] = {
    let mut t = [0.0; 256];
    let mut k = 0;
    while k < 256 {
        t[k] = 1.0 / (k as f64 + 1.0);
        k += 1;
    }
    t
};

/// `1 / (k + 1)`.
#[inline]
fn recip(k: u64) -> f64 {
    if k < RECIP.len() as u64 { RECIP[k as usize] } else { 1.0 / (k as f64 + 1.0) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::run_rng;

    #[test]
    fn certain_draws_consume_no_random_numbers() {
        let mut a = run_rng(42, 0);
        let b = a.clone();
        assert_eq!(poisson(&mut a, 0.0), 0);
        assert_eq!(poisson(&mut a, -1.0), 0);
        assert_eq!(poisson(&mut a, f64::NAN), 0);
        assert_eq!(poisson(&mut a, f64::INFINITY), u64::MAX);
        assert_eq!(poisson_with_p0(&mut a, 0.0, 1.0), 0);
        assert_eq!(binomial(&mut a, 0, 0.5), 0);
        assert_eq!(binomial(&mut a, 10, 0.0), 0);
        assert_eq!(binomial(&mut a, 10, 1.0), 10);
        assert!(!bernoulli(&mut a, 0.0));
        assert!(bernoulli(&mut a, 1.0));
        assert_eq!(DiscreteTable::point(7.4, 30).sample(&mut a), 7);
        assert_eq!(a, b, "no random numbers were drawn");
    }
}
