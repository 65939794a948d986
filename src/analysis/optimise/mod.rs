//! Optimisation under uncertainty: the cheapest plan (values of chosen parameters) whose
//! chance constraints hold, found by racing candidates on common random numbers
//! ([`search`]), and the cost-service frontier ([`frontier`]). The question is data: an
//! `[optimise]` block ([`spec`]). The JSON output (`"schema": "wfsim.optimise/1"`) opens
//! with the same [`Provenance`] header as the summary.

pub mod frontier;
pub mod search;
pub mod spec;
mod text;

pub use frontier::FrontierPoint;
pub use search::Round;
pub use spec::{OptimiseSpec, Plan, PlanVariable, split_scenario_text};
pub use text::text;

use super::{Provenance, with_value};
use crate::error::AnalysisError;
use crate::limits;
use crate::metrics::LINES;
use crate::money::Money;
use crate::scenario::Scenario;
use crate::sim::run::Engine;
use search::{Fate, RunEval, Runner, mean_se, successes};
use serde::Serialize;

/// One parameter's value in a plan.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Setting {
    pub path: String,
    pub value: serde_json::Value,
}

/// A constraint's estimated chance on a plan.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ConstraintResult {
    pub constraint: String,
    pub required: f64,
    pub probability: f64,
    pub standard_error: f64,
}

/// A plan's estimates, from `runs` runs.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CandidateResult {
    /// Index among the candidates (`None`: the scenario's current plan).
    pub candidate: Option<usize>,
    pub plan: Vec<Setting>,
    /// "chosen", "feasible", "infeasible" (a constraint's estimate below its requirement),
    /// "dropped: infeasible", "dropped: dominated", or "current".
    pub status: String,
    /// The round (its runs per candidate) after which the race dropped it.
    pub dropped_after_runs: Option<u64>,
    pub runs: u64,
    pub objective: f64,
    pub objective_se: f64,
    /// Mean spend over the objective's years and lines, exact to the penny.
    pub expected_spend: Money,
    pub expected_spend_se: f64,
    /// Chance that every constraint holds in a run.
    pub p_all: f64,
    pub p_all_se: f64,
    pub constraints: Vec<ConstraintResult>,
}

impl CandidateResult {
    /// `path = value, ...`.
    pub fn plan_text(&self) -> String {
        self.plan.iter().map(|s| format!("{} = {}", s.path, s.value)).collect::<Vec<_>>().join(", ")
    }
}

/// Runs spent, and what an exhaustive grid at the same precision would spend.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RunsUsed {
    pub search: u64,
    pub frontier: u64,
    pub current_plan: u64,
    /// Candidates x runs: every candidate at full precision.
    pub exhaustive_grid: u64,
}

/// A combination of values that gives no valid scenario.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Invalid {
    pub plan: Vec<Setting>,
    pub reason: String,
}

/// The optimisation (`"schema": "wfsim.optimise/1"`); the header's runs are the runs per
/// candidate at full precision.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Optimisation {
    #[serde(flatten)]
    pub provenance: Provenance,
    pub objective: String,
    pub constraints: Vec<String>,
    pub variables: Vec<PlanVariable>,
    pub confidence: f64,
    pub first_runs: u64,
    /// The cheapest plan meeting every constraint (`None` if none does).
    pub chosen: Option<CandidateResult>,
    /// The next best plans by objective, chosen excluded.
    pub runners_up: Vec<CandidateResult>,
    /// The plan as the scenario states it.
    pub current: CandidateResult,
    pub rounds: Vec<Round>,
    pub runs_used: RunsUsed,
    /// Expected spend against the chance of meeting every target: efficient plans by
    /// spend, and the current plan.
    pub frontier: Vec<FrontierPoint>,
    /// Every candidate, in grid order (first variable slowest).
    pub candidates: Vec<CandidateResult>,
    pub invalid: Vec<Invalid>,
}

/// Runners-up listed.
const RUNNERS_UP: usize = 5;

/// How the search spends runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Successive doubling, dropping clearly infeasible or dominated candidates.
    Race,
    /// Every candidate to full precision.
    Exhaustive,
}

/// Search `plan` on `scenario` from `seed`. `progress(done, total)` is called between
/// chunks of runs (total is an upper bound) and cancels the search when it returns false.
pub fn optimise(
    scenario: &Scenario,
    plan: &Plan,
    seed: u64,
    threads: Option<usize>,
    method: Method,
    progress: Option<&(dyn Fn(u64, u64) -> bool + Sync)>,
) -> Result<Optimisation, AnalysisError> {
    limits::seed(seed).map_err(AnalysisError::limit("seed"))?;
    // The grid, first variable slowest.
    let sizes: Vec<usize> = plan.variables.iter().map(|v| v.values.len()).collect();
    let total: usize = sizes.iter().product();
    let mut scenarios = Vec::with_capacity(total);
    let mut settings = Vec::with_capacity(total);
    let mut invalid = Vec::new();
    for i in 0..total {
        let mut rest = i;
        let mut pick = vec![0; sizes.len()];
        for (k, &n) in sizes.iter().enumerate().rev() {
            pick[k] = rest % n;
            rest /= n;
        }
        let plan_i: Vec<Setting> = plan
            .variables
            .iter()
            .zip(&pick)
            .map(|(v, &j)| Setting { path: v.path.clone(), value: v.values[j].clone() })
            .collect();
        let mut s: Result<Scenario, AnalysisError> = Ok(scenario.clone());
        for set in &plan_i {
            s = s.and_then(|s| with_value(s.input(), &set.path, set.value.clone()));
        }
        match s {
            Ok(s) => {
                scenarios.push(s);
                settings.push(plan_i);
            }
            Err(e) => invalid.push(Invalid { plan: plan_i, reason: e.to_string() }),
        }
    }
    let budget_of = |s: &Scenario| budget(s, plan).map(|m| m.to_f64()).unwrap_or(f64::NAN);
    let mut runners: Vec<Runner<'_>> = scenarios
        .iter()
        .map(|s| Runner {
            engine: Engine::new(s),
            budget: budget_of(s),
            evals: Vec::new(),
            fate: Fate::Alive,
        })
        .collect();
    let upper = (runners.len() as u64 + 1) * plan.runs;
    let mut done = 0u64;
    let mut tick = |n: u64| {
        done += n;
        progress.is_none_or(|p| p(done.min(upper), upper))
    };
    let rounds = search::race(plan, &mut runners, seed, threads, method == Method::Race, &mut tick)?;
    let search_runs: u64 = runners.iter().map(|r| r.evals.len() as u64).sum();

    // The chosen plan: the cheapest feasible survivor at full precision.
    let nc = plan.constraints.len();
    let feasible = |r: &Runner<'_>| {
        r.evals.len() as u64 >= plan.runs
            && (0..nc).all(|k| {
                successes(&r.evals, Some(k), nc) as f64 / r.evals.len() as f64
                    >= plan.constraints[k].probability
            })
    };
    let objective = |r: &Runner<'_>| mean_se(r.evals.iter().map(|e| e.objective)).0;
    let chosen = (0..runners.len())
        .filter(|&c| runners[c].fate == Fate::Alive && feasible(&runners[c]))
        .min_by(|&a, &b| objective(&runners[a]).total_cmp(&objective(&runners[b])).then(a.cmp(&b)));

    // The frontier: efficient candidates topped up to full precision until every
    // efficient point has it.
    let mut frontier_runs = 0u64;
    let mut efficient;
    loop {
        let points: Vec<(f64, f64)> = runners
            .iter()
            .map(|r| {
                let n = r.evals.len() as f64;
                (
                    mean_se(r.evals.iter().map(|e| e.spend.to_f64())).0,
                    successes(&r.evals, None, nc) as f64 / n,
                )
            })
            .collect();
        efficient = frontier::efficient(&points);
        let short: Vec<usize> =
            efficient.iter().copied().filter(|&c| (runners[c].evals.len() as u64) < plan.runs).collect();
        if short.is_empty() || !plan.frontier {
            break;
        }
        let before: u64 = short.iter().map(|&c| runners[c].evals.len() as u64).sum();
        search::extend(plan, &mut runners, &short, plan.runs, seed, threads, &mut tick)?;
        frontier_runs += short.len() as u64 * plan.runs - before;
    }

    // The current plan, on the same runs.
    let current_s = scenario;
    let mut current_runner = [Runner {
        engine: Engine::new(current_s),
        budget: budget_of(current_s),
        evals: Vec::new(),
        fate: Fate::Alive,
    }];
    search::extend(plan, &mut current_runner, &[0], plan.runs, seed, threads, &mut tick)?;
    let current_plan: Vec<Setting> = plan
        .variables
        .iter()
        .map(|v| Setting {
            path: v.path.clone(),
            value: value_at(scenario, &v.path).unwrap_or(serde_json::Value::Null),
        })
        .collect();
    let mut current = result(plan, None, current_plan, &current_runner[0].evals, "current", None);

    let candidates: Vec<CandidateResult> = runners
        .iter()
        .enumerate()
        .map(|(c, r)| {
            let (status, dropped) = match r.fate {
                _ if Some(c) == chosen => ("chosen", None),
                Fate::Infeasible { runs, .. } => ("dropped: infeasible", Some(runs)),
                Fate::Dominated { runs, .. } => ("dropped: dominated", Some(runs)),
                Fate::Alive if feasible(r) => ("feasible", None),
                Fate::Alive => ("infeasible", None),
            };
            result(plan, Some(c), settings[c].clone(), &r.evals, status, dropped)
        })
        .collect();
    // The current plan is a candidate when its values are on the grid.
    if let Some(same) = candidates.iter().find(|c| c.plan == current.plan) {
        current.candidate = same.candidate;
    }
    let mut order: Vec<&CandidateResult> =
        candidates.iter().filter(|c| c.status != "chosen" && !c.status.ends_with("infeasible")).collect();
    order.sort_by(|a, b| {
        (a.status != "feasible")
            .cmp(&(b.status != "feasible"))
            .then(a.objective.total_cmp(&b.objective))
            .then(a.candidate.cmp(&b.candidate))
    });
    let runners_up = order.into_iter().take(RUNNERS_UP).cloned().collect();

    let mut points: Vec<FrontierPoint> = efficient
        .iter()
        .map(|&c| point(&candidates[c], Some(c) == chosen, current.candidate == Some(c)))
        .collect();
    if current.candidate.is_none_or(|c| !efficient.contains(&c)) {
        points.push(point(&current, false, true));
        points.sort_by(|a, b| a.expected_spend.total_cmp(&b.expected_spend));
    }

    Ok(Optimisation {
        provenance: Provenance::new("wfsim.optimise/1", scenario, plan.runs, seed),
        objective: plan.objective.text.clone(),
        constraints: plan.constraints.iter().map(|c| c.text.clone()).collect(),
        variables: plan.variables.clone(),
        confidence: plan.confidence,
        first_runs: plan.first_runs,
        chosen: chosen.map(|c| candidates[c].clone()),
        runners_up,
        current,
        rounds,
        runs_used: RunsUsed {
            search: search_runs,
            frontier: frontier_runs,
            current_plan: plan.runs,
            exhaustive_grid: runners.len() as u64 * plan.runs,
        },
        frontier: points,
        candidates,
        invalid,
    })
}

fn point(c: &CandidateResult, chosen: bool, current: bool) -> FrontierPoint {
    FrontierPoint {
        plan: c.plan.iter().map(|s| format!("{} = {}", s.path, s.value)).collect(),
        candidate: c.candidate,
        expected_spend: c.expected_spend.to_f64(),
        expected_spend_se: c.expected_spend_se,
        p_all: c.p_all,
        p_all_se: c.p_all_se,
        runs: c.runs,
        current,
        chosen,
    }
}

fn result(
    plan: &Plan,
    candidate: Option<usize>,
    settings: Vec<Setting>,
    evals: &[RunEval],
    status: &str,
    dropped: Option<u64>,
) -> CandidateResult {
    let n = evals.len() as u64;
    let nc = plan.constraints.len();
    let prop = |k: u64| {
        let p = k as f64 / n as f64;
        (p, (p * (1.0 - p) / n as f64).sqrt())
    };
    let (objective, objective_se) = mean_se(evals.iter().map(|e| e.objective));
    let (_, expected_spend_se) = mean_se(evals.iter().map(|e| e.spend.to_f64()));
    let spends: Vec<Money> = evals.iter().map(|e| e.spend).collect();
    let (p_all, p_all_se) = prop(successes(evals, None, nc));
    CandidateResult {
        candidate,
        plan: settings,
        status: status.to_string(),
        dropped_after_runs: dropped,
        runs: n,
        objective,
        objective_se,
        expected_spend: crate::money::mean(&spends).map(|m| m.round_pence()).unwrap_or_default(),
        expected_spend_se,
        p_all,
        p_all_se,
        constraints: plan
            .constraints
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let (p, se) = prop(successes(evals, Some(k), nc));
                ConstraintResult {
                    constraint: c.text.clone(),
                    required: c.probability,
                    probability: p,
                    standard_error: se,
                }
            })
            .collect(),
    }
}

/// The budget over the objective's years and lines (the all-lines total sums the lines
/// given a budget), if any is given.
fn budget(s: &Scenario, plan: &Plan) -> Option<Money> {
    let budgets = &s.spec().budgets;
    let mut sum = None;
    for &fy in &plan.objective.years {
        for &line in &plan.objective.lines {
            let lines = if line == LINES.len() { 0..LINES.len() } else { line..line + 1 };
            for l in lines {
                if let Some(b) = budgets[l][fy] {
                    sum = Some(sum.unwrap_or_default() + b);
                }
            }
        }
    }
    sum
}

/// The value at a parameter path of a scenario's input, as JSON.
fn value_at(s: &Scenario, path: &str) -> Option<serde_json::Value> {
    let mut node = serde_json::to_value(s.input()).ok()?;
    for part in path.split('.') {
        let (name, index) = match part.find('[') {
            Some(b) => (&part[..b], Some(part[b + 1..part.len().checked_sub(1)?].parse::<usize>().ok()?)),
            None => (part, None),
        };
        node = node.get(name)?.clone();
        if let Some(i) = index {
            node = node.get(i)?.clone();
        }
    }
    // A whole number reads as one (parameters are stored as reals).
    Some(match node.as_f64() {
        Some(x) if node.is_f64() => spec::number(x),
        _ => node,
    })
}
