//! The correlations section: rank correlations between uncertain parameters, checked
//! after every other section (it names their parameters) and built into a copula.

use crate::error::Problems;
use crate::limits;
use crate::scenario::{Copula, CorrelationInput, NamedParam};

/// Validate the declared rank correlations and build their Gaussian copula.
pub(in crate::scenario) fn correlations(
    list: &[CorrelationInput],
    params: &[NamedParam],
) -> Result<Copula, Problems> {
    let mut problems = Problems::new();
    if list.is_empty() {
        return Ok(Copula::default());
    }
    if list.len() > limits::MAX_LIST {
        problems.push(
            "correlations",
            format!("{} entries is too many; at most {}", list.len(), limits::MAX_LIST),
        );
        return Err(problems);
    }
    let mut members: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let path = format!("correlations[{i}]");
        let mut find = |field: &str, name: &str| -> Option<usize> {
            match params.iter().position(|p| p.path == name) {
                None => {
                    problems.push(
                        format!("{path}.{field}"),
                        format!("{name:?} is not a numeric parameter of this scenario"),
                    );
                    None
                }
                Some(k) if params[k].dist.is_fixed() => {
                    problems.push(
                        format!("{path}.{field}"),
                        format!("{name:?} is a fixed value; only uncertain parameters (distributions) can be correlated"),
                    );
                    None
                }
                Some(k) => Some(k),
            }
        };
        let a = find("a", &c.a);
        let b = find("b", &c.b);
        if !c.rank.is_finite() || c.rank <= -1.0 || c.rank >= 1.0 {
            problems.push(
                format!("{path}.rank"),
                format!("{} is not a correlation strictly between -1 and 1", c.rank),
            );
            continue;
        }
        if let (Some(a), Some(b)) = (a, b) {
            if a == b {
                problems.push(
                    format!("{path}.b"),
                    "is the same parameter as a; a parameter is always correlated with itself",
                );
                continue;
            }
            if pairs.iter().any(|&(x, y, _)| (x, y) == (a, b) || (x, y) == (b, a)) {
                problems.push(path.clone(), format!("{} and {} are correlated twice", c.a, c.b));
                continue;
            }
            for k in [a, b] {
                if !members.contains(&k) {
                    members.push(k);
                }
            }
            pairs.push((a, b, c.rank));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    match Copula::new(members, &pairs) {
        Some(copula) => Ok(copula),
        None => {
            problems.push(
                "correlations",
                "the correlations together are impossible (their matrix is not positive definite); weaken some of them",
            );
            Err(problems)
        }
    }
}
