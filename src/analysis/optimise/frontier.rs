//! The cost-service frontier: the plans for which no other plan is both cheaper in
//! expectation and more likely to meet every target, from cheapest to surest.

use serde::Serialize;

/// One point of the frontier.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FrontierPoint {
    /// The plan's values, one per variable, as `path = value`.
    pub plan: Vec<String>,
    /// Index into the optimisation's candidates; `None` for the current plan.
    pub candidate: Option<usize>,
    pub expected_spend: f64,
    pub expected_spend_se: f64,
    /// Chance that every constraint holds in a run.
    pub p_all: f64,
    pub p_all_se: f64,
    pub runs: u64,
    /// The plan as the scenario states it.
    pub current: bool,
    /// The plan the search chose.
    pub chosen: bool,
}

/// Indices of the Pareto-efficient points of (spend, chance): none other has spend at most
/// and chance at least, one of them strictly; ordered by spend.
pub fn efficient(points: &[(f64, f64)]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..points.len()).filter(|&i| points[i].0.is_finite()).collect();
    // Cheapest first; at equal spend the surest first, so it shadows the rest.
    idx.sort_by(|&a, &b| {
        points[a].0.total_cmp(&points[b].0).then(points[b].1.total_cmp(&points[a].1)).then(a.cmp(&b))
    });
    let mut out = Vec::new();
    let mut best = f64::NEG_INFINITY;
    for i in idx {
        if points[i].1 > best {
            out.push(i);
            best = points[i].1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frontier_keeps_only_undominated_points() {
        let p = [(10.0, 0.5), (12.0, 0.4), (11.0, 0.7), (10.0, 0.6), (15.0, 0.9), (16.0, 0.9)];
        assert_eq!(efficient(&p), vec![3, 2, 4]);
    }
}
