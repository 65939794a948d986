//! The race: every candidate gets a few runs, then the survivors twice as many, and so on
//! up to the plan's precision (successive doubling). All candidates share run indices, so
//! run `r` of every candidate sees the same random streams (common random numbers) and
//! differences between candidates are taken run by run.
//!
//! After each round a candidate is dropped, at the stated one-sided confidence (per
//! comparison), if
//! - it is clearly infeasible: for some constraint, the Wilson upper bound of its chance
//!   is below the required probability; or
//! - it is clearly dominated: some candidate that is clearly feasible (every constraint's
//!   Wilson lower bound at or above its requirement) has a lower objective, the paired
//!   difference's mean minus z standard errors being above 0.
//!
//! Survivors run to full precision; the answer is the feasible (point estimate at least the
//! requirement) survivor with the lowest objective. With racing off, every candidate runs
//! to full precision: the exhaustive grid the race is measured against.

use super::spec::{Aggregate, Minimise, Plan};
use crate::analysis::map_runs;
use crate::error::{AnalysisError, SimError};
use crate::metrics::{self, LINES};
use crate::money::Money;
use crate::sim::run::{Engine, RunRecord};

/// One run of one candidate, reduced to what the search needs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RunEval {
    /// The objective's per-run value: its mean over runs is the objective.
    pub objective: f64,
    /// Spend over the objective's years and lines.
    pub spend: Money,
    /// Bit k set when constraint k holds in this run.
    pub ok: u64,
}

/// Why a candidate left the race.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Fate {
    Alive,
    /// Dropped after the round with this many runs: constraint `constraint` clearly fails.
    Infeasible {
        runs: u64,
        constraint: usize,
    },
    /// Dropped after the round with this many runs: candidate `by` is clearly better.
    Dominated {
        runs: u64,
        by: usize,
    },
}

/// A candidate in the race.
pub(crate) struct Runner<'a> {
    pub engine: Engine<'a>,
    /// Budget over the objective's years and lines, in pounds (NaN if none is set).
    pub budget: f64,
    pub evals: Vec<RunEval>,
    pub fate: Fate,
}

/// One round's record.
#[derive(Clone, Debug, serde::Serialize, PartialEq)]
pub struct Round {
    pub runs_per_candidate: u64,
    pub candidates: usize,
    pub dropped_infeasible: usize,
    pub dropped_dominated: usize,
}

/// Read one finished run.
pub(crate) fn evaluate(plan: &Plan, rec: &RunRecord, n_weeks: usize, budget: f64) -> RunEval {
    let width = LINES.len() + 1;
    let mut spend = Money::default();
    for &fy in &plan.objective.years {
        for &line in &plan.objective.lines {
            spend += rec.budget[fy * width + line];
        }
    }
    let over = if budget.is_finite() && spend.to_f64() > budget { 1.0 } else { 0.0 };
    let objective = match plan.objective.minimise {
        Minimise::ExpectedSpend => spend.to_f64(),
        Minimise::OverspendProbability => over,
        Minimise::Weighted => spend.to_f64() + plan.objective.overspend_weight * over,
    };
    let mut ok = 0u64;
    for (k, c) in plan.constraints.iter().enumerate() {
        if holds(c, rec, n_weeks) {
            ok |= 1 << k;
        }
    }
    RunEval { objective, spend, ok }
}

fn holds(c: &super::spec::PlanConstraint, rec: &RunRecord, nw: usize) -> bool {
    let series = |m: usize| &rec.weekly[m * nw..(m + 1) * nw];
    let x = &series(c.metric)[c.weeks.clone()];
    let is_rate = metrics::METRICS[c.metric].kind == metrics::Kind::Rate;
    match c.aggregate {
        Aggregate::EveryWeek => x.iter().all(|&v| if v.is_nan() { is_rate } else { c.op.holds(v, c.value) }),
        Aggregate::Total => c.op.holds(x.iter().filter(|v| v.is_finite()).sum(), c.value),
        Aggregate::Mean => {
            // On-time rates weigh each week by its completions: the period's share on time.
            let weights = match c.metric {
                metrics::IA_ON_TIME => Some(&series(metrics::IA_COMPLETED)[c.weeks.clone()]),
                metrics::CA_ON_TIME => Some(&series(metrics::CA_COMPLETED)[c.weeks.clone()]),
                _ => None,
            };
            let (mut s, mut n) = (0.0, 0.0);
            for (i, &v) in x.iter().enumerate() {
                if v.is_finite() {
                    let w = weights.map_or(1.0, |w| w[i]);
                    s += w * v;
                    n += w;
                }
            }
            n > 0.0 && c.op.holds(s / n, c.value)
        }
    }
}

/// Mean and standard error of the mean.
pub(crate) fn mean_se(x: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut n, mut mean, mut m2) = (0.0, 0.0, 0.0);
    for v in x {
        n += 1.0;
        let d = v - mean;
        mean += d / n;
        m2 += d * (v - mean);
    }
    if n < 2.0 { (mean, f64::NAN) } else { (mean, (m2 / (n - 1.0) / n).sqrt()) }
}

/// The Wilson score interval of a proportion `k / n` at normal quantile `z`.
pub(crate) fn wilson(k: u64, n: u64, z: f64) -> (f64, f64) {
    let (n, p) = (n as f64, k as f64 / n as f64);
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    (centre - half, centre + half)
}

/// Runs `have..to` of each listed candidate, in parallel, appended in run order.
pub(crate) fn extend(
    plan: &Plan,
    runners: &mut [Runner<'_>],
    which: &[usize],
    to: u64,
    seed: u64,
    threads: Option<usize>,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<(), AnalysisError> {
    let jobs: Vec<(usize, u64)> =
        which.iter().flat_map(|&c| (runners[c].evals.len() as u64..to).map(move |r| (c, r))).collect();
    // In chunks, so progress is reported and the work can be cancelled.
    for chunk in jobs.chunks(1024) {
        let shared: &[Runner<'_>] = runners;
        let out = map_runs(chunk.len() as u64, threads, |i, ws, rec| -> Result<RunEval, SimError> {
            let (c, r) = chunk[i as usize];
            let runner = &shared[c];
            runner.engine.run(seed, r, ws, rec, false)?;
            Ok(evaluate(plan, rec, runner.engine.n_weeks(), runner.budget))
        });
        for (&(c, _), e) in chunk.iter().zip(out) {
            runners[c].evals.push(e?);
        }
        if !progress(chunk.len() as u64) {
            return Err(AnalysisError::Cancelled);
        }
    }
    Ok(())
}

/// Count of runs where constraint `k` holds (`k == None`: all of them).
pub(crate) fn successes(evals: &[RunEval], k: Option<usize>, n_constraints: usize) -> u64 {
    let mask = match k {
        Some(k) => 1u64 << k,
        None => {
            if n_constraints == 64 {
                u64::MAX
            } else {
                (1u64 << n_constraints) - 1
            }
        }
    };
    evals.iter().filter(|e| e.ok & mask == mask).count() as u64
}

/// Race the candidates (or, with `racing` off, run every one to full precision); returns
/// the rounds.
pub(crate) fn race(
    plan: &Plan,
    runners: &mut [Runner<'_>],
    seed: u64,
    threads: Option<usize>,
    racing: bool,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<Vec<Round>, AnalysisError> {
    let z = crate::special::std_normal_quantile(plan.confidence);
    let nc = plan.constraints.len();
    let mut rounds = Vec::new();
    let mut n = if racing { plan.first_runs } else { plan.runs };
    loop {
        let alive: Vec<usize> = (0..runners.len()).filter(|&c| runners[c].fate == Fate::Alive).collect();
        extend(plan, runners, &alive, n, seed, threads, progress)?;
        let mut round = Round {
            runs_per_candidate: n,
            candidates: alive.len(),
            dropped_infeasible: 0,
            dropped_dominated: 0,
        };
        if n >= plan.runs {
            rounds.push(round);
            break;
        }
        // Clearly infeasible.
        for &c in &alive {
            let ev = &runners[c].evals;
            if let Some(k) = (0..nc)
                .find(|&k| wilson(successes(ev, Some(k), nc), n, z).1 < plan.constraints[k].probability)
            {
                runners[c].fate = Fate::Infeasible { runs: n, constraint: k };
                round.dropped_infeasible += 1;
            }
        }
        // Clearly dominated by the best clearly feasible candidate.
        let sure: Vec<usize> = alive
            .iter()
            .copied()
            .filter(|&c| runners[c].fate == Fate::Alive)
            .filter(|&c| {
                let ev = &runners[c].evals;
                (0..nc).all(|k| wilson(successes(ev, Some(k), nc), n, z).0 >= plan.constraints[k].probability)
            })
            .collect();
        let mean = |c: usize| mean_se(runners[c].evals.iter().map(|e| e.objective)).0;
        if let Some(&best) = sure.iter().min_by(|&&a, &&b| mean(a).total_cmp(&mean(b)).then(a.cmp(&b))) {
            for &c in &alive {
                if c == best || runners[c].fate != Fate::Alive {
                    continue;
                }
                let (d, se) = mean_se(
                    runners[c].evals.iter().zip(&runners[best].evals).map(|(a, b)| a.objective - b.objective),
                );
                // A difference with no spread at all (se 0) is certain.
                if d > 0.0 && (se.is_nan() || d - z * se > 0.0) {
                    runners[c].fate = Fate::Dominated { runs: n, by: best };
                    round.dropped_dominated += 1;
                }
            }
        }
        rounds.push(round);
        n = (n * 2).min(plan.runs);
    }
    Ok(rounds)
}
