//! Exact money.
//!
//! [`Money`] wraps a [`Decimal`] amount in pounds. Arithmetic is exact; nothing
//! goes through binary floating point except the explicit [`Money::to_f64`] for
//! charts and statistics.
//!
//! # The one rounding rule
//!
//! Wherever an amount is rounded (to pence for results and serialisation, to
//! whole pounds or thousands for display), it is rounded **half away from zero**
//! ([`RoundingStrategy::MidpointAwayFromZero`]): 0.005 becomes 0.01, -0.005
//! becomes -0.01, 2.5 becomes 3. This is the "round half up" UK finance users
//! expect from spreadsheets, not the banker's rounding (half to even) of some
//! libraries. The constant [`ROUNDING`] names it.
//!
//! # Text forms
//!
//! * [`Display`](std::fmt::Display) and serialisation: a plain string with exactly
//!   two decimals, `"1000000.00"`, `"-5.50"`.
//! * [`Money::format_gbp`] gives `£1,234,568` (whole pounds, for tables).
//! * [`Money::format_gbp_pence`] gives `£1,234,567.89`.
//! * [`Money::format_short`] gives `£2.4m`, `£950k`, `£12,345` (headlines).
//!
//! Negative amounts (variances, overspends) are written with a leading minus:
//! `−£1,234`.
//!
//! # Input
//!
//! Money is read from a string holding a plain decimal number (`"1000000"`,
//! `"1000000.50"`, `"-20"`) or from an integer. A float in JSON or TOML is
//! rejected, so no amount is silently changed by binary rounding; thousands
//! separators, spaces, currency signs and exponents are rejected too.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

/// The rounding rule used everywhere: half away from zero.
pub const ROUNDING: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// The message given when a float is found where money is expected.
pub const FLOAT_MESSAGE: &str = "money must be a string or an integer, not a float (write \"1234.56\")";

/// An exact amount of money in pounds sterling.
///
/// The amount is kept exactly as computed (it may hold fractions of a penny);
/// [`round_pence`](Money::round_pence) rounds it by the module's one rule (half
/// away from zero). The `Add`, `Sub` and `Sum` operators saturate at the
/// largest representable amount (about 7.9e28) instead of panicking; use the
/// `checked_*` methods to detect overflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    /// Zero pounds.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// An amount of pounds, kept exactly.
    pub const fn from_decimal(amount: Decimal) -> Money {
        Money(amount)
    }

    /// A whole number of pence.
    pub fn from_pence(pence: i64) -> Money {
        Money(Decimal::new(pence, 2))
    }

    /// A whole number of pounds.
    pub fn from_pounds(pounds: i64) -> Money {
        Money(Decimal::from(pounds))
    }

    /// Converts a float amount of pounds (shortest decimal that round-trips);
    /// `None` for NaN, infinities and values out of range. Not rounded.
    pub fn from_f64(pounds: f64) -> Option<Money> {
        Decimal::from_f64(pounds).map(Money)
    }

    /// The exact amount in pounds.
    pub const fn as_decimal(&self) -> Decimal {
        self.0
    }

    /// Rounded to whole pence, half away from zero. Never negative zero.
    pub fn round_pence(&self) -> Money {
        Money(round(self.0, 2))
    }

    /// Rounded to whole pounds, half away from zero. Never negative zero.
    pub fn round_pounds(&self) -> Money {
        Money(round(self.0, 0))
    }

    /// The amount as a float, for charts and statistics only.
    pub fn to_f64(&self) -> f64 {
        self.0.to_f64().unwrap_or(f64::NAN)
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Whether the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.0 < Decimal::ZERO
    }

    /// The absolute amount.
    pub fn abs(&self) -> Money {
        Money(self.0.abs())
    }

    /// Sum, or `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Difference, or `None` on overflow.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// The amount times a factor (a count, a rate, a fraction of a year), exact
    /// within Decimal's 28 significant digits; `None` on overflow. Not rounded.
    pub fn checked_mul(self, factor: Decimal) -> Option<Money> {
        self.0.checked_mul(factor).map(Money)
    }

    /// The amount divided by a divisor; `None` on division by zero or overflow. Not rounded.
    pub fn checked_div(self, divisor: Decimal) -> Option<Money> {
        self.0.checked_div(divisor).map(Money)
    }

    /// The amount times a factor, saturating at the largest amount on overflow.
    pub fn saturating_mul(self, factor: Decimal) -> Money {
        Money(self.0.saturating_mul(factor))
    }

    /// Sum of amounts, or `None` on overflow.
    pub fn checked_sum<'a>(values: impl IntoIterator<Item = &'a Money>) -> Option<Money> {
        values.into_iter().try_fold(Money::ZERO, |acc, m| acc.checked_add(*m))
    }

    /// Whole pounds (rounded half away from zero) with thousands separators:
    /// `£1,234,568`; negative as `−£1,234`.
    pub fn format_gbp(&self) -> String {
        let r = round(self.0.abs(), 0);
        with_sign(self.0, r, &group_thousands(&integer_digits(r)))
    }

    /// Pounds and pence (rounded half away from zero) with thousands separators:
    /// `£1,234,567.89`; negative as `−£1,234.50`.
    pub fn format_gbp_pence(&self) -> String {
        let r = round(self.0.abs(), 2);
        let fixed = fixed2(r);
        let (int, frac) = fixed.split_once('.').unwrap_or((fixed.as_str(), "00"));
        with_sign(self.0, r, &format!("{}.{}", group_thousands(int), frac))
    }

    /// A short form for headline text, rounded half away from zero:
    ///
    /// * under 100,000 pounds: whole pounds, `£12,345`;
    /// * under a million: thousands, `£950k`;
    /// * under a billion: millions to one decimal, `£2.4m`;
    /// * otherwise billions to one decimal, `£1.2bn`.
    ///
    /// The thresholds apply after rounding, so 999,600 is `£1.0m`, not `£1000k`.
    pub fn format_short(&self) -> String {
        let a = self.0.abs();
        let pounds = round(a, 0);
        if pounds < Decimal::from(100_000) {
            return with_sign(self.0, pounds, &group_thousands(&integer_digits(pounds)));
        }
        let thousands = round(a / Decimal::from(1_000), 0);
        if thousands < Decimal::from(1_000) {
            return with_sign(self.0, thousands, &format!("{}k", integer_digits(thousands)));
        }
        let tenth_millions = round(a / Decimal::from(100_000), 0);
        if tenth_millions < Decimal::from(10_000) {
            return with_sign(self.0, tenth_millions, &tenths(tenth_millions, "m"));
        }
        let tenth_billions = round(a / Decimal::from(100_000_000), 0);
        with_sign(self.0, tenth_billions, &tenths(tenth_billions, "bn"))
    }
}

/// Rounds by the module's rule, turning a negative zero into zero.
fn round(d: Decimal, dp: u32) -> Decimal {
    let r = d.round_dp_with_strategy(dp, ROUNDING);
    if r.is_zero() { Decimal::ZERO } else { r }
}

/// The digits of a non-negative whole-number Decimal.
fn integer_digits(d: Decimal) -> String {
    d.trunc().normalize().abs().to_string()
}

/// `"£" + body`, with a leading minus sign (U+2212) if the original amount is negative and
/// the shown (rounded) amount is not zero.
fn with_sign(original: Decimal, shown: Decimal, body: &str) -> String {
    if original < Decimal::ZERO && !shown.is_zero() {
        format!("\u{2212}£{body}")
    } else {
        format!("£{body}")
    }
}

/// A count of tenths written as `units.tenth` plus a suffix: 24 -> `2.4m`.
fn tenths(count: Decimal, suffix: &str) -> String {
    let ten = Decimal::from(10);
    let whole = (count / ten).trunc();
    let tenth = count - whole * ten;
    format!("{}.{}{}", group_thousands(&integer_digits(whole)), integer_digits(tenth), suffix)
}

/// Inserts commas every three digits from the right of a string of digits.
fn group_thousands(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The amount, rounded to pence, written with exactly two decimals.
fn fixed2(d: Decimal) -> String {
    let s = round(d, 2).to_string();
    match s.split_once('.') {
        None => format!("{s}.00"),
        Some((int, frac)) => format!("{int}.{frac:0<2}"),
    }
}

impl fmt::Display for Money {
    /// The amount rounded to pence with exactly two decimals: `1000000.00`, `-5.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fixed2(self.0))
    }
}

/// Why a string is not an amount of money. The message names the input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not an amount of money: {reason}")]
pub struct ParseMoneyError {
    input: String,
    reason: &'static str,
}

impl ParseMoneyError {
    fn new(input: &str, reason: &'static str) -> Self {
        const MAX_SHOWN: usize = 40;
        let input = if input.chars().count() > MAX_SHOWN {
            let mut s: String = input.chars().take(MAX_SHOWN).collect();
            s.push_str("...");
            s
        } else {
            input.to_string()
        };
        ParseMoneyError { input, reason }
    }

    /// The offending input (shortened if very long).
    pub fn input(&self) -> &str {
        &self.input
    }
}

/// Whether `s` is `-?[0-9]+(\.[0-9]+)?`.
fn is_plain_decimal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

impl FromStr for Money {
    type Err = ParseMoneyError;

    /// Parses a plain decimal number of pounds: `"1000000"`, `"1000000.50"`, `"-20"`.
    ///
    /// Rejected: commas, spaces, currency signs, a leading `+`, exponents, and
    /// numbers with more than 28 significant digits or beyond about 7.9e28.
    /// Fractions of a penny are kept exactly.
    fn from_str(s: &str) -> Result<Money, ParseMoneyError> {
        if !is_plain_decimal(s) {
            return Err(ParseMoneyError::new(
                s,
                "write a plain decimal number of pounds such as \"1234.56\" \
                 (no commas, spaces or currency sign)",
            ));
        }
        Decimal::from_str_exact(s)
            .map(Money)
            .map_err(|_| ParseMoneyError::new(s, "it is too large or has more than 28 significant digits"))
    }
}

impl Add for Money {
    type Output = Money;
    /// Saturating addition.
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Money {
    type Output = Money;
    /// Saturating subtraction.
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        *self = *self - rhs;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    /// Saturating sum.
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    /// Saturating sum.
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |acc, m| acc + *m)
    }
}

impl serde::Serialize for Money {
    /// A string with exactly two decimals (rounded to pence): `"1000000.00"`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&fixed2(self.0))
    }
}

struct MoneyVisitor;

impl serde::de::Visitor<'_> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount of money as a string such as \"1234.56\" or an integer")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Money, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Money, E> {
        Ok(Money(Decimal::from(v)))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Money, E> {
        Ok(Money(Decimal::from(v)))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Money, E> {
        Decimal::from_i128(v)
            .map(Money)
            .ok_or_else(|| E::custom(format!("{v} is too large an amount of money")))
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Money, E> {
        Decimal::from_u128(v)
            .map(Money)
            .ok_or_else(|| E::custom(format!("{v} is too large an amount of money")))
    }

    fn visit_f64<E: serde::de::Error>(self, _v: f64) -> Result<Money, E> {
        Err(E::custom(FLOAT_MESSAGE))
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    /// From a plain decimal string or an integer; never from a float.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        deserializer.deserialize_any(MoneyVisitor)
    }
}

impl schemars::JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact amount of money in pounds: a string holding a plain decimal \
                number such as \"1234.56\" or \"1000000\" (no commas, spaces or currency sign), \
                or an integer number of pounds. Floats such as 1234.56 are rejected so that no \
                amount is changed by binary rounding. Output is always a string with two decimals.",
            "anyOf": [
                { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" },
                { "type": "integer" }
            ]
        })
    }
}

/// The `p`-quantile of sorted amounts by Hyndman and Fan's type 7 (the default of
/// numpy and R, and Excel's `PERCENTILE.INC`), computed exactly in Decimal and
/// rounded to pence.
///
/// With `h = (n - 1) p` and `lo = floor(h)`, the result is
/// `x[lo] + (h - lo) (x[lo + 1] - x[lo])`. `sorted` must be in ascending order
/// (not checked). `None` if `sorted` is empty, `p` is outside `0..=1`, or the
/// arithmetic overflows.
pub fn percentile_type7(sorted: &[Money], p: Decimal) -> Option<Money> {
    let last = sorted.len().checked_sub(1)?;
    if p < Decimal::ZERO || p > Decimal::ONE {
        return None;
    }
    let h = Decimal::from_usize(last)?.checked_mul(p)?;
    let lo_dec = h.floor();
    let lo = lo_dec.to_usize()?;
    let frac = h.checked_sub(lo_dec)?;
    let x_lo = *sorted.get(lo)?;
    let value = match sorted.get(lo + 1) {
        Some(x_hi) if !frac.is_zero() => {
            let step = x_hi.0.checked_sub(x_lo.0)?.checked_mul(frac)?;
            x_lo.0.checked_add(step)?
        }
        _ => x_lo.0,
    };
    Some(Money(round(value, 2)))
}

/// The mean of amounts: the exact sum divided by the count, rounded to pence.
/// `None` for an empty slice or on overflow.
pub fn mean(values: &[Money]) -> Option<Money> {
    if values.is_empty() {
        return None;
    }
    let sum = Money::checked_sum(values)?;
    let n = Decimal::from_usize(values.len())?;
    Some(Money(round(sum.0.checked_div(n)?, 2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn format_gbp() {
        assert_eq!(Money::ZERO.format_gbp(), "£0");
        assert_eq!(m("999").format_gbp(), "£999");
        assert_eq!(m("1000").format_gbp(), "£1,000");
        assert_eq!(m("1234567.5").format_gbp(), "£1,234,568");
        assert_eq!(m("1234567.49").format_gbp(), "£1,234,567");
        assert_eq!(m("100000").format_gbp(), "£100,000");
        assert_eq!(m("-1234").format_gbp(), "\u{2212}£1,234");
        assert_eq!(m("-1234.5").format_gbp(), "\u{2212}£1,235");
        assert_eq!(m("-0.4").format_gbp(), "£0");
        assert_eq!(m("0.5").format_gbp(), "£1");
        assert_eq!(m("2.5").format_gbp(), "£3"); // not banker's rounding
    }

    #[test]
    fn format_gbp_pence() {
        assert_eq!(Money::ZERO.format_gbp_pence(), "£0.00");
        assert_eq!(m("1234567.89").format_gbp_pence(), "£1,234,567.89");
        assert_eq!(m("1234567.885").format_gbp_pence(), "£1,234,567.89");
        assert_eq!(m("999.5").format_gbp_pence(), "£999.50");
        assert_eq!(m("-1234.5").format_gbp_pence(), "\u{2212}£1,234.50");
        assert_eq!(m("-0.004").format_gbp_pence(), "£0.00");
        assert_eq!(m("12").format_gbp_pence(), "£12.00");
    }

    #[test]
    fn format_short() {
        assert_eq!(Money::ZERO.format_short(), "£0");
        assert_eq!(m("12345").format_short(), "£12,345");
        assert_eq!(m("99999.49").format_short(), "£99,999");
        assert_eq!(m("99999.5").format_short(), "£100k");
        assert_eq!(m("950000").format_short(), "£950k");
        assert_eq!(m("949500").format_short(), "£950k");
        assert_eq!(m("999499").format_short(), "£999k");
        assert_eq!(m("999600").format_short(), "£1.0m");
        assert_eq!(m("2400000").format_short(), "£2.4m");
        assert_eq!(m("2450000").format_short(), "£2.5m");
        assert_eq!(m("12345678").format_short(), "£12.3m");
        assert_eq!(m("999960000").format_short(), "£1.0bn");
        assert_eq!(m("1234000000000").format_short(), "£1,234.0bn");
        assert_eq!(m("-2400000").format_short(), "\u{2212}£2.4m");
        assert_eq!(m("-950000").format_short(), "\u{2212}£950k");
        assert_eq!(m("-0.2").format_short(), "£0");
    }

    #[test]
    fn extremes_do_not_panic() {
        let big = Money::from_decimal(Decimal::MAX);
        let small = Money::from_decimal(Decimal::MIN);
        for x in [big, small, Money::from_decimal(Decimal::new(1, 28)), -Money::ZERO] {
            let _ = (x.format_gbp(), x.format_gbp_pence(), x.format_short(), x.to_string());
            let _ = (x.round_pence(), x.round_pounds(), x.to_f64());
            let _ = (x + big, x - big, x + small, x - small, -x);
            let _ =
                (x.checked_mul(Decimal::MAX), x.checked_div(Decimal::ZERO), x.saturating_mul(Decimal::MAX));
        }
        assert_eq!(big + big, big);
        assert_eq!(small - big, small);
        assert_eq!(big.checked_add(Money::from_pounds(1)), None);
        assert_eq!([big, big].iter().sum::<Money>(), big);
        assert_eq!(Money::checked_sum(&[big, big]), None);
        assert_eq!(mean(&[big, big]), None);
        assert_eq!(percentile_type7(&[small, big], d("0.5")), None);
        assert_eq!(big.to_string(), "79228162514264337593543950335.00");
        assert_eq!(big.format_short(), "£79,228,162,514,264,337,593.5bn");
        assert_eq!(Money::from_f64(f64::NAN), None);
        assert_eq!(Money::from_f64(1e300), None);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(m("0.005").round_pence(), m("0.01"));
        assert_eq!(m("0.015").round_pence(), m("0.02"));
        assert_eq!(m("0.025").round_pence(), m("0.03"));
        assert_eq!(m("-0.005").round_pence(), m("-0.01"));
        assert_eq!(m("0.0049").round_pence(), Money::ZERO);
        assert_eq!(m("-0.001").round_pence().to_string(), "0.00");
        assert_eq!(m("2.5").round_pounds(), m("3"));
        assert_eq!(m("-2.5").round_pounds(), m("-3"));
    }

    #[test]
    fn display_and_constructors() {
        assert_eq!(Money::ZERO.to_string(), "0.00");
        assert_eq!(Money::from_pence(123_456).to_string(), "1234.56");
        assert_eq!(Money::from_pence(-5).to_string(), "-0.05");
        assert_eq!(Money::from_pounds(1_000_000).to_string(), "1000000.00");
        assert_eq!(m("-5.5").to_string(), "-5.50");
        assert_eq!(m("1.005").to_string(), "1.01");
        assert_eq!(Money::from_decimal(d("1.5")).as_decimal(), d("1.5"));
        assert_eq!(Money::from_f64(0.1), Some(m("0.1")));
        assert_eq!(m("1234.56").to_f64(), 1234.56);
        assert_eq!(Money::default(), Money::ZERO);
    }

    #[test]
    fn arithmetic() {
        let mut a = m("10.50");
        a += m("0.25");
        assert_eq!(a, m("10.75"));
        a -= m("20");
        assert_eq!(a, m("-9.25"));
        assert!(a.is_negative());
        assert_eq!(a.abs(), m("9.25"));
        assert_eq!(-a, m("9.25"));
        assert_eq!(m("3") - m("1"), m("2"));
        assert_eq!(m("100").checked_mul(d("0.175")), Some(m("17.5")));
        assert_eq!(m("100").checked_div(d("3")).map(|x| x.round_pence()), Some(m("33.33")));
        assert_eq!(m("1").checked_sub(m("3")), Some(m("-2")));
        let v = [m("1"), m("2.5"), m("-0.5")];
        assert_eq!(v.iter().copied().sum::<Money>(), m("3"));
        assert_eq!(v.iter().sum::<Money>(), m("3"));
        // 1.0 and 1.00 are the same amount (and hash alike).
        assert_eq!(m("1.0"), m("1.00"));
        use std::collections::HashSet;
        let set: HashSet<Money> = [m("1.0"), m("1.00"), m("1")].into_iter().collect();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn parse_errors_name_the_input() {
        for bad in [
            "1,000,000",
            "",
            " 1",
            "1 ",
            "£1",
            "£1",
            "+1",
            "1e5",
            "1.",
            ".5",
            "1_000",
            "--1",
            "1.2.3",
            "NaN",
            "-",
        ] {
            let err = bad.parse::<Money>().unwrap_err();
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
            assert_eq!(err.input(), bad);
        }
        let long = "9".repeat(40);
        let err = long.parse::<Money>().unwrap_err();
        assert!(err.to_string().contains("too large"), "{err}");
        let huge = "x".repeat(10_000);
        let err = huge.parse::<Money>().unwrap_err();
        assert!(err.to_string().len() < 200);
        assert_eq!(m("1000000.50"), Money::from_pence(100_000_050));
        assert_eq!(m("-20"), Money::from_pounds(-20));
        assert_eq!(m("0.123"), Money::from_decimal(d("0.123")));
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Budget {
        amount: Money,
    }

    #[test]
    fn serde_json() {
        let b = Budget { amount: m("1000000") };
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, r#"{"amount":"1000000.00"}"#);
        assert_eq!(serde_json::from_str::<Budget>(&json).unwrap(), b);
        let from_int: Budget = serde_json::from_str(r#"{"amount":1000000}"#).unwrap();
        assert_eq!(from_int, b);
        let neg: Budget = serde_json::from_str(r#"{"amount":-5}"#).unwrap();
        assert_eq!(neg.amount, m("-5"));
        let half: Budget = serde_json::from_str(r#"{"amount":"1000000.50"}"#).unwrap();
        assert_eq!(half.amount, Money::from_pence(100_000_050));
        assert_eq!(serde_json::to_string(&half).unwrap(), r#"{"amount":"1000000.50"}"#);

        let float = serde_json::from_str::<Budget>(r#"{"amount":1234.56}"#).unwrap_err();
        assert!(float.to_string().contains(FLOAT_MESSAGE), "{float}");
        let float = serde_json::from_str::<Budget>(r#"{"amount":1e6}"#).unwrap_err();
        assert!(float.to_string().contains(FLOAT_MESSAGE), "{float}");
        let commas = serde_json::from_str::<Budget>(r#"{"amount":"1,000,000"}"#).unwrap_err();
        assert!(commas.to_string().contains("\"1,000,000\""), "{commas}");
        let other = serde_json::from_str::<Budget>(r#"{"amount":true}"#).unwrap_err();
        assert!(other.to_string().contains("1234.56"), "{other}");
        let big = serde_json::from_str::<Budget>(r#"{"amount":18446744073709551615}"#).unwrap();
        assert_eq!(big.amount, Money::from_decimal(Decimal::from(u64::MAX)));
    }

    #[test]
    fn serde_toml() {
        let b = Budget { amount: m("1234.5") };
        let text = toml::to_string(&b).unwrap();
        assert_eq!(text.trim(), r#"amount = "1234.50""#);
        assert_eq!(toml::from_str::<Budget>(&text).unwrap(), b);
        let from_int: Budget = toml::from_str("amount = 1234").unwrap();
        assert_eq!(from_int.amount, m("1234"));
        let from_str: Budget = toml::from_str(r#"amount = "1000000""#).unwrap();
        assert_eq!(from_str.amount, Money::from_pounds(1_000_000));
        let float = toml::from_str::<Budget>("amount = 1234.56").unwrap_err();
        assert!(float.to_string().contains(FLOAT_MESSAGE), "{float}");
        let commas = toml::from_str::<Budget>(r#"amount = "1,000,000""#).unwrap_err();
        assert!(commas.to_string().contains("not an amount of money"), "{commas}");
    }

    #[test]
    fn json_schema() {
        let schema = schemars::schema_for!(Money);
        let v = serde_json::to_value(&schema).unwrap();
        assert!(v["description"].as_str().unwrap().contains("1234.56"));
        let any = v["anyOf"].as_array().unwrap();
        assert_eq!(any[0]["type"], "string");
        assert_eq!(any[1]["type"], "integer");
    }

    #[test]
    fn percentile_type7_matches_numpy() {
        let x: Vec<Money> = ["1", "2", "3", "4"].iter().map(|s| m(s)).collect();
        // numpy.percentile([1, 2, 3, 4], [50, 5, 95, 0, 100, 25, 75])
        assert_eq!(percentile_type7(&x, d("0.5")), Some(m("2.5")));
        assert_eq!(percentile_type7(&x, d("0.05")), Some(m("1.15")));
        assert_eq!(percentile_type7(&x, d("0.95")), Some(m("3.85")));
        assert_eq!(percentile_type7(&x, d("0")), Some(m("1")));
        assert_eq!(percentile_type7(&x, d("1")), Some(m("4")));
        assert_eq!(percentile_type7(&x, d("0.25")), Some(m("1.75")));
        assert_eq!(percentile_type7(&x, d("0.75")), Some(m("3.25")));
        // numpy.percentile([10, 20, 35], 90) == 32.0; rounded to pence.
        let y = [m("10"), m("20"), m("35")];
        assert_eq!(percentile_type7(&y, d("0.9")), Some(m("32")));
        // numpy.percentile([0, 0.01], 50) == 0.005 -> rounds half away from zero.
        assert_eq!(percentile_type7(&[m("0"), m("0.01")], d("0.5")), Some(m("0.01")));
        let single = [m("123.456")];
        for p in ["0", "0.05", "0.5", "1"] {
            assert_eq!(percentile_type7(&single, d(p)), Some(m("123.46")));
        }
        assert_eq!(percentile_type7(&[], d("0.5")), None);
        assert_eq!(percentile_type7(&x, d("1.01")), None);
        assert_eq!(percentile_type7(&x, d("-0.01")), None);
    }

    #[test]
    fn mean_is_exact_then_rounded() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[m("1"), m("2")]), Some(m("1.5")));
        assert_eq!(mean(&[m("0.01"), m("0"), m("0")]), Some(m("0")));
        assert_eq!(mean(&[m("0.01"), m("0.02")]), Some(m("0.02"))); // 0.015 rounds up
        assert_eq!(mean(&[m("100"), m("0"), m("0")]), Some(m("33.33")));
        assert_eq!(mean(&[m("-0.01"), m("-0.02")]), Some(m("-0.02")));
    }
}
