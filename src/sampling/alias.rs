//! Walker's alias method (Vose's construction): a draw from any distribution over
//! `0..len` in constant time from one 64-bit random number.

use crate::rng::SimRng;
use rand::Rng;

/// Probabilities below this fraction of the mode's are left out of a table.
const CUT: f64 = 1e-20;

/// A Walker alias table over `0..len`, packed one `u64` per column: the threshold in the
/// low 32 bits (keep the column when the coin is below it) and the alias in the high 32.
/// A column kept whole has threshold `u32::MAX` and itself as alias.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Alias {
    pub(super) t: Vec<u64>,
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
pub(super) fn draw(t: &[u64], x: u64) -> u32 {
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
pub(super) fn unimodal(
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

#[cfg(test)]
mod tests {
    use super::*;

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
