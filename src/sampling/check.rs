//! Statistical checks shared by the samplers' tests, with tolerances from theory at a
//! fixed seed: a correct sampler fails them with negligible probability.

/// Sample mean and (unbiased) sample variance.
pub fn moments(xs: impl Iterator<Item = f64>) -> (f64, f64, usize) {
    let (mut n, mut mean, mut m2) = (0usize, 0.0, 0.0);
    for x in xs {
        n += 1;
        let d = x - mean;
        mean += d / n as f64;
        m2 += d * (x - mean);
    }
    (mean, m2 / (n as f64 - 1.0), n)
}

/// Checks the sample mean and variance of `n` draws against a distribution with mean
/// `mu`, variance `var` and fourth central moment `mu4`.
///
/// Tolerances, 4 standard errors each: the sample mean has variance `var / n`; the
/// sample variance has variance `(mu4 - var^2) / n` to first order in `1 / n`.
pub fn check_moments(label: &str, draws: &[f64], mu: f64, var: f64, mu4: f64) {
    let (m, s2, n) = moments(draws.iter().copied());
    let n = n as f64;
    let tol_mean = 4.0 * (var / n).sqrt();
    let tol_var = 4.0 * ((mu4 - var * var) / n).sqrt();
    assert!((m - mu).abs() <= tol_mean, "{label}: mean {m} vs {mu} (tolerance {tol_mean})");
    assert!((s2 - var).abs() <= tol_var, "{label}: variance {s2} vs {var} (tolerance {tol_var})");
}

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
/// 2 df).
pub fn assert_fits(counts: &[u64], probs: &[f64], n: u64, what: &str) {
    let (stat, df) = chi2(counts, probs, n);
    let limit = df as f64 + 5.0 * (2.0 * df as f64).sqrt();
    assert!(stat < limit, "{what}: chi-square {stat:.1} on {df} df (limit {limit:.1})");
}

/// The Binomial(n, p) probabilities of `0..=n`.
pub fn binom_pmf(n: u64, p: f64) -> Vec<f64> {
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

/// The Poisson(lambda) probability of `k`.
pub fn poisson_pmf(lambda: f64, k: u64) -> f64 {
    libm::exp(k as f64 * libm::log(lambda) - lambda - libm::lgamma(k as f64 + 1.0))
}
