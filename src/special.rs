//! Special functions for the parameter distributions: the standard normal CDF and
//! quantile, and the regularised incomplete gamma and beta functions.
//!
//! # Portability
//!
//! Results must be bit-identical natively and in WebAssembly, so everything here uses only
//! `+ - * /`, comparisons and the pure-Rust `libm` crate (`libm::exp`, `libm::log`,
//! `libm::erfc`, `libm::lgamma`, ...), never `f64::exp`, `f64::ln` or `f64::powf`, which
//! call the platform's maths library. statrs has these functions too, but does its
//! arithmetic through the platform's maths; it is used only to cross-check them in tests.

/// The standard normal CDF.
#[inline]
pub fn std_normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z * core::f64::consts::FRAC_1_SQRT_2)
}

/// The standard normal quantile: Wichura's algorithm AS 241 (PPND16), accurate to about
/// 1 part in 10^16. `p` = 0 and 1 give -inf and +inf; outside `[0, 1]`, NaN.
pub fn std_normal_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * horner(&AS241_A, r) / horner(&AS241_B, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = libm::sqrt(-libm::log(r));
    let z = if r <= 5.0 {
        let r = r - 1.6;
        horner(&AS241_C, r) / horner(&AS241_D, r)
    } else {
        let r = r - 5.0;
        horner(&AS241_E, r) / horner(&AS241_F, r)
    };
    if q < 0.0 { -z } else { z }
}

/// `c[0] + c[1] r + ... + c[7] r^7` by Horner's rule.
#[inline]
fn horner(c: &[f64; 8], r: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * r + ci)
}

// The coefficients of AS 241, as published (more digits than an f64 holds).
#[allow(clippy::excessive_precision)]
const AS241_A: [f64; 8] = [
    3.3871328727963666080e0,
    1.3314166789178437745e2,
    1.9715909503065514427e3,
    1.3731693765509461125e4,
    4.5921953931549871457e4,
    6.7265770927008700853e4,
    3.3430575583588128105e4,
    2.5090809287301226727e3,
];
#[allow(clippy::excessive_precision)]
const AS241_B: [f64; 8] = [
    1.0,
    4.2313330701600911252e1,
    6.8718700749205790830e2,
    5.3941960214247511077e3,
    2.1213794301586595867e4,
    3.9307895800092710610e4,
    2.8729085735721942674e4,
    5.2264952788528545610e3,
];
#[allow(clippy::excessive_precision)]
const AS241_C: [f64; 8] = [
    1.42343711074968357734e0,
    4.63033784615654529590e0,
    5.76949722146069140550e0,
    3.64784832476320460504e0,
    1.27045825245236838258e0,
    2.41780725177450611770e-1,
    2.27238449892691845833e-2,
    7.74545014278341407640e-4,
];
#[allow(clippy::excessive_precision)]
const AS241_D: [f64; 8] = [
    1.0,
    2.05319162663775882187e0,
    1.67638483018380384940e0,
    6.89767334985100004550e-1,
    1.48103976427480074590e-1,
    1.51986665636164571966e-2,
    5.47593808499534494600e-4,
    1.05075007164441684324e-9,
];
#[allow(clippy::excessive_precision)]
const AS241_E: [f64; 8] = [
    6.65790464350110377720e0,
    5.46378491116411436990e0,
    1.78482653991729133580e0,
    2.96560571828504891230e-1,
    2.65321895265761230930e-2,
    1.24266094738807843860e-3,
    2.71155556874348757815e-5,
    2.01033439929228813265e-7,
];
#[allow(clippy::excessive_precision)]
const AS241_F: [f64; 8] = [
    1.0,
    5.99832206555887937690e-1,
    1.36929880922735805310e-1,
    1.48753612908506148525e-2,
    7.86869131145613259100e-4,
    1.84631831751005468180e-5,
    1.42151175831644588870e-7,
    2.04426310338993978564e-15,
];

const SPECIAL_EPS: f64 = 1e-16;
const SPECIAL_TINY: f64 = 1e-300;
const SPECIAL_MAX_ITER: u32 = 100_000;

/// The regularised lower incomplete gamma function P(a, x): the CDF at `x` of a gamma
/// with shape `a` and scale 1. Series for `x < a + 1`, Lentz's continued fraction otherwise
/// (Numerical Recipes, 6.2).
pub fn gamma_p(a: f64, x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 0.0;
    }
    if x == f64::INFINITY {
        return 1.0;
    }
    let ln_prefix = a * libm::log(x) - x - libm::lgamma(a);
    if x < a + 1.0 {
        let mut ap = a;
        let mut term = 1.0 / a;
        let mut sum = term;
        for _ in 0..SPECIAL_MAX_ITER {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * SPECIAL_EPS {
                break;
            }
        }
        (sum * libm::exp(ln_prefix)).clamp(0.0, 1.0)
    } else {
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / SPECIAL_TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..SPECIAL_MAX_ITER {
            let i = f64::from(i);
            let an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < SPECIAL_TINY {
                d = SPECIAL_TINY;
            }
            c = b + an / c;
            if c.abs() < SPECIAL_TINY {
                c = SPECIAL_TINY;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < SPECIAL_EPS {
                break;
            }
        }
        (1.0 - libm::exp(ln_prefix) * h).clamp(0.0, 1.0)
    }
}

/// The regularised incomplete beta function I_x(a, b): the CDF at `x` of a beta(a, b)
/// (Numerical Recipes, 6.4).
pub fn beta_i(a: f64, b: f64, x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front =
        libm::lgamma(a + b) - libm::lgamma(a) - libm::lgamma(b) + a * libm::log(x) + b * libm::log1p(-x);
    let front = libm::exp(ln_front);
    let v = if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    };
    v.clamp(0.0, 1.0)
}

/// The continued fraction of the incomplete beta function, by Lentz's method.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    let tiny = |v: f64| {
        if v.abs() < SPECIAL_TINY { SPECIAL_TINY } else { v }
    };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / tiny(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..SPECIAL_MAX_ITER {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / tiny(1.0 + aa * d);
        c = tiny(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / tiny(1.0 + aa * d);
        c = tiny(1.0 + aa / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < SPECIAL_EPS {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{Beta, ContinuousCDF, Gamma, Normal};

    #[test]
    fn normal_quantile_matches_statrs_into_the_tails() {
        for &p in &[1e-300, 1e-20, 1e-6, 0.02425, 0.3, 0.7, 0.97575, 1.0 - 1e-10] {
            let z = std_normal_quantile(p);
            let reference = Normal::new(0.0, 1.0).expect("ok").inverse_cdf(p);
            assert!(
                (z - reference).abs() <= 1e-9 * reference.abs().max(1.0),
                "ndtri({p}) = {z} vs {reference}"
            );
        }
        assert_eq!(std_normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(std_normal_quantile(1.0), f64::INFINITY);
        assert!(std_normal_quantile(1.5).is_nan() && std_normal_quantile(f64::NAN).is_nan());
    }

    #[test]
    fn incomplete_gamma_and_beta_match_statrs() {
        for (a, x) in [(0.3, 0.01), (0.3, 2.0), (2.5, 1.0), (2.5, 4.0), (40.0, 35.0), (40.0, 50.0)] {
            let reference = Gamma::new(a, 1.0).expect("ok").cdf(x);
            assert!(
                (gamma_p(a, x) - reference).abs() < 1e-9,
                "P({a}, {x}) = {} vs {reference}",
                gamma_p(a, x)
            );
        }
        for (a, b, x) in [(2.0, 0.7, 0.3), (2.0, 0.7, 0.95), (0.5, 0.5, 0.1), (30.0, 4.0, 0.85)] {
            let reference = Beta::new(a, b).expect("ok").cdf(x);
            let v = beta_i(a, b, x);
            assert!((v - reference).abs() < 1e-9, "I_{x}({a}, {b}) = {v} vs {reference}");
        }
        assert_eq!((gamma_p(2.0, 0.0), gamma_p(2.0, f64::INFINITY)), (0.0, 1.0));
        assert_eq!((beta_i(2.0, 3.0, 0.0), beta_i(2.0, 3.0, 1.0)), (0.0, 1.0));
    }
}
