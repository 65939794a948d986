//! A validated parameter's distribution: its quantiles (by which runs draw it), CDF and
//! tabulation in whole days.

use super::Domain;
use crate::sampling::DiscreteTable;
use crate::special::{beta_i, gamma_p, std_normal_cdf, std_normal_quantile};

/// A validated parameter: a fixed value or a distribution, with the domain it is clamped
/// into. Built by [`Param::compile`](super::Param::compile) or [`ParamDist::fixed`].
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDist {
    pub(super) kind: Kind,
    lo: f64,
    hi: f64,
}

/// The distribution families, with their parameters as validated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    Fixed(f64),
    Normal {
        mean: f64,
        sd: f64,
    },
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    /// A rate whose logit `ln(x / (1 - x))` is normal with mean `mu` and sd `sigma`.
    LogitNormal {
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
    /// `kind`, clamped into `domain`.
    pub(super) fn new(kind: Kind, domain: Domain) -> ParamDist {
        let (lo, hi) = domain.bounds();
        ParamDist { kind, lo, hi }
    }

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
    pub(super) fn name(&self) -> &'static str {
        match self {
            Kind::Fixed(_) => "value",
            Kind::Normal { .. } => "normal",
            Kind::LogNormal { .. } => "lognormal",
            Kind::LogitNormal { .. } => "logit-normal",
            Kind::Gamma { .. } => "gamma",
            Kind::Beta { .. } => "beta",
            Kind::Uniform { .. } => "uniform",
            Kind::Triangular { .. } => "triangular",
        }
    }

    pub(super) fn params_finite(&self) -> bool {
        let ps: [f64; 4] = match *self {
            Kind::Fixed(v) => [v, 0.0, 0.0, 0.0],
            Kind::Normal { mean, sd } => [mean, sd, 1.0, 1.0],
            Kind::LogNormal { mu, sigma } | Kind::LogitNormal { mu, sigma } => [mu, sigma, 1.0, 1.0],
            Kind::Gamma { shape, scale } => [shape, scale, 1.0, 1.0],
            Kind::Beta { alpha, beta, min, max } => [alpha, beta, min, max],
            Kind::Uniform { min, max } => [min, max, max - min, 1.0],
            Kind::Triangular { min, mode, max } => [min, mode, max, max - min],
        };
        ps.iter().all(|x| x.is_finite())
            && match *self {
                Kind::Normal { sd, .. } => sd > 0.0,
                Kind::LogNormal { sigma, .. } | Kind::LogitNormal { sigma, .. } => sigma > 0.0,
                Kind::Gamma { shape, scale } => shape > 0.0 && scale > 0.0,
                Kind::Beta { alpha, beta, .. } => alpha > 0.0 && beta > 0.0,
                _ => true,
            }
    }

    /// The smallest and largest values the distribution can take.
    pub(super) fn support(&self) -> (f64, f64) {
        match *self {
            Kind::Fixed(v) => (v, v),
            Kind::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
            Kind::LogNormal { .. } | Kind::Gamma { .. } => (0.0, f64::INFINITY),
            Kind::LogitNormal { .. } => (0.0, 1.0),
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
            // No closed form: the midpoint rule on the quantile function, E[X] = int_0^1 Q(p) dp.
            Kind::LogitNormal { .. } => {
                let n = 200_000;
                (0..n).map(|i| self.quantile((i as f64 + 0.5) / n as f64)).sum::<f64>() / n as f64
            }
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
            Kind::LogitNormal { mu, sigma } => {
                if x <= 0.0 {
                    0.0
                } else if x >= 1.0 {
                    1.0
                } else {
                    std_normal_cdf((libm::log(x / (1.0 - x)) - mu) / sigma)
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
    pub(super) fn quantile(&self, p: f64) -> f64 {
        match *self {
            Kind::Fixed(v) => v,
            Kind::Normal { mean, sd } => mean + sd * std_normal_quantile(p),
            Kind::LogNormal { mu, sigma } => libm::exp(mu + sigma * std_normal_quantile(p)),
            Kind::LogitNormal { mu, sigma } => {
                1.0 / (1.0 + libm::exp(-(mu + sigma * std_normal_quantile(p))))
            }
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
    use crate::error::Problems;
    use crate::param::Param;
    use crate::param::tests::{compile, named};
    use crate::rng::run_rng;

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

    /// The `{ p5, p95 }` shorthand, per family: the share of draws below `p5`, above `p95`
    /// and below the family's median is 5%, 5% and 50%. Each share is the mean of `n`
    /// independent indicators (draws by inversion of independent uniforms), so it is
    /// Binomial(n, q) / n with standard error sqrt(q (1 - q) / n): 0.0015 for q = 0.05 and
    /// 0.0035 for q = 0.5 at n = 20,000. The tolerance is 4 standard errors (a false alarm
    /// 1 time in 16,000 per check). The median tells the families apart: the same two
    /// quantiles through a normal would miss it by far more than that.
    #[test]
    fn the_shorthand_draws_its_declared_percentiles() {
        use crate::param::tests::dist;
        let logistic = |x: f64| 1.0 / (1.0 + libm::exp(-x));
        let logit = |x: f64| libm::log(x / (1.0 - x));
        let cases = [
            // a rate: logit-normal, median at the logistic of the mean logit
            (
                0.18,
                0.34,
                Domain::Range(0.0, 0.999),
                "logit-normal",
                logistic(0.5 * (logit(0.18) + logit(0.34))),
            ),
            (0.02, 0.4, Domain::Rate, "logit-normal", logistic(0.5 * (logit(0.02) + logit(0.4)))),
            // a non-negative quantity with p5 > 0: lognormal, median the geometric mean
            (0.8, 2.5, Domain::Range(0.0, 1000.0), "lognormal", libm::sqrt(0.8 * 2.5)),
            (1.3, 3.0, Domain::NonNegative, "lognormal", libm::sqrt(1.3 * 3.0)),
            // anything else: normal, median the midpoint
            (-0.02, 0.08, Domain::Range(-0.5, 1.0), "normal", 0.03),
            (0.0, 4.0, Domain::NonNegative, "normal", 2.0),
        ];
        let n = 20_000;
        let se = |q: f64| libm::sqrt(q * (1.0 - q) / n as f64);
        for (a, b, domain, family, median) in cases {
            let d = compile(&dist(|d| (d.p5, d.p95) = (Some(a), Some(b))), domain).expect("valid");
            assert_eq!(d.kind.name(), family, "{a} {b} {domain:?}");
            let xs = draws(&d, n);
            let share = |f: &dyn Fn(f64) -> bool| xs.iter().filter(|&&x| f(x)).count() as f64 / n as f64;
            let below = share(&|x| x <= a); // at or below: a draw clamped onto the bound counts
            let above = share(&|x| x > b);
            let under_median = share(&|x| x < median);
            assert!((below - 0.05).abs() <= 4.0 * se(0.05), "{family} {a}..{b}: {below} below p5");
            assert!((above - 0.05).abs() <= 4.0 * se(0.05), "{family} {a}..{b}: {above} above p95");
            assert!(
                (under_median - 0.5).abs() <= 4.0 * se(0.5),
                "{family} {a}..{b}: {under_median} below {median}"
            );
        }
        // A rate's interval must lie strictly inside (0, 1).
        let p =
            compile(&dist(|d| (d.p5, d.p95) = (Some(0.0), Some(0.3))), Domain::Rate).expect_err("rejected");
        assert_eq!(p[0].path, "w.x.p5");
        assert!(p[0].message.contains("logit-normal"), "{}", p[0].message);
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
