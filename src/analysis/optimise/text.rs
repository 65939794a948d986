//! The optimisation as readable text: the question, the chosen plan with its cost and
//! chances, the runners-up, the rounds of the race and the frontier table.

use super::{CandidateResult, Optimisation};
use crate::money::Money;
use std::fmt::Write;

fn gbp(x: f64) -> String {
    Money::from_f64(x).map(|m| m.round_pounds().format_gbp()).unwrap_or_else(|| "-".into())
}

fn pct(p: f64, se: f64) -> String {
    format!("{:.1}% ± {:.1}", 100.0 * p, 100.0 * se)
}

fn plan_block(o: &mut String, c: &CandidateResult) {
    let _ = writeln!(o, "  plan: {}", c.plan_text());
    let _ = writeln!(
        o,
        "  expected spend {} (± {}), objective {:.4} (± {:.4}), {} runs",
        c.expected_spend.round_pounds().format_gbp(),
        gbp(c.expected_spend_se),
        c.objective,
        c.objective_se,
        c.runs
    );
    for k in &c.constraints {
        let _ = writeln!(
            o,
            "  {:<8} {}  (need {:.0}%): {}",
            if k.probability >= k.required { "met" } else { "NOT MET" },
            pct(k.probability, k.standard_error),
            100.0 * k.required,
            k.constraint
        );
    }
    let _ = writeln!(o, "  chance every target is met: {}", pct(c.p_all, c.p_all_se));
}

/// The text report.
pub fn text(r: &Optimisation) -> String {
    let mut o = String::new();
    let p = &r.provenance;
    let _ = writeln!(
        o,
        "wfsim {} | optimise {} ({}) | up to {} runs per candidate | seed {}",
        p.engine_version, p.scenario.name, p.scenario.hash, p.runs, p.seed
    );
    let _ = writeln!(o, "{}", r.objective);
    for c in &r.constraints {
        let _ = writeln!(o, "subject to: {c}");
    }
    let n: usize = r.variables.iter().map(|v| v.values.len()).product();
    let _ = writeln!(
        o,
        "over {n} plans ({}); {} give no valid scenario",
        r.variables
            .iter()
            .map(|v| format!("{}: {} values", v.path, v.values.len()))
            .collect::<Vec<_>>()
            .join(", "),
        r.invalid.len()
    );
    let _ = writeln!(o);
    match &r.chosen {
        Some(c) => {
            let _ = writeln!(o, "Chosen plan (candidate {}):", c.candidate.unwrap_or(0));
            plan_block(&mut o, c);
        }
        None => {
            let _ = writeln!(o, "No plan meets every constraint at the required chance.");
        }
    }
    let _ = writeln!(o, "\nCurrent plan (the scenario as given):");
    plan_block(&mut o, &r.current);
    if !r.runners_up.is_empty() {
        let _ = writeln!(o, "\nRunners-up:");
        let _ = writeln!(
            o,
            "  {:<60} {:>14} {:>16} {:>6}  status",
            "plan", "exp. spend", "P(all targets)", "runs"
        );
        for c in &r.runners_up {
            let _ = writeln!(
                o,
                "  {:<60} {:>14} {:>16} {:>6}  {}",
                c.plan_text(),
                c.expected_spend.round_pounds().format_gbp(),
                pct(c.p_all, c.p_all_se),
                c.runs,
                c.status
            );
        }
    }
    let _ =
        writeln!(o, "\nRace (drops at {:.0}% one-sided confidence, per comparison):", 100.0 * r.confidence);
    for rd in &r.rounds {
        let _ = writeln!(
            o,
            "  {:>6} runs each: {:>5} candidates, dropped {} infeasible, {} dominated",
            rd.runs_per_candidate, rd.candidates, rd.dropped_infeasible, rd.dropped_dominated
        );
    }
    let u = &r.runs_used;
    let _ = writeln!(
        o,
        "  runs: search {}, frontier {}, current plan {}; an exhaustive grid at the same precision: {} ({:.1}x the search)",
        u.search,
        u.frontier,
        u.current_plan,
        u.exhaustive_grid,
        u.exhaustive_grid as f64 / u.search.max(1) as f64
    );
    if !r.frontier.is_empty() {
        let _ = writeln!(o, "\nFrontier: expected spend against the chance of meeting every target");
        let _ = writeln!(o, "  {:>14} {:>16} {:>6}  plan", "exp. spend", "P(all targets)", "runs");
        for f in &r.frontier {
            let mark = match (f.chosen, f.current) {
                (true, true) => "  <- chosen, current",
                (true, false) => "  <- chosen",
                (false, true) => "  <- current",
                _ => "",
            };
            let _ = writeln!(
                o,
                "  {:>14} {:>16} {:>6}  {}{mark}",
                gbp(f.expected_spend),
                pct(f.p_all, f.p_all_se),
                f.runs,
                f.plan.join(", ")
            );
        }
    }
    o
}
