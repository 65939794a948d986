//! Per-run parameter draws: each uncertain parameter by inversion of its own uniform
//! number, and the Gaussian copula that correlates some of them.

use super::Scenario;
use crate::special::{std_normal_cdf, std_normal_quantile};

/// Correlated parameters: a Gaussian copula over `members` (indices into the parameters)
/// with the Cholesky factor `chol` (row-major lower triangle, `members.len()` squared) of
/// the normal correlation matrix `2 sin(pi rho / 6)` that gives rank correlations `rho`.
#[derive(Clone, Debug, Default)]
pub struct Copula {
    pub members: Vec<usize>,
    pub chol: Vec<f64>,
}

impl Copula {
    /// The copula for rank correlations `pairs` (`(a, b, rho)`, indices into the
    /// parameters) between `members`; `None` when the correlations together are impossible
    /// (their normal correlation matrix is not positive definite).
    pub(super) fn new(mut members: Vec<usize>, pairs: &[(usize, usize, f64)]) -> Option<Copula> {
        members.sort_unstable();
        let m = members.len();
        let mut r = vec![0.0; m * m];
        for i in 0..m {
            r[i * m + i] = 1.0;
        }
        for &(a, b, rho) in pairs {
            let (i, j) = (
                members.iter().position(|&x| x == a).unwrap_or(0),
                members.iter().position(|&x| x == b).unwrap_or(0),
            );
            // Pearson correlation of the normals giving rank correlation rho (Pearson, 1907).
            let rn = 2.0 * libm::sin(std::f64::consts::PI * rho / 6.0);
            r[i * m + j] = rn;
            r[j * m + i] = rn;
        }
        // Cholesky factorisation; fails when the matrix is not positive definite.
        let mut l = vec![0.0; m * m];
        for i in 0..m {
            for j in 0..=i {
                let s: f64 = (0..j).map(|k| l[i * m + k] * l[j * m + k]).sum();
                if i == j {
                    let d = r[i * m + i] - s;
                    if d <= 1e-12 {
                        return None;
                    }
                    l[i * m + i] = libm::sqrt(d);
                } else {
                    l[i * m + j] = (r[i * m + j] - s) / l[j * m + j];
                }
            }
        }
        Some(Copula { members, chol: l })
    }
}

impl Scenario {
    /// Draw every parameter once for run `run`: each uncertain parameter by inversion of
    /// its own uniform number ([`crate::rng::param_uniform`], keyed by its path), through
    /// the Gaussian copula for correlated parameters. Fixed parameters take their value.
    pub fn draw_into(&self, seed: u64, run: u64, out: &mut Vec<f64>) {
        out.clear();
        out.extend(self.params.iter().map(|p| {
            if p.dist.is_fixed() {
                p.dist.median()
            } else {
                p.dist.quantile(crate::rng::param_uniform(seed, run, p.key))
            }
        }));
        let m = self.copula.members.len();
        if m > 0 {
            let z: Vec<f64> = self
                .copula
                .members
                .iter()
                .map(|&i| std_normal_quantile(crate::rng::param_uniform(seed, run, self.params[i].key)))
                .collect();
            for (r, &i) in self.copula.members.iter().enumerate() {
                let zc: f64 = (0..=r).map(|c| self.copula.chol[r * m + c] * z[c]).sum();
                out[i] = self.params[i].dist.quantile(std_normal_cdf(zc));
            }
        }
    }

    /// The correlated parameters, if any.
    pub fn copula(&self) -> &Copula {
        &self.copula
    }
}
