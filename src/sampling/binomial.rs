//! Binomial draws: [`binomial`] for a probability that changes from draw to draw, [`Binom`]
//! for one fixed for a run, and [`BinomTables`] (alias tables per number of trials) for
//! the day loop's small splits.

use super::alias::{Alias, Vose, draw, unimodal};
use super::uniform::uniform01;
use super::{INVERSION_MAX_MEAN, recip};
use crate::rng::SimRng;
use rand::Rng;

/// An exact binomial draw: the number of successes in `n` trials of probability `p`.
///
/// `n == 0` or `p <= 0` (or NaN) gives 0 and `p >= 1` gives `n`, without drawing. For
/// `p > 0.5` the draw is `n - Binomial(n, 1 - p)`. When `n p <= 30`, inversion by
/// sequential search (one random number); otherwise the `n` trials are split into
/// `ceil(n p / 30)` nearly equal chunks whose draws are summed, which is exact because
/// binomials with the same `p` add. The cost is proportional to `n min(p, 1 - p)`.
#[inline]
pub fn binomial(rng: &mut SimRng, n: u64, p: f64) -> u64 {
    if n == 0 || p.is_nan() || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        // 1 - p is exact here (Sterbenz).
        return n - binomial_low(rng, n, 1.0 - p);
    }
    binomial_low(rng, n, p)
}

/// Binomial draw for `0 < p <= 0.5`, computing `q^n` with one `exp`.
#[inline]
fn binomial_low(rng: &mut SimRng, n: u64, p: f64) -> u64 {
    let q = 1.0 - p;
    let ln_q = libm::log1p(-p);
    binomial_chunks(rng, n, p, q, |m| libm::exp(m as f64 * ln_q))
}

/// Inversion when `n p <= 30`, else the sum over chunks of at most 30 expected successes
/// (exact, as binomials with the same `p` add). `pow_q(m)` gives `q^m`.
#[inline]
fn binomial_chunks(rng: &mut SimRng, n: u64, p: f64, q: f64, pow_q: impl Fn(u64) -> f64) -> u64 {
    let mean = n as f64 * p;
    if mean <= INVERSION_MAX_MEAN {
        return binomial_inversion(rng, n, p, q, pow_q(n));
    }
    // At least 2 chunks and at most n (as p <= 0.5), so every chunk has a trial.
    let chunks = (libm::ceil(mean / INVERSION_MAX_MEAN) as u64).clamp(1, n);
    let base = n / chunks;
    let extra = n % chunks;
    let f_base = pow_q(base);
    let f_big = pow_q(base + 1);
    let mut total: u64 = 0;
    for i in 0..chunks {
        total += if i < extra {
            binomial_inversion(rng, base + 1, p, q, f_big)
        } else {
            binomial_inversion(rng, base, p, q, f_base)
        };
    }
    total
}

/// Size of each of the two power tables of [`Binom`].
const POW_TABLE: usize = 64;

/// A binomial sampler for one success probability and any number of trials, for
/// probabilities fixed for a whole run (hazards, shares). It keeps two tables,
/// `q^j` and `q^(64 j)` for `j < 64`, built by repeated multiplication (relative error
/// about 1e-14), so `q^n` for `n < 4096` costs one multiplication instead of a `pow`;
/// larger `n` use `exp(n log q)`. Draws are exact otherwise (inversion, chunked when
/// `n p > 30`), as in [`binomial`].
#[derive(Clone, Debug, PartialEq)]
pub struct Binom {
    /// min(p, 1 - p), or 0 when no draw is needed.
    p: f64,
    /// Whether the draw is `n - Binomial(n, 1 - p)`.
    flip: bool,
    q: f64,
    ln_q: f64,
    lo: [f64; POW_TABLE],
    hi: [f64; POW_TABLE],
}

impl Default for Binom {
    fn default() -> Self {
        Binom::new(0.0)
    }
}

impl Binom {
    /// A sampler for success probability `p` (NaN and `p <= 0` never succeed; `p >= 1`
    /// always does).
    pub fn new(p: f64) -> Binom {
        let (pl, flip) = if p.is_nan() || p <= 0.0 {
            (0.0, false)
        } else if p >= 1.0 {
            (0.0, true)
        } else if p > 0.5 {
            (1.0 - p, true)
        } else {
            (p, false)
        };
        let q = 1.0 - pl;
        let mut lo = [1.0; POW_TABLE];
        let mut hi = [1.0; POW_TABLE];
        for j in 1..POW_TABLE {
            lo[j] = lo[j - 1] * q;
        }
        let q64 = lo[POW_TABLE - 1] * q;
        for j in 1..POW_TABLE {
            hi[j] = hi[j - 1] * q64;
        }
        Binom { p: pl, flip, q, ln_q: libm::log1p(-pl), lo, hi }
    }

    /// `q^m`.
    #[inline]
    fn pow_q(&self, m: u64) -> f64 {
        let (l, h) = ((m % POW_TABLE as u64) as usize, m / POW_TABLE as u64);
        if h < POW_TABLE as u64 { self.lo[l] * self.hi[h as usize] } else { libm::exp(m as f64 * self.ln_q) }
    }

    /// One draw of Binomial(n, p). Unlike [`binomial`], it consumes one random number
    /// even when the answer is certain (`n == 0`, `p` 0 or 1), and exactly one whenever
    /// `n min(p, 1 - p) <= 30`: a model step then uses the same random numbers for the
    /// same purpose in two scenarios whose states differ, which keeps paired comparisons
    /// paired (common random numbers).
    #[inline]
    pub fn sample(&self, rng: &mut SimRng, n: u64) -> u64 {
        if n == 0 || self.p <= 0.0 {
            let _ = rng.next_u64();
            return if self.flip { n } else { 0 };
        }
        let k = binomial_chunks(rng, n, self.p, self.q, |m| self.pow_q(m));
        if self.flip { n - k } else { k }
    }
}

/// Binomial inversion by sequential search; `f0 = q^n`. Stops at `n`, and returns the last
/// `k` if round-off leaves the uniform number above the cumulative sum.
#[inline]
fn binomial_inversion(rng: &mut SimRng, n: u64, p: f64, q: f64, f0: f64) -> u64 {
    let u = uniform01(rng);
    let odds = p / q;
    let mut k: u64 = 0;
    let mut fk = f0;
    let mut cdf = f0;
    while u >= cdf && k < n {
        fk *= (n - k) as f64 * recip(k) * odds;
        k += 1;
        let next = cdf + fk;
        if next == cdf {
            break;
        }
        cdf = next;
    }
    k
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::run_rng;
    use crate::sampling::check::{assert_fits, binom_pmf, check_moments};

    #[test]
    fn binomial_moments_and_distribution() {
        let draws_n = 200_000;
        for &(n, p) in &[(80u64, 0.01), (1000, 0.2), (50, 0.9)] {
            let mut r = run_rng(42, 0);
            let draws: Vec<u64> = (0..draws_n).map(|_| binomial(&mut r, n, p)).collect();
            assert!(draws.iter().all(|&k| k <= n));
            let xs: Vec<f64> = draws.iter().map(|&k| k as f64).collect();
            let (nf, q) = (n as f64, 1.0 - p);
            // Binomial: variance n p q, fourth central moment n p q (1 + 3 (n - 2) p q).
            let var = nf * p * q;
            let mu4 = var * (1.0 + 3.0 * (nf - 2.0) * p * q);
            check_moments(&format!("binomial({n}, {p})"), &xs, nf * p, var, mu4);

            // Exactness: goodness of fit to the probability mass function.
            let mut counts = vec![0u64; n as usize + 1];
            for &k in &draws {
                counts[k as usize] += 1;
            }
            assert_fits(&counts, &binom_pmf(n, p), draws_n, &format!("binomial({n}, {p})"));
        }
    }

    #[test]
    fn huge_trial_counts_do_not_overflow() {
        let mut r = run_rng(42, 0);
        assert!(binomial(&mut r, u64::MAX / 1_000_000, 1e-15) < 1000);
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
}
