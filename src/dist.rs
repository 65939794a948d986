//! Probability distributions: uncertain scenario parameters and per-day process noise.
//!
//! Two kinds of randomness run through a simulation:
//!
//! * **Parameter uncertainty.** A scenario number ([`Param`]) is either a plain number or a
//!   distribution (`{ dist = "normal", mean = 0.15, sd = 0.02 }`, or the 90% interval
//!   shorthand `{ p5 = 0.1, p95 = 0.2 }`). [`Param::compile`] validates it against the
//!   parameter's [`Domain`], reporting every problem, and yields a [`ParamDist`]. A run
//!   draws it by inversion, [`ParamDist::quantile`] of one uniform number (see
//!   `Scenario::draw_into`); quantiles are clamped into the domain.
//! * **Process noise.** Every simulated day draws counts of events: [`poisson`] arrivals,
//!   [`binomial`] leavers, [`bernoulli`] outcomes, and durations from a [`DiscreteTable`]
//!   (a distribution of whole working days, tabulated once). These samplers are exact (no
//!   normal approximation), allocation-free and consume a small, fixed pattern of random
//!   numbers.
//!
//! # Portability
//!
//! Results must be bit-identical natively and in WebAssembly. Every function here therefore
//! uses only `+ - * /`, comparisons, `sqrt` and the pure-Rust `libm` crate (see
//! [`crate::special`]), never `f64::exp`, `f64::ln` or `f64::powf`, which call the
//! platform's maths library.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::Problems;
use crate::sampling::DiscreteTable;
use crate::special::{beta_i, gamma_p, std_normal_cdf, std_normal_quantile};

/// The distribution names accepted in `dist`.
pub const DIST_NAMES: [&str; 7] = ["normal", "lognormal", "beta", "gamma", "uniform", "triangular", "pert"];

/// The 95th percentile of the standard normal distribution: a `{ p5, p95 }` interval is
/// `median ± SHORTHAND_Z` standard deviations (of the variable, or of its logarithm).
pub const SHORTHAND_Z: f64 = 1.644_853_626_951_472_2;

// ------------------------------------------------------------------------------------------
// Scenario input
// ------------------------------------------------------------------------------------------

/// A numeric scenario parameter: a plain number, or a distribution drawn once per run.
///
/// Accepted forms (TOML shown; JSON is the same with JSON syntax):
///
/// * `x = 3.0`: a fixed value.
/// * `x = { dist = "normal", mean = 1.0, sd = 0.2 }`: a named distribution (see
///   [`DistInput`] for each distribution's fields).
/// * `x = { p5 = 1.0, p95 = 4.0 }`: a 90% interval, fitted as a lognormal when the
///   parameter can only be positive (or non-negative) and `0 < p5 < p95`, otherwise as a
///   normal.
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
/// * no `dist`: `p5` and `p95` only, a 90% interval; fitted as a lognormal when the
///   parameter can only be positive (or non-negative) and `0 < p5 < p95`, otherwise as a
///   normal.
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

    /// Whether the `{ p5, p95 }` shorthand is fitted as a lognormal: the domain is bounded
    /// below at 0 or above, and unbounded above.
    fn positive_skewed(&self) -> bool {
        match *self {
            Domain::NonNegative | Domain::Positive => true,
            Domain::AtLeast(lo) => lo >= 0.0,
            Domain::Any | Domain::Rate | Domain::Range(..) => false,
        }
    }
}

/// A validated parameter: a fixed value or a distribution, with the domain it is clamped
/// into. Built by [`Param::compile`] or [`ParamDist::fixed`].
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDist {
    kind: Kind,
    lo: f64,
    hi: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Fixed(f64),
    Normal {
        mean: f64,
        sd: f64,
    },
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    Gamma {
        shape: f64,
        scale: f64,
    },
    /// Beta(alpha, beta) stretched onto `[min, max]`; also PERT.
    Beta {
        alpha: f64,
        beta: f64,
        min: f64,
        max: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
}

impl Param {
    /// Validates the parameter for a field at `path` whose values must lie in `domain`.
    ///
    /// Every problem found is pushed to `problems` (non-finite values, a fixed value
    /// outside the domain, an unknown distribution name, missing or superfluous fields,
    /// impossible parameters, a distribution whose median lies outside the domain); the
    /// result is `None` if there was any. A distribution whose support reaches beyond the
    /// domain is accepted: its draws are clamped into the domain.
    pub fn compile(&self, path: &str, domain: Domain, problems: &mut Problems) -> Option<ParamDist> {
        let (lo, hi) = domain.bounds();
        match self {
            Param::Fixed(v) => {
                let v = *v;
                if !check_finite(path, v, problems) {
                    return None;
                }
                if !domain.contains(v) {
                    problems.push(path, format!("{v} is not {}", domain.describe()));
                    return None;
                }
                Some(ParamDist { kind: Kind::Fixed(v), lo, hi })
            }
            Param::Dist(input) => {
                let kind = input.compile(path, domain, problems)?;
                let dist = ParamDist { kind, lo, hi };
                let median = if kind.params_finite() { kind.quantile(0.5) } else { f64::NAN };
                let (s_lo, s_hi) = kind.support();
                if !median.is_finite() {
                    problems.push(
                        path,
                        "these values are too extreme to compute; use values of a more moderate size",
                    );
                    None
                } else if s_hi < lo || s_lo > hi {
                    problems.push(
                        path,
                        format!(
                            "this {} lies entirely outside {}: its values run from {s_lo} to {s_hi}",
                            kind.name(),
                            domain.describe()
                        ),
                    );
                    None
                } else if !domain.contains(median) {
                    problems.push(
                        path,
                        format!("the median of this {}, {median}, is not {}", kind.name(), domain.describe()),
                    );
                    None
                } else {
                    Some(dist)
                }
            }
        }
    }
}

/// Pushes a problem and returns false if `v` is NaN or infinite.
fn check_finite(path: &str, v: f64, problems: &mut Problems) -> bool {
    if v.is_nan() {
        problems.push(path, "NaN is not a number");
        false
    } else if v.is_infinite() {
        problems.push(path, format!("{v} is not a finite number"));
        false
    } else {
        true
    }
}

/// What each distribution needs: alternative sets of required fields, and optional ones.
struct Family {
    name: &'static str,
    alternatives: &'static [&'static [&'static str]],
    optional: &'static [&'static str],
    needs: &'static str,
}

const FAMILIES: [Family; 7] = [
    Family {
        name: "normal",
        alternatives: &[&["mean", "sd"], &["p5", "p95"]],
        optional: &[],
        needs: "normal needs mean and sd, or p5 and p95",
    },
    Family {
        name: "lognormal",
        alternatives: &[&["mean", "sd"], &["mu", "sigma"], &["p5", "p95"]],
        optional: &[],
        needs: "lognormal needs mean and sd, or mu and sigma, or p5 and p95",
    },
    Family {
        name: "beta",
        alternatives: &[&["alpha", "beta"]],
        optional: &["min", "max"],
        needs: "beta needs alpha and beta, and optionally min and max",
    },
    Family {
        name: "gamma",
        alternatives: &[&["shape", "scale"], &["mean", "sd"]],
        optional: &[],
        needs: "gamma needs shape and scale, or mean and sd",
    },
    Family {
        name: "uniform",
        alternatives: &[&["min", "max"]],
        optional: &[],
        needs: "uniform needs min and max",
    },
    Family {
        name: "triangular",
        alternatives: &[&["min", "mode", "max"]],
        optional: &[],
        needs: "triangular needs min, mode and max",
    },
    Family {
        name: "pert",
        alternatives: &[&["min", "mode", "max"]],
        optional: &[],
        needs: "pert needs min, mode and max",
    },
];

const SHORTHAND: Family = Family {
    name: "the { p5, p95 } shorthand",
    alternatives: &[&["p5", "p95"]],
    optional: &[],
    needs: "the shorthand needs p5 and p95",
};

impl DistInput {
    /// The numeric fields, by name.
    fn fields(&self) -> [(&'static str, Option<f64>); 13] {
        [
            ("mean", self.mean),
            ("sd", self.sd),
            ("mu", self.mu),
            ("sigma", self.sigma),
            ("alpha", self.alpha),
            ("beta", self.beta),
            ("shape", self.shape),
            ("scale", self.scale),
            ("min", self.min),
            ("mode", self.mode),
            ("max", self.max),
            ("p5", self.p5),
            ("p95", self.p95),
        ]
    }

    fn get(&self, name: &str) -> f64 {
        self.fields().iter().find(|(n, _)| *n == name).and_then(|(_, v)| *v).unwrap_or(f64::NAN)
    }

    /// Structural and value checks; the domain checks are left to [`Param::compile`].
    fn compile(&self, path: &str, domain: Domain, problems: &mut Problems) -> Option<Kind> {
        let before = problems.len();
        let fields = self.fields();
        for (name, v) in fields {
            if let Some(v) = v {
                check_finite(&format!("{path}.{name}"), v, problems);
            }
        }
        let present = |name: &str| fields.iter().any(|(n, v)| *n == name && v.is_some());

        let family = match &self.dist {
            Some(name) => match FAMILIES.iter().find(|f| f.name == name.as_str()) {
                Some(f) => f,
                None => {
                    problems.push(
                        format!("{path}.dist"),
                        format!("{name:?} is not a distribution; use one of {}", DIST_NAMES.join(", ")),
                    );
                    return None;
                }
            },
            None => {
                if fields.iter().any(|(n, v)| v.is_some() && *n != "p5" && *n != "p95") {
                    problems.push(
                        format!("{path}.dist"),
                        format!(
                            "missing; name the distribution (one of {}), or give only p5 and p95 \
                             for a 90% interval",
                            DIST_NAMES.join(", ")
                        ),
                    );
                    return None;
                }
                &SHORTHAND
            }
        };

        // The alternative with the most fields given (the first on a tie).
        let mut alt_index = 0;
        let mut best = 0;
        for (i, alt) in family.alternatives.iter().enumerate() {
            let n = alt.iter().filter(|f| present(f)).count();
            if n > best {
                best = n;
                alt_index = i;
            }
        }
        let alt = family.alternatives[alt_index];
        for field in alt {
            if !present(field) {
                problems.push(format!("{path}.{field}"), format!("missing; {}", family.needs));
            }
        }
        for (name, v) in fields {
            if v.is_some() && !alt.contains(&name) && !family.optional.contains(&name) {
                problems
                    .push(format!("{path}.{name}"), format!("not used by {}; {}", family.name, family.needs));
            }
        }
        if family.name == "beta" && present("min") != present("max") {
            let missing = if present("min") { "max" } else { "min" };
            problems.push(format!("{path}.{missing}"), "missing; a beta with min or max needs both");
        }
        if problems.len() > before {
            return None;
        }

        let v = |name: &str| self.get(name);
        let mut check = |ok: bool, field: &str, message: String| {
            if !ok {
                problems.push(format!("{path}.{field}"), message);
            }
        };
        let positive = |check: &mut dyn FnMut(bool, &str, String), field: &str| {
            let x = v(field);
            check(x > 0.0, field, format!("{x} is not greater than 0"));
        };
        let ordered = |check: &mut dyn FnMut(bool, &str, String), low: &str, high: &str| {
            let (a, b) = (v(low), v(high));
            check(b > a, high, format!("{b} is not greater than {low} ({a})"));
            // The width must be representable, or the arithmetic overflows.
            check(
                b <= a || (b - a).is_finite(),
                high,
                format!("the range from {a} to {b} is too wide to compute"),
            );
        };
        let mode_between = |check: &mut dyn FnMut(bool, &str, String)| {
            let (a, m, b) = (v("min"), v("mode"), v("max"));
            check(m >= a && m <= b, "mode", format!("{m} is not between min ({a}) and max ({b})"));
        };
        let alt_name = alt[0];
        match (family.name, alt_name) {
            ("normal", "mean") | ("gamma", "mean") => {
                if family.name == "gamma" {
                    positive(&mut check, "mean");
                }
                positive(&mut check, "sd");
            }
            ("lognormal", "mean") => {
                let m = v("mean");
                check(
                    m > 0.0,
                    "mean",
                    format!("{m} is not greater than 0; a lognormal value is always positive"),
                );
                positive(&mut check, "sd");
            }
            ("lognormal", "mu") => positive(&mut check, "sigma"),
            ("lognormal", "p5") => {
                let p5 = v("p5");
                check(
                    p5 > 0.0,
                    "p5",
                    format!("{p5} is not greater than 0; a lognormal value is always positive"),
                );
                ordered(&mut check, "p5", "p95");
            }
            (_, "p5") => ordered(&mut check, "p5", "p95"),
            ("beta", _) => {
                positive(&mut check, "alpha");
                positive(&mut check, "beta");
                if present("min") {
                    ordered(&mut check, "min", "max");
                }
            }
            ("gamma", _) => {
                positive(&mut check, "shape");
                positive(&mut check, "scale");
            }
            ("uniform", _) => ordered(&mut check, "min", "max"),
            _ => {
                // triangular, pert
                ordered(&mut check, "min", "max");
                mode_between(&mut check);
            }
        }
        if problems.len() > before {
            return None;
        }

        let kind = match (family.name, alt_name) {
            ("normal", "mean") => Kind::Normal { mean: v("mean"), sd: v("sd") },
            ("normal", _) => fit_normal(v("p5"), v("p95")),
            ("lognormal", "mean") => {
                let (mean, sd) = (v("mean"), v("sd"));
                let cv = sd / mean;
                let var_log = libm::log1p(cv * cv);
                Kind::LogNormal { mu: libm::log(mean) - 0.5 * var_log, sigma: libm::sqrt(var_log) }
            }
            ("lognormal", "mu") => Kind::LogNormal { mu: v("mu"), sigma: v("sigma") },
            ("lognormal", _) => fit_lognormal(v("p5"), v("p95")),
            ("beta", _) => {
                let (min, max) = if present("min") { (v("min"), v("max")) } else { (0.0, 1.0) };
                Kind::Beta { alpha: v("alpha"), beta: v("beta"), min, max }
            }
            ("gamma", "shape") => Kind::Gamma { shape: v("shape"), scale: v("scale") },
            ("gamma", _) => {
                let (mean, sd) = (v("mean"), v("sd"));
                let ratio = mean / sd;
                Kind::Gamma { shape: ratio * ratio, scale: sd * (sd / mean) }
            }
            ("uniform", _) => Kind::Uniform { min: v("min"), max: v("max") },
            ("triangular", _) => Kind::Triangular { min: v("min"), mode: v("mode"), max: v("max") },
            ("pert", _) => {
                let (min, mode, max) = (v("min"), v("mode"), v("max"));
                let t = (mode - min) / (max - min);
                Kind::Beta { alpha: 1.0 + 4.0 * t, beta: 1.0 + 4.0 * (1.0 - t), min, max }
            }
            _ => {
                // The shorthand.
                let (p5, p95) = (v("p5"), v("p95"));
                if domain.positive_skewed() && p5 > 0.0 {
                    fit_lognormal(p5, p95)
                } else {
                    fit_normal(p5, p95)
                }
            }
        };
        Some(kind)
    }
}

/// The normal with 5th and 95th percentiles `p5` and `p95`.
fn fit_normal(p5: f64, p95: f64) -> Kind {
    Kind::Normal { mean: 0.5 * p5 + 0.5 * p95, sd: (0.5 * p95 - 0.5 * p5) / SHORTHAND_Z }
}

/// The lognormal with 5th and 95th percentiles `p5` and `p95` (both positive).
fn fit_lognormal(p5: f64, p95: f64) -> Kind {
    let (a, b) = (libm::log(p5), libm::log(p95));
    Kind::LogNormal { mu: 0.5 * (a + b), sigma: 0.5 * (b - a) / SHORTHAND_Z }
}

// ------------------------------------------------------------------------------------------
// Validated parameters
// ------------------------------------------------------------------------------------------

/// Clamps into `[lo, hi]` without the panics of `f64::clamp` (NaN passes through).
#[inline]
fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

/// `a + t (b - a)`, without overflow when `b - a` is not representable.
#[inline]
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let w = b - a;
    if w.is_finite() { a + t * w } else { a * (1.0 - t) + b * t }
}

impl ParamDist {
    /// A fixed value, not clamped to any domain.
    pub fn fixed(v: f64) -> ParamDist {
        ParamDist { kind: Kind::Fixed(v), lo: f64::NEG_INFINITY, hi: f64::INFINITY }
    }

    /// Whether this is a fixed value (which draws no random numbers).
    pub fn is_fixed(&self) -> bool {
        matches!(self.kind, Kind::Fixed(_))
    }

    /// The median (of the clamped distribution): the point value shown for display.
    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// The `p` quantile of the clamped distribution, for `p` in `[0, 1]` (NaN reads as 0.5).
    ///
    /// Closed form for the normal, lognormal, uniform and triangular distributions;
    /// bisection of the CDF (to full double precision) for the gamma, beta and PERT.
    pub fn quantile(&self, p: f64) -> f64 {
        match self.kind {
            Kind::Fixed(v) => v,
            kind => {
                let p = if p.is_nan() { 0.5 } else { clamp(p, 0.0, 1.0) };
                clamp(kind.quantile(p), self.lo, self.hi)
            }
        }
    }

    /// The CDF of the clamped distribution: the probability that a draw is `<= x`.
    pub fn cdf(&self, x: f64) -> f64 {
        match self.kind {
            Kind::Fixed(v) => {
                if x >= v {
                    1.0
                } else {
                    0.0
                }
            }
            kind => {
                if x < self.lo {
                    0.0
                } else if x >= self.hi {
                    1.0
                } else {
                    kind.cdf(x)
                }
            }
        }
    }

    /// The distribution of whole working days `0..=max` for a duration drawn per item: the
    /// nearest whole day to each value, tabulated once ([`DiscreteTable::from_cdf`]). A
    /// fixed value gives a single day, drawn without a random number.
    pub fn table(&self, max: u32) -> DiscreteTable {
        match self.kind {
            Kind::Fixed(v) => DiscreteTable::point(v, max),
            _ => DiscreteTable::from_cdf(|x| self.cdf(x), max),
        }
    }

    /// The mean before clamping.
    #[cfg(test)]
    fn unclamped_mean(&self) -> f64 {
        self.kind.mean()
    }
}

impl Kind {
    fn name(&self) -> &'static str {
        match self {
            Kind::Fixed(_) => "value",
            Kind::Normal { .. } => "normal",
            Kind::LogNormal { .. } => "lognormal",
            Kind::Gamma { .. } => "gamma",
            Kind::Beta { .. } => "beta",
            Kind::Uniform { .. } => "uniform",
            Kind::Triangular { .. } => "triangular",
        }
    }

    fn params_finite(&self) -> bool {
        let ps: [f64; 4] = match *self {
            Kind::Fixed(v) => [v, 0.0, 0.0, 0.0],
            Kind::Normal { mean, sd } => [mean, sd, 1.0, 1.0],
            Kind::LogNormal { mu, sigma } => [mu, sigma, 1.0, 1.0],
            Kind::Gamma { shape, scale } => [shape, scale, 1.0, 1.0],
            Kind::Beta { alpha, beta, min, max } => [alpha, beta, min, max],
            Kind::Uniform { min, max } => [min, max, max - min, 1.0],
            Kind::Triangular { min, mode, max } => [min, mode, max, max - min],
        };
        ps.iter().all(|x| x.is_finite())
            && match *self {
                Kind::Normal { sd, .. } => sd > 0.0,
                Kind::LogNormal { sigma, .. } => sigma > 0.0,
                Kind::Gamma { shape, scale } => shape > 0.0 && scale > 0.0,
                Kind::Beta { alpha, beta, .. } => alpha > 0.0 && beta > 0.0,
                _ => true,
            }
    }

    /// The smallest and largest values the distribution can take.
    fn support(&self) -> (f64, f64) {
        match *self {
            Kind::Fixed(v) => (v, v),
            Kind::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
            Kind::LogNormal { .. } | Kind::Gamma { .. } => (0.0, f64::INFINITY),
            Kind::Beta { min, max, .. } | Kind::Uniform { min, max } | Kind::Triangular { min, max, .. } => {
                (min, max)
            }
        }
    }

    #[cfg(test)]
    fn mean(&self) -> f64 {
        match *self {
            Kind::Fixed(v) => v,
            Kind::Normal { mean, .. } => mean,
            Kind::LogNormal { mu, sigma } => libm::exp(mu + 0.5 * sigma * sigma),
            Kind::Gamma { shape, scale } => shape * scale,
            Kind::Beta { alpha, beta, min, max } => lerp(min, max, alpha / (alpha + beta)),
            Kind::Uniform { min, max } => 0.5 * min + 0.5 * max,
            Kind::Triangular { min, mode, max } => (min + mode + max) / 3.0,
        }
    }

    fn cdf(&self, x: f64) -> f64 {
        match *self {
            Kind::Fixed(v) => {
                if x >= v {
                    1.0
                } else {
                    0.0
                }
            }
            Kind::Normal { mean, sd } => std_normal_cdf((x - mean) / sd),
            Kind::LogNormal { mu, sigma } => {
                if x > 0.0 {
                    std_normal_cdf((libm::log(x) - mu) / sigma)
                } else {
                    0.0
                }
            }
            Kind::Gamma { shape, scale } => gamma_p(shape, x / scale),
            Kind::Beta { alpha, beta, min, max } => beta_i(alpha, beta, (x - min) / (max - min)),
            Kind::Uniform { min, max } => clamp((x - min) / (max - min), 0.0, 1.0),
            Kind::Triangular { min, mode, max } => {
                if x <= min {
                    0.0
                } else if x >= max {
                    1.0
                } else if x <= mode {
                    (x - min) * (x - min) / ((max - min) * (mode - min))
                } else {
                    1.0 - (max - x) * (max - x) / ((max - min) * (max - mode))
                }
            }
        }
    }

    /// The quantile before clamping, for `p` in `[0, 1]`.
    fn quantile(&self, p: f64) -> f64 {
        match *self {
            Kind::Fixed(v) => v,
            Kind::Normal { mean, sd } => mean + sd * std_normal_quantile(p),
            Kind::LogNormal { mu, sigma } => libm::exp(mu + sigma * std_normal_quantile(p)),
            Kind::Uniform { min, max } => lerp(min, max, p),
            Kind::Triangular { min, mode, max } => {
                let w = max - min;
                if p * w < mode - min {
                    min + libm::sqrt(p * w * (mode - min))
                } else {
                    max - libm::sqrt((1.0 - p) * w * (max - mode))
                }
            }
            Kind::Gamma { shape, scale } => {
                if p <= 0.0 {
                    return 0.0;
                }
                if p >= 1.0 {
                    return f64::INFINITY;
                }
                let mut hi = shape + 10.0 * libm::sqrt(shape) + 10.0;
                let mut doublings = 0;
                while gamma_p(shape, hi) < p && hi.is_finite() && doublings < 2100 {
                    hi *= 2.0;
                    doublings += 1;
                }
                scale * bisect(|x| gamma_p(shape, x), p, 0.0, hi)
            }
            Kind::Beta { alpha, beta, min, max } => {
                let t = if p <= 0.0 {
                    0.0
                } else if p >= 1.0 {
                    1.0
                } else {
                    bisect(|x| beta_i(alpha, beta, x), p, 0.0, 1.0)
                };
                lerp(min, max, t)
            }
        }
    }
}

/// Bisection for the `x` in `[lo, hi]` with `f(x) = p`, `f` non-decreasing; runs until
/// the interval cannot be halved further in floating point.
fn bisect(f: impl Fn(f64) -> f64, p: f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..2200 {
        let mid = lo + 0.5 * (hi - lo);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo + 0.5 * (hi - lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::run_rng;

    fn compile(p: &Param, domain: Domain) -> Result<ParamDist, Vec<crate::error::Problem>> {
        let mut problems = Problems::new();
        match p.compile("w.x", domain, &mut problems) {
            Some(d) if problems.is_empty() => Ok(d),
            _ => Err(problems.into_vec()),
        }
    }

    fn dist(f: impl FnOnce(&mut DistInput)) -> Param {
        let mut d = DistInput::default();
        f(&mut d);
        Param::Dist(d)
    }

    fn named(name: &str, f: impl FnOnce(&mut DistInput)) -> Param {
        dist(|d| {
            d.dist = Some(name.to_string());
            f(d)
        })
    }

    /// `n` draws as a scenario makes them, one per run: the quantile of the run's own
    /// uniform number for this parameter (inversion).
    fn draws(d: &ParamDist, n: u64) -> Vec<f64> {
        let key = crate::rng::key_of("w.x");
        (0..n).map(|run| d.quantile(crate::rng::param_uniform(42, run, key))).collect()
    }

    fn mean_of(xs: &[f64]) -> f64 {
        xs.iter().sum::<f64>() / xs.len() as f64
    }

    #[test]
    fn fixed_values_are_their_own_quantiles_and_tables_draw_nothing() {
        let mut a = run_rng(42, 0);
        let b = a.clone();
        let fixed = Param::Fixed(0.3).compile("x", Domain::Rate, &mut Problems::new());
        let fixed = fixed.expect("valid");
        assert!(fixed.is_fixed());
        assert_eq!(fixed.quantile(0.9), 0.3);
        assert_eq!(ParamDist::fixed(7.4).quantile(0.1), 7.4);
        let table = ParamDist::fixed(7.4).table(30);
        assert_eq!(table.sample(&mut a), 7);
        assert_eq!(table.mean(), 7.0);
        assert_eq!(a, b, "no random numbers were drawn");
    }

    /// Each distribution's mean, and the mean of draws by inversion of its quantile
    /// function within 4 standard errors sd / sqrt(n) of it (the theoretical sd is given
    /// alongside).
    #[test]
    fn parameter_distributions_have_their_means() {
        let cases: Vec<(Param, Domain, f64, f64)> = vec![
            (named("normal", |d| (d.mean, d.sd) = (Some(10.0), Some(2.0))), Domain::Any, 10.0, 2.0),
            (named("lognormal", |d| (d.mean, d.sd) = (Some(5.0), Some(2.0))), Domain::Positive, 5.0, 2.0),
            (
                named("lognormal", |d| (d.mu, d.sigma) = (Some(1.0), Some(0.5))),
                Domain::Positive,
                libm::exp(1.0 + 0.125),
                // sd of a lognormal: sqrt((e^{sigma^2} - 1) e^{2 mu + sigma^2})
                libm::sqrt((libm::exp(0.25) - 1.0) * libm::exp(2.25)),
            ),
            (
                named("beta", |d| {
                    (d.alpha, d.beta, d.min, d.max) = (Some(2.0), Some(5.0), Some(1.0), Some(3.0))
                }),
                Domain::Any,
                1.0 + 2.0 * 2.0 / 7.0,
                // sd of beta(a, b): sqrt(a b / ((a + b)^2 (a + b + 1))), times the width 2
                2.0 * libm::sqrt(10.0 / (49.0 * 8.0)),
            ),
            (
                named("beta", |d| (d.alpha, d.beta) = (Some(0.3), Some(0.2))),
                Domain::Rate,
                0.6,
                libm::sqrt(0.06 / (0.25 * 1.5)),
            ),
            (
                named("gamma", |d| (d.shape, d.scale) = (Some(0.5), Some(2.0))),
                Domain::NonNegative,
                1.0,
                libm::sqrt(2.0),
            ),
            (named("gamma", |d| (d.mean, d.sd) = (Some(4.0), Some(1.0))), Domain::NonNegative, 4.0, 1.0),
            (
                named("uniform", |d| (d.min, d.max) = (Some(2.0), Some(6.0))),
                Domain::Any,
                4.0,
                4.0 / 12f64.sqrt(),
            ),
            (
                named("triangular", |d| (d.min, d.mode, d.max) = (Some(1.0), Some(2.0), Some(6.0))),
                Domain::Any,
                3.0,
                // variance (a^2 + b^2 + c^2 - ab - ac - bc) / 18
                libm::sqrt((1.0 + 4.0 + 36.0 - 2.0 - 6.0 - 12.0) / 18.0),
            ),
            (
                named("pert", |d| (d.min, d.mode, d.max) = (Some(1.0), Some(2.0), Some(6.0))),
                Domain::Any,
                (1.0 + 8.0 + 6.0) / 6.0,
                // alpha = 1 + 4/5 = 1.8, beta = 4.2 on width 5
                5.0 * libm::sqrt(1.8 * 4.2 / (36.0 * 7.0)),
            ),
        ];
        let n = 20_000;
        for (param, domain, mean, sd) in cases {
            let d = compile(&param, domain).expect("valid");
            assert!((d.unclamped_mean() - mean).abs() < 1e-12 * mean.abs().max(1.0), "{param:?}");
            let m = mean_of(&draws(&d, n));
            let tol = 4.0 * sd / (n as f64).sqrt();
            assert!((m - mean).abs() <= tol, "{param:?}: sample mean {m} vs {mean} (tolerance {tol})");
        }
    }

    #[test]
    fn quantiles_invert_the_cdf_and_match_statrs() {
        use statrs::distribution::{Beta, ContinuousCDF, Gamma, LogNormal, Normal};
        let normal = compile(&named("normal", |d| (d.mean, d.sd) = (Some(3.0), Some(2.0))), Domain::Any)
            .expect("valid");
        let lognormal =
            compile(&named("lognormal", |d| (d.mu, d.sigma) = (Some(0.5), Some(0.8))), Domain::Positive)
                .expect("valid");
        let gamma =
            compile(&named("gamma", |d| (d.shape, d.scale) = (Some(2.5), Some(3.0))), Domain::Positive)
                .expect("valid");
        let small_gamma =
            compile(&named("gamma", |d| (d.shape, d.scale) = (Some(0.3), Some(1.0))), Domain::Positive)
                .expect("valid");
        let beta = compile(&named("beta", |d| (d.alpha, d.beta) = (Some(2.0), Some(0.7))), Domain::Rate)
            .expect("valid");
        type Reference = Box<dyn ContinuousCDF<f64, f64>>;
        let refs: Vec<(&ParamDist, Reference)> = vec![
            (&normal, Box::new(Normal::new(3.0, 2.0).expect("ok"))),
            (&lognormal, Box::new(LogNormal::new(0.5, 0.8).expect("ok"))),
            (&gamma, Box::new(Gamma::new(2.5, 1.0 / 3.0).expect("ok"))),
            (&small_gamma, Box::new(Gamma::new(0.3, 1.0).expect("ok"))),
            (&beta, Box::new(Beta::new(2.0, 0.7).expect("ok"))),
        ];
        for (d, reference) in &refs {
            for &p in &[0.001, 0.05, 0.1, 0.5, 0.9, 0.95, 0.999] {
                let x = d.quantile(p);
                assert!((d.cdf(x) - p).abs() < 1e-12, "{d:?}: cdf(quantile({p})) = {}", d.cdf(x));
                assert!((reference.cdf(x) - p).abs() < 1e-9, "{d:?}: statrs cdf at quantile({p})");
            }
        }
        // The ends of the support, clamped into the domain (a positive number).
        assert_eq!(normal.quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(normal.quantile(1.0), f64::INFINITY);
        assert_eq!(gamma.quantile(0.0), f64::MIN_POSITIVE);
        assert_eq!(gamma.quantile(1.0), f64::INFINITY);
    }

    #[test]
    fn shorthand_matches_its_percentiles() {
        let cases = [
            (1.0, 4.0, Domain::Positive, "lognormal"),
            (1.0, 4.0, Domain::NonNegative, "lognormal"),
            (0.0, 4.0, Domain::NonNegative, "normal"),
            (-1.0, 4.0, Domain::Any, "normal"),
            (0.1, 0.3, Domain::Rate, "normal"),
        ];
        for (a, b, domain, family) in cases {
            let d = compile(&dist(|d| (d.p5, d.p95) = (Some(a), Some(b))), domain).expect("valid");
            assert_eq!(d.kind.name(), family);
            assert!((d.quantile(0.05) - a).abs() < 1e-9, "{a} {b}: {}", d.quantile(0.05));
            assert!((d.quantile(0.95) - b).abs() < 1e-9, "{a} {b}: {}", d.quantile(0.95));
        }
        // The explicit forms.
        let d = compile(&named("lognormal", |d| (d.p5, d.p95) = (Some(2.0), Some(9.0))), Domain::Any)
            .expect("valid");
        assert!((d.quantile(0.05) - 2.0).abs() < 1e-9 && (d.quantile(0.95) - 9.0).abs() < 1e-9);
        let d = compile(&named("normal", |d| (d.p5, d.p95) = (Some(2.0), Some(9.0))), Domain::Positive)
            .expect("valid");
        assert_eq!(d.kind.name(), "normal");
        assert!((d.median() - 5.5).abs() < 1e-12);
    }

    #[test]
    fn draws_are_clamped_into_the_domain() {
        let d = compile(&named("normal", |d| (d.mean, d.sd) = (Some(0.1), Some(0.2))), Domain::Rate)
            .expect("valid");
        let xs = draws(&d, 10_000);
        assert!(xs.iter().all(|&x| (0.0..=1.0).contains(&x)));
        assert!(xs.contains(&0.0), "about 31% of draws are clamped to 0");
        assert_eq!(d.quantile(0.01), 0.0);
        assert_eq!(d.cdf(-0.5), 0.0);
        assert_eq!(d.cdf(1.0), 1.0);
    }

    #[test]
    fn discrete_tables() {
        let cases: Vec<(Param, Domain)> = vec![
            (named("gamma", |d| (d.mean, d.sd) = (Some(20.0), Some(8.0))), Domain::NonNegative),
            (named("lognormal", |d| (d.mean, d.sd) = (Some(15.0), Some(6.0))), Domain::NonNegative),
            (named("normal", |d| (d.mean, d.sd) = (Some(30.0), Some(5.0))), Domain::NonNegative),
            (
                named("pert", |d| (d.min, d.mode, d.max) = (Some(5.0), Some(10.0), Some(40.0))),
                Domain::NonNegative,
            ),
            (
                named("triangular", |d| (d.min, d.mode, d.max) = (Some(2.0), Some(3.0), Some(9.0))),
                Domain::NonNegative,
            ),
            (named("uniform", |d| (d.min, d.max) = (Some(0.0), Some(10.0))), Domain::NonNegative),
            (
                named("beta", |d| {
                    (d.alpha, d.beta, d.min, d.max) = (Some(2.0), Some(3.0), Some(0.0), Some(50.0))
                }),
                Domain::NonNegative,
            ),
        ];
        let n = 100_000;
        for (param, domain) in cases {
            let d = compile(&param, domain).expect("valid");
            let table = d.table(400);
            assert_eq!(table.max(), 400);
            assert_eq!(table.probs().len(), 401);
            let total: f64 = table.probs().iter().sum();
            assert!((total - 1.0).abs() < 1e-12, "{param:?}: sum {total}");
            assert!(table.probs().iter().all(|&p| p >= 0.0));
            // Rounding to the nearest integer moves each value by at most 0.5; the mass
            // outside 0..=400 is negligible for these distributions.
            let mean = d.unclamped_mean();
            assert!((table.mean() - mean).abs() <= 0.5, "{param:?}: {} vs {mean}", table.mean());
            // Draws from the table: their mean within 4 standard errors of the table mean.
            let var: f64 =
                table.probs().iter().enumerate().map(|(k, p)| p * (k as f64 - table.mean()).powi(2)).sum();
            let mut r = run_rng(42, 0);
            let m = (0..n).map(|_| f64::from(table.sample(&mut r))).sum::<f64>() / n as f64;
            let tol = 4.0 * (var / n as f64).sqrt();
            assert!((m - table.mean()).abs() <= tol, "{param:?}: draws {m} vs {}", table.mean());
        }

        // Mass below 0 goes to 0, above max to max.
        let d = compile(&named("normal", |d| (d.mean, d.sd) = (Some(5.0), Some(2.0))), Domain::Any)
            .expect("valid");
        let table = d.table(8);
        let p0 = std_normal_cdf((0.5 - 5.0) / 2.0);
        let p8 = 1.0 - std_normal_cdf((7.5 - 5.0) / 2.0);
        assert!((table.probs()[0] - p0).abs() < 1e-12);
        assert!((table.probs()[8] - p8).abs() < 1e-12);
        let mut r = run_rng(42, 0);
        assert!((0..10_000).all(|_| table.sample(&mut r) <= 8));

        // Gamma table against statrs' CDF differences.
        use statrs::distribution::{ContinuousCDF, Gamma};
        let d = compile(&named("gamma", |d| (d.shape, d.scale) = (Some(3.0), Some(4.0))), Domain::Positive)
            .expect("valid");
        let table = d.table(200);
        let reference = Gamma::new(3.0, 0.25).expect("ok");
        for k in 1..100u32 {
            let expected = reference.cdf(f64::from(k) + 0.5) - reference.cdf(f64::from(k) - 0.5);
            assert!((table.probs()[k as usize] - expected).abs() < 1e-12, "k = {k}");
        }
    }

    fn problems_of(p: &Param, domain: Domain) -> Vec<(String, String)> {
        match compile(p, domain) {
            Ok(d) => panic!("{p:?} should be rejected, got {d:?}"),
            Err(v) => v.into_iter().map(|p| (p.path, p.message)).collect(),
        }
    }

    #[test]
    fn validation_messages() {
        assert_eq!(
            problems_of(&Param::Fixed(1.7), Domain::Rate),
            [("w.x".to_string(), "1.7 is not a rate between 0 and 1".to_string())]
        );
        assert_eq!(
            problems_of(&Param::Fixed(f64::NAN), Domain::Any),
            [("w.x".to_string(), "NaN is not a number".to_string())]
        );
        assert_eq!(
            problems_of(&Param::Fixed(f64::INFINITY), Domain::Any),
            [("w.x".to_string(), "inf is not a finite number".to_string())]
        );
        assert_eq!(
            problems_of(&Param::Fixed(0.0), Domain::Positive),
            [("w.x".to_string(), "0 is not a positive number".to_string())]
        );

        let p = problems_of(&named("normall", |d| d.mean = Some(1.0)), Domain::Any);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "w.x.dist");
        assert!(p[0].1.contains("\"normall\"") && p[0].1.contains("normal, lognormal, beta"), "{}", p[0].1);

        let p = problems_of(&named("normal", |d| d.mean = Some(1.0)), Domain::Any);
        assert_eq!(
            p,
            [("w.x.sd".to_string(), "missing; normal needs mean and sd, or p5 and p95".to_string())]
        );

        // Every problem is collected: a NaN, a missing field and a superfluous one.
        let p = problems_of(
            &named("gamma", |d| (d.shape, d.mode, d.mean) = (Some(f64::NAN), Some(2.0), None)),
            Domain::Any,
        );
        let paths: Vec<&str> = p.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(paths, ["w.x.shape", "w.x.scale", "w.x.mode"], "{p:?}");
        assert_eq!(p[0].1, "NaN is not a number");
        assert!(p[2].1.starts_with("not used by gamma"));

        let p = problems_of(&dist(|d| (d.p5, d.p95) = (Some(4.0), Some(4.0))), Domain::Positive);
        assert_eq!(p, [("w.x.p95".to_string(), "4 is not greater than p5 (4)".to_string())]);

        let p = problems_of(&dist(|d| d.p5 = Some(4.0)), Domain::Positive);
        assert_eq!(p, [("w.x.p95".to_string(), "missing; the shorthand needs p5 and p95".to_string())]);

        let p = problems_of(&dist(|d| (d.mean, d.sd) = (Some(1.0), Some(0.2))), Domain::Positive);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "w.x.dist");

        let p = problems_of(&named("normal", |d| (d.mean, d.sd) = (Some(1.0), Some(-0.5))), Domain::Any);
        assert_eq!(p, [("w.x.sd".to_string(), "-0.5 is not greater than 0".to_string())]);

        let p = problems_of(&named("uniform", |d| (d.min, d.max) = (Some(3.0), Some(3.0))), Domain::Any);
        assert_eq!(p, [("w.x.max".to_string(), "3 is not greater than min (3)".to_string())]);

        let p = problems_of(
            &named("triangular", |d| (d.min, d.mode, d.max) = (Some(1.0), Some(5.0), Some(3.0))),
            Domain::Any,
        );
        assert_eq!(p, [("w.x.mode".to_string(), "5 is not between min (1) and max (3)".to_string())]);

        let p = problems_of(
            &named("beta", |d| (d.alpha, d.beta, d.min) = (Some(1.0), Some(2.0), Some(0.0))),
            Domain::Any,
        );
        assert_eq!(p[0].0, "w.x.max");

        // Median outside the domain; support entirely outside.
        let p = problems_of(&named("normal", |d| (d.mean, d.sd) = (Some(1.2), Some(0.1))), Domain::Rate);
        assert_eq!(
            p,
            [(
                "w.x".to_string(),
                "the median of this normal, 1.2, is not a rate between 0 and 1".to_string()
            )]
        );
        let p = problems_of(
            &named("uniform", |d| (d.min, d.max) = (Some(-3.0), Some(-1.0))),
            Domain::NonNegative,
        );
        assert_eq!(p[0].0, "w.x");
        assert!(p[0].1.contains("entirely outside a non-negative number"), "{}", p[0].1);

        // Values too extreme for the arithmetic.
        let p = problems_of(&named("uniform", |d| (d.min, d.max) = (Some(-1e308), Some(1e308))), Domain::Any);
        assert_eq!(p[0].0, "w.x.max");
        let p =
            problems_of(&named("lognormal", |d| (d.mu, d.sigma) = (Some(1000.0), Some(1.0))), Domain::Any);
        assert!(p[0].1.contains("too extreme"), "{p:?}");
    }

    #[test]
    fn extreme_but_valid_inputs_do_not_panic_or_give_nan() {
        let cases = [
            named("beta", |d| (d.alpha, d.beta) = (Some(1e-300), Some(1e-300))),
            named("beta", |d| (d.alpha, d.beta) = (Some(1e-3), Some(1e6))),
            named("gamma", |d| (d.shape, d.scale) = (Some(1e-6), Some(1.0))),
            named("gamma", |d| (d.shape, d.scale) = (Some(1e8), Some(1e-8))),
            named("lognormal", |d| (d.mean, d.sd) = (Some(1e-300), Some(1e300))),
            named("normal", |d| (d.mean, d.sd) = (Some(0.0), Some(1e300))),
        ];
        for p in &cases {
            let mut problems = Problems::new();
            if let Some(d) = p.compile("x", Domain::NonNegative, &mut problems) {
                for x in draws(&d, 200) {
                    assert!(x >= 0.0, "{p:?}: {x}");
                }
                for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                    assert!(!d.quantile(q).is_nan(), "{p:?}");
                }
                let t = d.table(50);
                assert!((t.probs().iter().sum::<f64>() - 1.0).abs() < 1e-9, "{p:?}");
            }
        }
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

    /// Inversion needs quantiles that never decrease with `p` (the copula relies on it too:
    /// it keeps ranks only through a monotone map).
    #[test]
    fn quantiles_never_decrease() {
        let cases = [
            (named("normal", |d| (d.mean, d.sd) = (Some(0.1), Some(0.2))), Domain::Rate),
            (named("lognormal", |d| (d.mean, d.sd) = (Some(5.0), Some(2.0))), Domain::Positive),
            (named("gamma", |d| (d.shape, d.scale) = (Some(0.3), Some(2.0))), Domain::Positive),
            (named("gamma", |d| (d.shape, d.scale) = (Some(2.0), Some(1.0))), Domain::Positive),
            (named("beta", |d| (d.alpha, d.beta) = (Some(0.3), Some(0.2))), Domain::Rate),
            (named("pert", |d| (d.min, d.mode, d.max) = (Some(1.0), Some(2.0), Some(6.0))), Domain::Any),
            (
                named("triangular", |d| (d.min, d.mode, d.max) = (Some(1.0), Some(2.0), Some(6.0))),
                Domain::Any,
            ),
            (named("uniform", |d| (d.min, d.max) = (Some(2.0), Some(6.0))), Domain::Any),
        ];
        for (param, domain) in cases {
            let d = compile(&param, domain).expect("valid");
            let xs: Vec<f64> = (0..=1000).map(|i| d.quantile(f64::from(i) / 1000.0)).collect();
            assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{param:?}");
        }
    }
}
