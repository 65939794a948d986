//! The model of MODEL.md, one file per concept. Each concept's state holds its per-run
//! parameters (built from the run's drawn values in its `start`, which also sets its part
//! of the initial state) and offers small steps that the day loop (`sim::run`) calls in
//! the order of MODEL.md's "Flows, each working day":
//!
//! | flows | concept |
//! |---|---|
//! | 1-3 referrals, early help diversion, screening | [`demand`] |
//! | 4-6 capacity, allocation oldest first, completions and outcomes | [`assessment`] |
//! | 6-7 transfer to long-term teams, open cases closing; holding hours | [`casework`] |
//! | 8 looked-after children | [`looked_after`] |
//! | 9 arrivals, departures with the caseload feedback, agency, pods | [`workforce`] |
//! | 10 the weekly recruitment round, notice periods | [`recruitment`] |
//! | 11 counting priced units, pricing them into budget lines | [`costs`] |
//!
//! The containers they are built on: [`queue`] (an assessment queue), [`stock`] (a stock
//! whose items leave with a constant hazard), [`permanent`] (permanent workers by cohort).
//!
//! Steps return the day's flows as counts; the caller keeps the weekly totals and the
//! ledger of the conservation check. The daily steps are `#[inline(always)]`: the day
//! loop is built twice (with and without the check), and with two callers the compiler
//! would keep them out of line, losing what inlining gives the hot loop.

pub mod assessment;
pub mod casework;
pub mod costs;
pub mod demand;
pub mod looked_after;
pub mod permanent;
pub mod queue;
pub mod recruitment;
pub mod stock;
pub mod workforce;

/// A count as `f64`, converted through `i64`: x86-64 converts a signed integer in one
/// instruction but needs a sequence of about six for an unsigned one, and the day loop
/// converts counts a dozen times a day. The value is the same for every count below 2^63
/// (the same number rounded the same way), which every count of a run is, by far.
#[inline(always)]
pub fn real(n: u64) -> f64 {
    debug_assert!(n < 1 << 63);
    n as i64 as f64
}

/// Pounds rounded to pence, half away from zero: `(x * 100).round() / 100` bit for bit,
/// without the call to `round` that x86-64 makes without SSE4.1 (the weekly record rounds a
/// dozen values a week). For `|c| < 2^52` the whole part `t` of `c = x * 100` converts
/// exactly and `c - t` is exact, so comparing it with 0.5 decides as `round` does; larger
/// values are whole already, and NaN stays NaN.
#[inline(always)]
pub fn pence(x: f64) -> f64 {
    let c = x * 100.0;
    let a = c.abs();
    if a.is_nan() || a >= 4_503_599_627_370_496.0 {
        return c / 100.0;
    }
    let t = a as i64;
    let r = if a - t as f64 >= 0.5 { t + 1 } else { t } as f64;
    r.copysign(c) / 100.0
}

/// A drawn count (a parameter's value) rounded to a whole number; 0 if negative or not finite.
pub fn whole(v: f64) -> u64 {
    if v.is_finite() && v > 0.0 { libm::round(v) as u64 } else { 0 }
}

/// Daily hazard from an annual rate: `1 - (1 - r)^(1/260)` (MODEL.md, Time).
pub fn daily_hazard(r: f64) -> f64 {
    if r <= 0.0 { 0.0 } else { 1.0 - libm::pow(1.0 - r.min(0.999_999), 1.0 / 260.0) }
}

#[cfg(test)]
mod tests {
    use super::pence;
    use crate::rng::SimRng;
    use crate::sampling::uniform01;
    use rand::SeedableRng;

    #[test]
    fn pence_rounds_as_round_does() {
        let old = |x: f64| (x * 100.0).round() / 100.0;
        // Halves and the doubles either side of them, whole pence, the 2^52 boundary.
        let below = |x: f64| f64::from_bits(x.to_bits() - 1);
        let above = |x: f64| f64::from_bits(x.to_bits() + 1);
        let edges = [
            0.0,
            -0.0,
            0.005,
            0.015,
            0.025,
            1.005,
            2.675,
            below(0.005),
            above(0.005),
            below(0.5),
            1234.565,
            1e13,
            4.5e13,
            below(4_503_599_627_370_496.0) / 100.0,
            1e300,
            f64::INFINITY,
            -f64::INFINITY,
            -0.005,
            -2.675,
            -1234.565,
            f64::MIN_POSITIVE,
            5e-324,
        ];
        let mut rng = SimRng::seed_from_u64(7);
        let random = (0..200_000).map(|i| {
            let u = uniform01(&mut rng);
            match i % 4 {
                0 => u * 1e6,
                1 => (u * 1e8).round() / 100.0 + 0.005,
                2 => -u * 1e4,
                _ => u * 1e15,
            }
        });
        for x in edges.into_iter().chain(random) {
            assert_eq!(pence(x).to_bits(), old(x).to_bits(), "{x:e}");
        }
        assert!(pence(f64::NAN).is_nan());
    }
}
