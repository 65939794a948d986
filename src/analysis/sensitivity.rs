//! Sensitivity: which assumption drives an outcome.
//!
//! A tornado: every parameter is moved to a low and a high value (its p10 and p90 if it is
//! uncertain, 20% below and above if it is fixed, kept inside its allowed range) with all
//! else as drawn, on the same runs (paired), and the mean outcome at each end is reported,
//! ranked by the swing between them. And the rank correlation of each uncertain
//! parameter's drawn value with the outcome across one ordinary Monte Carlo.

use super::rows::Row;
use super::{Outcome, Provenance, map_range, spearman};
use crate::error::{AnalysisError, SimError};
use crate::limits;
use crate::scenario::Scenario;
use crate::sim::run::Engine;
use serde::Serialize;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TornadoRow {
    pub path: String,
    /// "p10/p90" (uncertain) or "-20%/+20%" (fixed).
    pub how: String,
    pub low_value: f64,
    pub high_value: f64,
    /// Mean outcome with the parameter at its low and high value.
    pub low_mean: f64,
    pub high_mean: f64,
    /// high_mean - low_mean.
    pub swing: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RankCorrelation {
    pub path: String,
    pub spearman: f64,
}

/// The sensitivity analysis (`"schema": "wfsim.sensitivity/2"`); `runs` are the paired
/// runs per setting.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Sensitivity {
    #[serde(flatten)]
    pub provenance: Provenance,
    pub outcome: String,
    /// Mean outcome with every parameter as drawn.
    pub base_mean: f64,
    /// Ranked by |swing|, largest first.
    pub tornado: Vec<TornadoRow>,
    /// Ranked by |spearman|, largest first.
    pub rank_correlations: Vec<RankCorrelation>,
}

/// Run the sensitivity analysis of `outcome` with `runs` paired runs per setting (at
/// least two: the rank correlations relate runs to one another).
pub fn sensitivity(
    scenario: &Scenario,
    outcome: &Outcome,
    runs: u64,
    seed: u64,
    threads: Option<usize>,
) -> Result<Sensitivity, AnalysisError> {
    let per_run = share_rows(scenario, outcome, runs, seed, 0, runs, threads, None)?;
    assemble(scenario, outcome, runs, seed, &per_run)
}

/// The parameters to move, with their low and high values: `(index, how, low, high)`.
fn moves(scenario: &Scenario) -> Vec<(usize, &'static str, f64, f64)> {
    let mut moves = Vec::new();
    for (i, p) in scenario.params().iter().enumerate() {
        if p.dist.is_fixed() {
            let v = p.dist.median();
            if v == 0.0 || !v.is_finite() {
                continue; // 20% of nothing: no swing to show
            }
            let (lo, hi) = (p.domain.clamp(v * 0.8), p.domain.clamp(v * 1.2));
            if lo != hi {
                moves.push((i, "-20%/+20%", lo, hi));
            }
        } else {
            moves.push((i, "p10/p90", p.dist.quantile(0.1), p.dist.quantile(0.9)));
        }
    }
    moves
}

/// Runs `first..last` of an analysis of `runs` paired runs (one worker's share): per run,
/// the outcome with every parameter as drawn and at each move's low and high value, and
/// the drawn values. `progress(done, last - first)` as for [`map_range`].
#[allow(clippy::too_many_arguments)] // the analysis's own arguments, and the share's
pub fn share_rows(
    scenario: &Scenario,
    outcome: &Outcome,
    runs: u64,
    seed: u64,
    first: u64,
    last: u64,
    threads: Option<usize>,
    progress: Option<&(dyn Fn(u64, u64) -> bool + Sync)>,
) -> Result<Vec<Row>, AnalysisError> {
    limits::runs(runs, limits::MIN_RUNS_ACROSS).map_err(AnalysisError::limit("runs"))?;
    limits::seed(seed).map_err(AnalysisError::limit("seed"))?;
    if first > last || last > runs {
        return Err(AnalysisError::Share(format!("runs {first} to {last} are not a share of {runs}")));
    }
    let engine = Engine::new(scenario);
    let nw = engine.n_weeks();
    let moves = moves(scenario);
    // Progress every few paired runs: each is 1 + 2 x moves runs of the engine.
    map_range(first, last, 8, threads, progress, |r, ws, rec| -> Result<Row, SimError> {
        scenario.draw_into(seed, r, &mut rec.values);
        let drawn = rec.values.clone();
        let mut outs = Vec::with_capacity(1 + 2 * moves.len());
        engine.run_with_values(seed, r, ws, rec, false)?;
        outs.push(outcome.read(rec, nw));
        for &(i, _, lo, hi) in &moves {
            for v in [lo, hi] {
                rec.values.copy_from_slice(&drawn);
                rec.values[i] = v;
                engine.run_with_values(seed, r, ws, rec, false)?;
                outs.push(outcome.read(rec, nw));
            }
        }
        Ok((outs, drawn))
    })
}

/// The analysis from every run's row ([`share_rows`]), in run order.
pub fn assemble(
    scenario: &Scenario,
    outcome: &Outcome,
    runs: u64,
    seed: u64,
    per_run: &[Row],
) -> Result<Sensitivity, AnalysisError> {
    let moves = moves(scenario);
    let widths = (1 + 2 * moves.len(), scenario.params().len());
    if per_run.len() as u64 != runs || per_run.iter().any(|r| (r.0.len(), r.1.len()) != widths) {
        return Err(AnalysisError::Share(format!("the rows are not those of {runs} runs of this analysis")));
    }
    let mean_col = |k: usize| {
        let (s, n) = per_run
            .iter()
            .map(|r| r.0[k])
            .filter(|x| x.is_finite())
            .fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
        if n > 0 { s / n as f64 } else { f64::NAN }
    };
    let base_mean = mean_col(0);
    let mut tornado: Vec<TornadoRow> = moves
        .iter()
        .enumerate()
        .map(|(k, &(i, how, lo, hi))| {
            let (low_mean, high_mean) = (mean_col(1 + 2 * k), mean_col(2 + 2 * k));
            TornadoRow {
                path: scenario.params()[i].path.clone(),
                how: how.to_string(),
                low_value: lo,
                high_value: hi,
                low_mean,
                high_mean,
                swing: high_mean - low_mean,
            }
        })
        .collect();
    tornado.sort_by(|a, b| b.swing.abs().total_cmp(&a.swing.abs()).then_with(|| a.path.cmp(&b.path)));
    let mut rank_correlations: Vec<RankCorrelation> = scenario
        .params()
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.dist.is_fixed())
        .filter_map(|(i, p)| {
            let (x, y): (Vec<f64>, Vec<f64>) =
                per_run.iter().map(|r| (r.1[i], r.0[0])).filter(|(_, y)| y.is_finite()).unzip();
            let rho = spearman(&x, &y);
            rho.is_finite().then(|| RankCorrelation { path: p.path.clone(), spearman: rho })
        })
        .collect();
    rank_correlations
        .sort_by(|a, b| b.spearman.abs().total_cmp(&a.spearman.abs()).then_with(|| a.path.cmp(&b.path)));
    Ok(Sensitivity {
        provenance: Provenance::new("wfsim.sensitivity/2", scenario, runs, seed),
        outcome: outcome.label().to_string(),
        base_mean,
        tornado,
        rank_correlations,
    })
}

/// The analysis as readable text (the top `rows` of the tornado).
pub fn text(s: &Sensitivity, rows: usize) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let p = &s.provenance;
    let _ = writeln!(
        o,
        "wfsim {} | sensitivity of {} | scenario {} ({}) | {} paired runs | seed {}",
        p.engine_version, s.outcome, p.scenario.name, p.scenario.hash, p.runs, p.seed
    );
    let _ = writeln!(o, "mean with every parameter as drawn: {:.3}\n", s.base_mean);
    let _ = writeln!(
        o,
        "{:<48} {:>10} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "parameter", "moved", "low", "high", "mean at low", "mean at high", "swing"
    );
    for r in s.tornado.iter().take(rows) {
        let _ = writeln!(
            o,
            "{:<48} {:>10} {:>12.4} {:>12.4} {:>12.3} {:>12.3} {:>12.3}",
            r.path, r.how, r.low_value, r.high_value, r.low_mean, r.high_mean, r.swing
        );
    }
    if !s.rank_correlations.is_empty() {
        let _ = writeln!(o, "\nRank correlation of each uncertain parameter with the outcome:");
        for r in &s.rank_correlations {
            let _ = writeln!(o, "  {:<48} {:>7.3}", r.path, r.spearman);
        }
    }
    o
}
