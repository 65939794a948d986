//! A scenario number ([`Param`]): a plain value or a distribution, the values it may take
//! ([`Domain`]), and its validation into a [`ParamDist`].
//!
//! A parameter is either a plain number or a distribution (`{ dist = "normal", mean =
//! 0.15, sd = 0.02 }`, or the 90% interval shorthand `{ p5 = 0.1, p95 = 0.2 }`).
//! [`Param::compile`] validates it against the parameter's [`Domain`], reporting every
//! problem, and yields a [`ParamDist`]. A run draws it once, by inversion:
//! [`ParamDist::quantile`] of one uniform number (`Scenario::draw_into`), clamped into the
//! domain. A duration drawn per item instead is tabulated in whole days
//! ([`ParamDist::table`]).
//!
//! # Portability
//!
//! Results must be bit-identical natively and in WebAssembly, so quantiles and CDFs use
//! only `+ - * /`, comparisons and the pure-Rust `libm` crate (see [`crate::special`]),
//! never `f64::exp`, `f64::ln` or `f64::powf`, which call the platform's maths library.

mod compile;
mod dist;
pub mod families;

pub use dist::ParamDist;

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// The distribution names accepted in `dist`.
pub const DIST_NAMES: [&str; families::FAMILIES.len()] = {
    let mut names = [""; families::FAMILIES.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = families::FAMILIES[i].name;
        i += 1;
    }
    names
};

/// The 95th percentile of the standard normal distribution: a `{ p5, p95 }` interval is
/// `median ± SHORTHAND_Z` standard deviations (of the variable, or of its logarithm).
pub const SHORTHAND_Z: f64 = 1.644_853_626_951_472_2;

/// A numeric scenario parameter: a plain number, or a distribution drawn once per run.
///
/// Accepted forms (TOML shown; JSON is the same with JSON syntax):
///
/// * `x = 3.0`: a fixed value.
/// * `x = { dist = "normal", mean = 1.0, sd = 0.2 }`: a named distribution (see
///   [`DistInput`] for each distribution's fields).
/// * `x = { p5 = 1.0, p95 = 4.0 }`: a 90% interval, fitted through
///   its two quantiles as a logit-normal for a rate or share (`0 < p5 < p95 < 1`), a
///   lognormal for any other quantity that cannot be negative when `p5 > 0`, otherwise
///   a normal. The family follows from the quantity, never from its bounds, which only
///   clamp the draws.
///
/// Draws outside the parameter's allowed range are clamped into it (a normal for a rate,
/// for example, is cut at 0 and 1). A distribution whose median lies outside the allowed
/// range is rejected.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // a few dozen per scenario; boxing would only add noise
pub enum Param {
    /// A fixed value, the same in every run.
    Fixed(f64),
    /// An uncertain value, drawn from this distribution once per run.
    Dist(DistInput),
}

impl From<f64> for Param {
    fn from(v: f64) -> Self {
        Param::Fixed(v)
    }
}

/// Hand-written so that a number is a fixed value and a table is parsed as a
/// [`DistInput`] directly: an unknown field inside a distribution is then reported by
/// name, rather than as "did not match any variant". Accepts exactly what
/// `#[serde(untagged)]` would.
impl<'de> Deserialize<'de> for Param {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParamVisitor;

        impl<'de> Visitor<'de> for ParamVisitor {
            type Value = Param;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a number, or a distribution such as { dist = \"normal\", mean = 1.0, \
                     sd = 0.2 } or { p5 = 1.0, p95 = 4.0 }",
                )
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Param, E> {
                Ok(Param::Fixed(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Param, E> {
                Ok(Param::Fixed(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Param, E> {
                Ok(Param::Fixed(v as f64))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Param, A::Error> {
                DistInput::deserialize(de::value::MapAccessDeserializer::new(map)).map(Param::Dist)
            }
            /// A percentage as finance writes it: "20%" is 0.2.
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Param, E> {
                let pct = v.trim().strip_suffix('%').and_then(|n| n.trim().parse::<f64>().ok());
                match pct {
                    Some(x) if x.is_finite() => Ok(Param::Fixed(x / 100.0)),
                    _ => Err(E::custom(format!("{v:?} is not a number or a percentage such as \"20%\""))),
                }
            }
        }

        deserializer.deserialize_any(ParamVisitor)
    }
}

/// A distribution for an uncertain parameter, drawn once per run. Which fields are needed
/// depends on `dist`:
///
/// * `normal`: `mean` and `sd` (or `p5` and `p95`).
/// * `lognormal`: `mean` and `sd` of the value itself, or `mu` and `sigma` of its natural
///   logarithm (or `p5` and `p95`, both positive).
/// * `beta`: `alpha` and `beta`; on 0 to 1, or from `min` to `max` when both are given.
/// * `gamma`: `shape` and `scale`, or `mean` and `sd`.
/// * `uniform`: `min` and `max`.
/// * `triangular`: `min`, `mode` and `max`.
/// * `pert`: `min`, `mode` and `max` (a beta distribution with mean (min + 4 mode + max) / 6).
/// * no `dist`: `p5` and `p95` only, a 90% interval, fitted
///   through its two quantiles as a logit-normal for a rate or share (`0 < p5 < p95 <
///   1`), a lognormal for any other quantity that cannot be negative when `p5 > 0`,
///   otherwise a normal.
///
/// Draws outside the parameter's allowed range are clamped into it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DistInput {
    /// The distribution: "normal", "lognormal", "beta", "gamma", "uniform", "triangular" or
    /// "pert". Leave out for the `{ p5, p95 }` interval shorthand.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["normal", "lognormal", "beta", "gamma", "uniform", "triangular", "pert"]))]
    pub dist: Option<String>,
    /// Mean of the value (normal; lognormal with `sd`; gamma with `sd`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// Standard deviation of the value, greater than 0 (normal; lognormal with `mean`;
    /// gamma with `mean`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
    /// Mean of the natural logarithm of the value (lognormal, with `sigma`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mu: Option<f64>,
    /// Standard deviation of the natural logarithm of the value, greater than 0
    /// (lognormal, with `mu`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sigma: Option<f64>,
    /// First shape parameter, greater than 0 (beta).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    /// Second shape parameter, greater than 0 (beta).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beta: Option<f64>,
    /// Shape, greater than 0 (gamma, with `scale`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<f64>,
    /// Scale, greater than 0; the mean is shape × scale (gamma, with `shape`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<f64>,
    /// Smallest value (uniform, triangular, pert; optionally beta, with `max`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Most likely value, from `min` to `max` (triangular, pert).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<f64>,
    /// Largest value, greater than `min` (uniform, triangular, pert; optionally beta,
    /// with `min`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// 5th percentile: with `p95`, a 90% interval (the shorthand without `dist`, or with
    /// `dist` "normal" or "lognormal").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p5: Option<f64>,
    /// 95th percentile, greater than `p5`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p95: Option<f64>,
}

/// The values a parameter may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Domain {
    /// Any finite number.
    Any,
    /// 0 or more.
    NonNegative,
    /// More than 0 (distribution draws below are clamped to the smallest positive `f64`).
    Positive,
    /// A rate or probability, from 0 to 1 inclusive.
    Rate,
    /// A closed interval `[lo, hi]`.
    Range(f64, f64),
    /// `lo` or more.
    AtLeast(f64),
}

impl Domain {
    /// How the domain reads in a message: "`1.7 is not` a rate between 0 and 1".
    pub fn describe(&self) -> String {
        match *self {
            Domain::Any => "a finite number".to_string(),
            Domain::NonNegative => "a non-negative number".to_string(),
            Domain::Positive => "a positive number".to_string(),
            Domain::Rate => "a rate between 0 and 1".to_string(),
            Domain::Range(lo, hi) => format!("a number between {lo} and {hi}"),
            Domain::AtLeast(lo) => format!("a number of at least {lo}"),
        }
    }

    /// Whether `x` is in the domain (false for NaN).
    pub fn contains(&self, x: f64) -> bool {
        match *self {
            Domain::Any => x.is_finite(),
            Domain::NonNegative => x >= 0.0 && x.is_finite(),
            Domain::Positive => x > 0.0 && x.is_finite(),
            Domain::Rate => (0.0..=1.0).contains(&x),
            Domain::Range(lo, hi) => x >= lo && x <= hi,
            Domain::AtLeast(lo) => x >= lo && x.is_finite(),
        }
    }

    /// `x` moved into the domain (NaN stays NaN).
    pub fn clamp(&self, x: f64) -> f64 {
        let (lo, hi) = self.bounds();
        if x < lo {
            lo
        } else if x > hi {
            hi
        } else {
            x
        }
    }

    /// The closed interval that draws are clamped into.
    fn bounds(&self) -> (f64, f64) {
        match *self {
            Domain::Any => (f64::NEG_INFINITY, f64::INFINITY),
            Domain::NonNegative => (0.0, f64::INFINITY),
            Domain::Positive => (f64::MIN_POSITIVE, f64::INFINITY),
            Domain::Rate => (0.0, 1.0),
            Domain::Range(lo, hi) => (lo, hi),
            Domain::AtLeast(lo) => (lo, f64::INFINITY),
        }
    }

    /// Whether the parameter is a rate or share: every allowed value lies in `[0, 1]`.
    /// Its `{ p5, p95 }` shorthand is a logit-normal.
    pub(crate) fn is_share(&self) -> bool {
        let (lo, hi) = self.bounds();
        lo >= 0.0 && hi <= 1.0
    }

    /// Whether the parameter cannot be negative. Its `{ p5, p95 }` shorthand, when it is
    /// not a share and `p5 > 0`, is a lognormal.
    pub(crate) fn non_negative(&self) -> bool {
        self.bounds().0 >= 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problems;

    pub(super) fn compile(p: &Param, domain: Domain) -> Result<ParamDist, Vec<crate::error::Problem>> {
        let mut problems = Problems::new();
        match p.compile("w.x", domain, &mut problems) {
            Some(d) if problems.is_empty() => Ok(d),
            _ => Err(problems.into_vec()),
        }
    }

    pub(super) fn dist(f: impl FnOnce(&mut DistInput)) -> Param {
        let mut d = DistInput::default();
        f(&mut d);
        Param::Dist(d)
    }

    pub(super) fn named(name: &str, f: impl FnOnce(&mut DistInput)) -> Param {
        dist(|d| {
            d.dist = Some(name.to_string());
            f(d)
        })
    }

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Holder {
        x: Param,
        y: Param,
        z: Param,
    }

    #[test]
    fn serde_round_trips() {
        let text = r#"
            x = 3.0
            y = { dist = "normal", mean = 1.0, sd = 0.2 }
            z = { p5 = 1.0, p95 = 4.0 }
        "#;
        let h: Holder = toml::from_str(text).expect("parses");
        assert_eq!(h.x, Param::Fixed(3.0));
        assert_eq!(h.y, named("normal", |d| (d.mean, d.sd) = (Some(1.0), Some(0.2))));
        assert_eq!(h.z, dist(|d| (d.p5, d.p95) = (Some(1.0), Some(4.0))));

        let json = serde_json::to_string(&h).expect("serialises");
        assert_eq!(json, r#"{"x":3.0,"y":{"dist":"normal","mean":1.0,"sd":0.2},"z":{"p5":1.0,"p95":4.0}}"#);
        assert_eq!(serde_json::from_str::<Holder>(&json).expect("parses"), h);
        let toml_text = toml::to_string(&h).expect("serialises");
        assert_eq!(toml::from_str::<Holder>(&toml_text).expect("parses"), h);

        // Integers are numbers too.
        let h: Holder =
            toml::from_str("x = 3\ny = { dist = \"gamma\", shape = 2, scale = 1 }\nz = -1").expect("parses");
        assert_eq!(h.x, Param::Fixed(3.0));
        assert_eq!(h.z, Param::Fixed(-1.0));
        assert_eq!(Param::from(2.5), Param::Fixed(2.5));
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_rejected_at_parse_time() {
        let err = toml::from_str::<Holder>("x = { dist = \"normal\", mean = 1, sdd = 2 }\ny = 1\nz = 1")
            .expect_err("unknown field");
        assert!(err.to_string().contains("sdd"), "{err}");
        let err = serde_json::from_str::<Holder>(r#"{"x":{"dist":"normal","mean":1,"sdd":2},"y":1,"z":1}"#)
            .expect_err("unknown field");
        assert!(err.to_string().contains("sdd"), "{err}");
        assert!(toml::from_str::<Holder>("x = \"3\"\ny = 1\nz = 1").is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"x":[1],"y":1,"z":1}"#).is_err());
    }

    #[test]
    fn json_schema_describes_the_fields() {
        let schema = serde_json::to_string(&schemars::schema_for!(Param)).expect("serialises");
        assert!(schema.contains("anyOf"), "{schema}");
        assert!(schema.contains("Standard deviation of the natural logarithm"), "{schema}");
        assert!(schema.contains("triangular"), "{schema}");
    }

    #[test]
    fn domains_describe_themselves() {
        assert_eq!(Domain::Rate.describe(), "a rate between 0 and 1");
        assert_eq!(Domain::Range(1.0, 2.5).describe(), "a number between 1 and 2.5");
        assert_eq!(Domain::AtLeast(1.0).describe(), "a number of at least 1");
        assert!(Domain::Rate.contains(1.0) && !Domain::Rate.contains(f64::NAN));
        // A malformed domain rejects everything rather than panicking.
        let mut problems = Problems::new();
        assert!(Param::Fixed(1.0).compile("x", Domain::Range(2.0, 1.0), &mut problems).is_none());
        let d = named("normal", |d| (d.mean, d.sd) = (Some(1.0), Some(1.0)));
        assert!(d.compile("x", Domain::Range(f64::NAN, 1.0), &mut problems).is_none());
    }
}
