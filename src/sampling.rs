//! Table-driven samplers for the per-day loop: every draw is one 64-bit random number and
//! a table lookup, with no loop, no division and no transcendental function.
//!
//! The day step draws the same few distributions over and over: a Binomial split of a
//! small number of items with a share fixed for the run (screening, assessment
//! outcomes), a Poisson count whose mean changes at most monthly (referrals), and the
//! time until an item leaves a stock with a constant daily hazard (transfer, case
//! closure, leaving care, leaving early help). Each gets a Walker alias table (Vose's
//! construction), built once and reused:
//!
//! * [`BinomTables`]: one table per number of trials `n < 128`, built the first time that
//!   `n` is drawn and kept while the probability stays the same (across runs too, when
//!   the probability is not uncertain); larger `n` use [`Binom`]'s exact inversion.
//! * [`PoissonTables`]: one table per caller-chosen slot (for referrals, the month), kept
//!   while the mean in that slot stays the same.
//! * [`Lifetime`]: the whole working days until an item leaves a stock with daily hazard
//!   `h` (geometric, up to the horizon), from one table built when the hazard changes.
//!   Drawing each item's exit day when it joins the stock is the same process as thinning
//!   the stock each day by Binomial(stock, h): a constant hazard has no memory.
//!
//! # Accuracy
//!
//! Probabilities are computed in `f64` from the mode outwards by exact ratios
//! (`p(k + 1) / p(k)`), normalised, and cut where they fall below `1e-20` of the mode's.
//! The alias table then stores each column's threshold to 2^-32 (the low half of the
//! random number is the coin, the high half picks the column), so every probability is
//! represented to within about 2^-32 (2.3e-10) of its exact value: many orders of
//! magnitude below what any Monte Carlo of these sizes can detect, and the same on every
//! platform (construction and sampling use only `+ - * /` and comparisons).
//!
//! # Common random numbers
//!
//! A draw always consumes exactly one random number, whatever `n`, the mean or the
//! probability (including the certain cases), so a model step uses the same random
//! numbers for the same purpose in two scenarios whose states differ.

use crate::dist::Binom;
use crate::rng::SimRng;
use rand::Rng;

/// Probabilities below this fraction of the mode's are left out of a table.
const CUT: f64 = 1e-20;

/// A Walker alias table over `0..len`, packed one `u64` per column: the threshold in the
/// low 32 bits (keep the column when the coin is below it) and the alias in the high 32.
/// A column kept whole has threshold `u32::MAX` and itself as alias.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Alias {
    t: Vec<u64>,
}

impl Alias {
    /// Number of columns (0 until built).
    pub fn len(&self) -> usize {
        self.t.len()
    }
    pub fn is_empty(&self) -> bool {
        self.t.is_empty()
    }

    /// One draw in `0..len` (the table must be built): one 64-bit random number.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> u32 {
        draw(&self.t, rng.next_u64())
    }
}

/// The alias draw from packed table `t` for the random number `x`: the high half picks
/// the column (by multiply-shift, `len` at most 2^32), the low half is the coin.
#[inline]
fn draw(t: &[u64], x: u64) -> u32 {
    let col = (((x >> 32) * t.len() as u64) >> 32) as usize;
    let e = t[col];
    if (x as u32) < (e as u32) { col as u32 } else { (e >> 32) as u32 }
}

/// Scratch space for building alias tables without allocating once warmed up.
#[derive(Clone, Debug, Default)]
pub struct Vose {
    scaled: Vec<f64>,
    small: Vec<u32>,
    large: Vec<u32>,
}

impl Vose {
    /// Build `out` from probabilities that sum to 1 (up to round-off), by Vose's
    /// construction: columns below average are paired with one above, the rest kept whole.
    pub fn build(&mut self, probs: &[f64], out: &mut Alias) {
        let n = probs.len();
        self.scaled.clear();
        self.scaled.extend(probs.iter().map(|p| p * n as f64));
        out.t.clear();
        out.t.extend((0..n as u64).map(|i| (i << 32) | u64::from(u32::MAX)));
        self.small.clear();
        self.large.clear();
        for (i, &s) in self.scaled.iter().enumerate() {
            if s < 1.0 { self.small.push(i as u32) } else { self.large.push(i as u32) }
        }
        while let (Some(&s), Some(&l)) = (self.small.last(), self.large.last()) {
            self.small.pop();
            let (s, l) = (s as usize, l as usize);
            // scaled[s] < 1, so the threshold fits in 32 bits.
            let keep = (self.scaled[s] * 4_294_967_296.0) as u64;
            out.t[s] = ((l as u64) << 32) | keep;
            self.scaled[l] = (self.scaled[l] + self.scaled[s]) - 1.0;
            if self.scaled[l] < 1.0 {
                self.large.pop();
                self.small.push(l as u32);
            }
        }
        // What remains is 1 up to round-off: kept whole (as initialised).
    }
}

/// Relative probabilities of a unimodal distribution on whole numbers, from its mode
/// outwards: `up(k)` is `p(k + 1) / p(k)` and `down(k)` is `p(k - 1) / p(k)`. Fills
/// `probs` (normalised) for the values `lo..lo + probs.len()` and returns `lo`.
fn unimodal(
    mode: u64,
    max: u64,
    up: impl Fn(u64) -> f64,
    down: impl Fn(u64) -> f64,
    probs: &mut Vec<f64>,
) -> u64 {
    probs.clear();
    // Downwards from the mode (stored reversed), then upwards.
    let mut k = mode;
    let mut p = 1.0;
    while k > 0 {
        p *= down(k);
        if p.is_nan() || p < CUT {
            break;
        }
        k -= 1;
        probs.push(p);
    }
    let lo = mode - probs.len() as u64;
    probs.reverse();
    probs.push(1.0);
    let mut k = mode;
    let mut p = 1.0;
    while k < max {
        p *= up(k);
        if p.is_nan() || p < CUT {
            break;
        }
        k += 1;
        probs.push(p);
    }
    let total: f64 = probs.iter().sum();
    probs.iter_mut().for_each(|p| *p /= total);
    lo
}

/// Tables smaller than this many trials are built; larger ones use [`Binom`].
pub const BINOM_TABLE_N: usize = 128;

/// Binomial(n, p) draws for one probability `p` fixed for a run and any `n`: an alias
/// table per `n < 128`, built on first use and kept until `p` changes.
#[derive(Clone, Debug, Default)]
pub struct BinomTables {
    /// The probability as set (its bits are the cache key); None until first set.
    p: Option<u64>,
    exact: Binom,
    /// Where the table for `n` trials is in `pool`: (start, length, smallest value);
    /// length 0 until built.
    index: Vec<(u32, u32, u32)>,
    /// The tables built so far, one after another.
    pool: Vec<u64>,
    table: Alias,
    vose: Vose,
    probs: Vec<f64>,
}

impl BinomTables {
    /// A sampler for probability `p` (NaN and `p <= 0` never succeed; `p >= 1` always does).
    pub fn new(p: f64) -> BinomTables {
        let mut b = BinomTables::default();
        b.set(p);
        b
    }

    /// Change the probability; the tables are kept if it is the same as before.
    pub fn set(&mut self, p: f64) {
        if self.p == Some(p.to_bits()) {
            return;
        }
        self.p = Some(p.to_bits());
        self.exact = Binom::new(p);
        self.index.clear();
        self.index.resize(BINOM_TABLE_N, (0, 0, 0));
        self.pool.clear();
    }

    /// One draw of Binomial(n, p): exactly one random number when `n < 128`.
    #[inline(always)]
    pub fn sample(&mut self, rng: &mut SimRng, n: u64) -> u64 {
        let Some(&(start, len, lo)) = self.index.get(n as usize) else {
            return self.sample_exact(rng, n);
        };
        let (start, len, lo) = if len == 0 { self.build(n as usize) } else { (start, len, lo) };
        let t = &self.pool[start as usize..(start + len) as usize];
        u64::from(lo) + u64::from(draw(t, rng.next_u64()))
    }

    /// The draw for `n >= 128`: out of line, so that the table path inlines.
    #[cold]
    #[inline(never)]
    fn sample_exact(&self, rng: &mut SimRng, n: u64) -> u64 {
        self.exact.sample(rng, n)
    }

    #[cold]
    #[inline(never)]
    fn build(&mut self, n: usize) -> (u32, u32, u32) {
        let p = f64::from_bits(self.p.unwrap_or(0));
        let n64 = n as u64;
        let lo = if p.is_nan() || p <= 0.0 || n == 0 {
            self.probs.clear();
            self.probs.push(1.0);
            0
        } else if p >= 1.0 {
            self.probs.clear();
            self.probs.push(1.0);
            n64
        } else {
            let odds = p / (1.0 - p);
            let mode = (((n64 + 1) as f64 * p) as u64).min(n64);
            unimodal(
                mode,
                n64,
                |k| (n64 - k) as f64 / (k + 1) as f64 * odds,
                |k| k as f64 / (n64 - k + 1) as f64 / odds,
                &mut self.probs,
            )
        };
        self.vose.build(&self.probs, &mut self.table);
        let entry = (self.pool.len() as u32, self.table.len() as u32, lo as u32);
        self.pool.extend_from_slice(&self.table.t);
        self.index[n] = entry;
        entry
    }
}

/// Poisson draws whose mean changes rarely (for referrals, with the month): alias tables
/// for the last [`POISSON_SLOTS`] distinct means, the oldest replaced by a new one. Means
/// above 1e7, infinite or NaN are drawn by [`crate::dist::poisson`] instead.
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
    crate::dist::poisson(rng, lambda)
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

/// The number of whole working days until an item leaves a stock with a constant daily
/// hazard `h` (a geometric distribution on `1, 2, ...`), from one alias table over
/// `1..=horizon` and a last column for "later than the horizon" (probability
/// `(1 - h)^horizon`). The table is built when the hazard or the horizon changes, in
/// `O(horizon)`: once per thread for a hazard fixed in the scenario, once per run for an
/// uncertain one.
#[derive(Clone, Debug, Default)]
pub struct Lifetime {
    key: Option<(u64, usize)>,
    table: Alias,
    horizon: u32,
    vose: Vose,
    probs: Vec<f64>,
}

impl Lifetime {
    /// Set the hazard and the horizon in days (the table is kept if both are unchanged).
    /// `h <= 0` or NaN never leaves; `h >= 1` leaves after one day.
    pub fn set(&mut self, h: f64, horizon: usize) {
        if self.key == Some((h.to_bits(), horizon)) {
            return;
        }
        self.key = Some((h.to_bits(), horizon));
        self.horizon = horizon as u32;
        let h = if h.is_nan() || h <= 0.0 { 0.0 } else { h.min(1.0) };
        let q = 1.0 - h;
        self.probs.clear();
        let mut survive = 1.0;
        for _ in 0..horizon {
            self.probs.push(survive * h);
            survive *= q;
        }
        self.probs.push(survive);
        let total: f64 = self.probs.iter().sum();
        self.probs.iter_mut().for_each(|p| *p /= total);
        self.vose.build(&self.probs, &mut self.table);
    }

    /// Days until the item leaves (at least 1), or `None` when that is later than the
    /// horizon. One random number.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> Option<usize> {
        let k = self.sample_index(rng);
        (k < self.horizon).then_some(k as usize + 1)
    }

    /// The same draw as [`Lifetime::sample`] as a column index: `k` in `0..horizon` for
    /// "leaves after `k + 1` days", `horizon` for "later than the horizon".
    #[inline]
    pub fn sample_index(&self, rng: &mut SimRng) -> u32 {
        self.table.sample(rng)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::run_rng;

    /// Chi-square statistic of observed counts against expected probabilities, over the
    /// cells with an expected count of at least 5 (the rest pooled into one cell).
    fn chi2(counts: &[u64], probs: &[f64], n: u64) -> (f64, usize) {
        let (mut stat, mut cells, mut pool_o, mut pool_e) = (0.0, 0usize, 0.0, 0.0);
        for (o, p) in counts.iter().zip(probs) {
            let e = p * n as f64;
            if e >= 5.0 {
                stat += (*o as f64 - e).powi(2) / e;
                cells += 1;
            } else {
                pool_o += *o as f64;
                pool_e += e;
            }
        }
        if pool_e > 0.0 {
            stat += (pool_o - pool_e).powi(2) / pool_e.max(1e-300);
            cells += 1;
        }
        (stat, cells.saturating_sub(1))
    }

    /// The chi-square test passes when the statistic is below `df + 5 sqrt(2 df)`: five
    /// standard deviations of a chi-square with `df` degrees of freedom (mean df, variance
    /// 2 df), so a correct sampler fails with negligible probability at a fixed seed.
    fn assert_fits(counts: &[u64], probs: &[f64], n: u64, what: &str) {
        let (stat, df) = chi2(counts, probs, n);
        let limit = df as f64 + 5.0 * (2.0 * df as f64).sqrt();
        assert!(stat < limit, "{what}: chi-square {stat:.1} on {df} df (limit {limit:.1})");
    }

    fn binom_pmf(n: u64, p: f64) -> Vec<f64> {
        (0..=n)
            .map(|k| {
                let ln = libm::lgamma(n as f64 + 1.0)
                    - libm::lgamma(k as f64 + 1.0)
                    - libm::lgamma((n - k) as f64 + 1.0)
                    + k as f64 * libm::log(p)
                    + (n - k) as f64 * libm::log1p(-p);
                libm::exp(ln)
            })
            .collect()
    }

    #[test]
    fn binomial_tables_fit_the_binomial() {
        let mut rng = run_rng(7, 0);
        for (n, p) in [(10u64, 0.25), (30, 0.75), (1, 0.5), (127, 0.03), (64, 0.45), (500, 0.02)] {
            let mut b = BinomTables::new(p);
            let draws = 200_000;
            let mut counts = vec![0u64; n as usize + 1];
            for _ in 0..draws {
                counts[b.sample(&mut rng, n) as usize] += 1;
            }
            assert_fits(&counts, &binom_pmf(n, p), draws, &format!("Binomial({n}, {p})"));
        }
    }

    #[test]
    fn binomial_tables_edge_cases_and_one_draw_each() {
        let mut rng = run_rng(1, 0);
        let mut twin = run_rng(1, 0);
        for p in [0.0, 1.0, f64::NAN, -1.0, 2.0, 0.3] {
            let mut b = BinomTables::new(p);
            for n in [0u64, 1, 5, 127] {
                let k = b.sample(&mut rng, n);
                let _ = twin.next_u64();
                assert_eq!(rng, twin, "one draw for p = {p}, n = {n}");
                assert!(k <= n);
                if p.is_nan() || p <= 0.0 {
                    assert_eq!(k, 0);
                } else if p >= 1.0 {
                    assert_eq!(k, n);
                }
            }
        }
        // Tables are rebuilt when p changes.
        let mut b = BinomTables::new(0.0);
        assert_eq!(b.sample(&mut rng, 10), 0);
        b.set(1.0);
        assert_eq!(b.sample(&mut rng, 10), 10);
    }

    #[test]
    fn poisson_tables_fit_the_poisson() {
        let mut rng = run_rng(8, 0);
        let mut t = PoissonTables::default();
        for lambda in [0.26, 3.0, 12.1, 75.0, 2500.0] {
            let draws = 200_000;
            let lo = (lambda - 8.0 * libm::sqrt(lambda) - 5.0).max(0.0) as u64;
            let hi = (lambda + 8.0 * libm::sqrt(lambda) + 10.0) as u64;
            let probs: Vec<f64> = (lo..=hi)
                .map(|k| libm::exp(k as f64 * libm::log(lambda) - lambda - libm::lgamma(k as f64 + 1.0)))
                .collect();
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

    #[test]
    fn lifetimes_are_geometric() {
        let mut rng = run_rng(9, 0);
        for (h, horizon) in [(1.0 / 35.0, 520usize), (1.0 / 700.0, 520), (0.5, 100), (1.0 / 225.0, 1300)] {
            let mut l = Lifetime::default();
            l.set(h, horizon);
            let draws = 200_000u64;
            // Cells: days 1..=horizon, and "beyond" (more than horizon days or None).
            let mut counts = vec![0u64; horizon + 1];
            for _ in 0..draws {
                match l.sample(&mut rng) {
                    Some(d) if d <= horizon => counts[d - 1] += 1,
                    _ => counts[horizon] += 1,
                }
            }
            let q = 1.0 - h;
            let mut probs: Vec<f64> = (0..horizon).map(|k| libm::pow(q, k as f64) * h).collect();
            probs.push(libm::pow(q, horizon as f64));
            assert_fits(&counts, &probs, draws, &format!("Geometric({h})"));
        }
        let mut never = Lifetime::default();
        never.set(0.0, 520);
        let mut rng = run_rng(1, 1);
        assert!((0..100).all(|_| never.sample(&mut rng).is_none()));
        let mut now = Lifetime::default();
        now.set(1.0, 520);
        assert!((0..100).all(|_| now.sample(&mut rng) == Some(1)));
    }

    #[test]
    fn vose_matches_the_probabilities_exactly_enough() {
        // The probability of each column, read back from the table, is within 2^-32 x
        // (columns) of the target: each column's threshold is rounded down to 2^-32.
        let probs = [0.1, 0.2, 0.05, 0.65];
        let mut a = Alias::default();
        Vose::default().build(&probs, &mut a);
        let n = a.len() as f64;
        let mut got = [0.0; 4];
        for (i, &e) in a.t.iter().enumerate() {
            let keep = (e as u32) as f64 / 4_294_967_296.0;
            let keep = if (e as u32) == u32::MAX && (e >> 32) as usize == i { 1.0 } else { keep };
            got[i] += keep / n;
            got[(e >> 32) as usize] += (1.0 - keep) / n;
        }
        for (g, p) in got.iter().zip(probs) {
            assert!((g - p).abs() < 4.0 / 4_294_967_296.0, "{g} vs {p}");
        }
    }
}
