//! Validation of a parameter against its domain: every problem found, each with its
//! field path, and the distribution it describes.

use super::dist::Kind;
use super::{DIST_NAMES, DistInput, Domain, Param, ParamDist, SHORTHAND_Z};
use crate::error::Problems;

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
                Some(ParamDist::new(Kind::Fixed(v), domain))
            }
            Param::Dist(input) => {
                let kind = input.compile(path, domain, problems)?;
                let dist = ParamDist::new(kind, domain);
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
            ("the { p5, p95 } shorthand", _) if domain.is_share() => {
                let (p5, p95) = (v("p5"), v("p95"));
                let why = "a 90% interval of a rate is a logit-normal, strictly between 0 and 1; \
                           name a distribution (beta, uniform, ...) for a rate that can be 0 or 1";
                check(p5 > 0.0, "p5", format!("{p5} is not greater than 0; {why}"));
                check(p95 < 1.0, "p95", format!("{p95} is not less than 1; {why}"));
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
                // The shorthand: the family follows from what the quantity is (MODEL.md,
                // "Parameter uncertainty"); the domain's bounds are only clamped after drawing.
                let (p5, p95) = (v("p5"), v("p95"));
                if domain.is_share() {
                    fit_logit_normal(p5, p95)
                } else if domain.non_negative() && p5 > 0.0 {
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

/// The logit-normal with 5th and 95th percentiles `p5` and `p95` (both in (0, 1)): the
/// logit is monotone, so the logit's normal has the logits of `p5` and `p95` as its own.
fn fit_logit_normal(p5: f64, p95: f64) -> Kind {
    let (a, b) = (libm::log(p5 / (1.0 - p5)), libm::log(p95 / (1.0 - p95)));
    Kind::LogitNormal { mu: 0.5 * (a + b), sigma: 0.5 * (b - a) / SHORTHAND_Z }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::tests::{compile, dist, named};

    #[test]
    fn shorthand_matches_its_percentiles() {
        let cases = [
            (1.0, 4.0, Domain::Positive, "lognormal"),
            (1.0, 4.0, Domain::NonNegative, "lognormal"),
            (0.0, 4.0, Domain::NonNegative, "normal"),
            (-1.0, 4.0, Domain::Any, "normal"),
            (0.1, 0.3, Domain::Rate, "logit-normal"),
            (0.1, 0.3, Domain::Range(0.0, 0.999), "logit-normal"),
            (0.8, 2.5, Domain::Range(0.0, 1000.0), "lognormal"),
            (-0.1, 0.3, Domain::Range(-0.5, 1.0), "normal"),
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
}
