//! Exact, order-free sums of `f64` values, for means that do not depend on the order or
//! grouping of runs.

/// Exact sum of finite `f64` values, whatever their order: each value is an integer
/// mantissa `m < 2^53` times `2^(s - 1074)` with `0 <= s < 2046`; `m << (s % 32)` is added
/// into the `i128` of its group of 32 exponents `s / 32`. An addition of integers is
/// exact and order-free as long as no group overflows, which takes 2^43 values. Only the
/// groups used are stored (one or two for a column of similar values), sorted.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct ExactSum {
    pub(super) groups: Vec<(u16, i128)>,
}

impl ExactSum {
    pub(super) fn add(&mut self, x: f64) {
        self.add_times(x, 1);
    }
    /// Add `x` `c` times: `c (m << (s % 32))` into its group, the same integer as `c`
    /// additions (below 2^116 for `c < 2^32`, so no overflow).
    #[inline]
    pub(super) fn add_times(&mut self, x: f64, c: u32) {
        if let Some((g, v)) = Self::term(x, c) {
            self.add_group(g, v);
        }
    }
    /// `x` as its group and the signed integer it adds into it (0 for a zero), without a
    /// branch: `m << (s % 32)` in group `s / 32`, where `m` is the significand (with its
    /// implicit bit) and `s` the biased exponent less one (0 for subnormals).
    #[inline(always)]
    fn split(x: f64) -> (usize, i128) {
        let bits = x.to_bits();
        let e = (bits >> 52) & 0x7ff;
        let normal = u64::from(e != 0);
        let m = (bits & ((1u64 << 52) - 1)) | (normal << 52);
        let s = e - normal;
        let v = (m as i128) << (s % 32);
        // 0 or -1: v, or -v for a negative value.
        let neg = -((bits >> 63) as i128);
        ((s / 32) as usize, (v ^ neg).wrapping_sub(neg))
    }
    /// `c` times `x` as its group and the integer added into it (None for zero).
    #[inline]
    fn term(x: f64, c: u32) -> Option<(u16, i128)> {
        let (g, v) = Self::split(x);
        (v != 0).then(|| (g as u16, v * c as i128))
    }
    /// The sum of values each added `c` times: the same groups and integers as
    /// [`ExactSum::add_times`] one by one, added in a dense array of the 64 groups.
    pub(super) fn of_counts(values: impl Iterator<Item = (f64, u32)>) -> ExactSum {
        let mut dense = [0i128; 64];
        let mut used = 0u64;
        for (g, v) in values.filter_map(|(x, c)| Self::term(x, c)) {
            let g = g as usize;
            dense[g] = dense[g].wrapping_add(v);
            used |= 1 << g;
        }
        let groups = (0..64u16).filter(|&g| used >> g & 1 == 1).map(|g| (g, dense[g as usize])).collect();
        ExactSum { groups }
    }
    fn add_group(&mut self, g: u16, v: i128) {
        match self.groups.binary_search_by_key(&g, |p| p.0) {
            Ok(i) => self.groups[i].1 = self.groups[i].1.wrapping_add(v),
            Err(i) => self.groups.insert(i, (g, v)),
        }
    }
    pub(super) fn merge(&mut self, o: &ExactSum) {
        for &(g, v) in &o.groups {
            self.add_group(g, v);
        }
    }
    /// The sum as an `f64`: each group's integer converted (correctly rounded) and scaled
    /// exactly, added from the smallest group up. A fixed procedure on an order-free
    /// state, so deterministic; within a few units in the last place of the exact sum.
    pub(super) fn value(&self) -> f64 {
        self.groups.iter().fold(0.0, |acc, &(g, v)| acc + libm::scalbn(v as f64, 32 * g as i32 - 1074))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exact_sum_is_exact_and_order_free() {
        let mut s = ExactSum::default();
        for x in [1e16, 1.0, -1e16, 0.1, 5e-324, -0.1] {
            s.add(x);
        }
        // 1 + 5e-324 rounds to 1: the sum is exact before the final conversion.
        assert_eq!(s.value(), 1.0);
        let mut t = ExactSum::default();
        t.add(0.1);
        t.add(0.2);
        // 0.1 + 0.2 in binary is 0.3000000000000000166..., correctly rounded to the
        // double above 0.3, as `0.1 + 0.2` itself is.
        assert_eq!(t.value(), 0.1 + 0.2);
        let mut u = ExactSum::default();
        u.add(0.2);
        u.merge(&{
            let mut v = ExactSum::default();
            v.add(0.1);
            v
        });
        assert_eq!(t, u);
        // `of_counts` gives the state of adding each value its count of times, zeros,
        // negatives and subnormals too.
        let xs = [1e16, 1.0, -1e16, 0.1, 5e-324, -0.1, 0.0, -0.0, 3.5e300, -2.5e-310, 7.0];
        for k in 0..=xs.len() {
            let mut one_by_one = ExactSum::default();
            for (i, &x) in xs[..k].iter().enumerate() {
                one_by_one.add_times(x, i as u32 + 1);
            }
            let of = ExactSum::of_counts(xs[..k].iter().enumerate().map(|(i, &x)| (x, i as u32 + 1)));
            assert_eq!(of, one_by_one, "{k}");
        }
    }
}
