//! The optimiser: on a workforce decay whose hiring need is known in closed form it finds
//! that need; its answer holds on fresh runs; it is reproducible from the seed whatever the
//! thread count; and bad specs give field errors.
//!
//! The closed form (as in `closed_forms::permanent_headcount_survives_turnover_exactly`):
//! with no recruitment, agency or caseload feedback, each of N starting workers is still in
//! post after 260 working days with probability s = 1 - r, independently, so the headcount
//! at the end of the year is Binomial(N, s), and it only falls during the year. "At least m
//! workers in every week with probability at least q" therefore holds exactly when
//! P(Binomial(N, s) >= m) >= q, and the cheapest plan is the smallest such N (spend grows
//! with N).

use crate::common::{each_run, n_weeks, scenario, series};
use wfsim::analysis::optimise::{self, Method, Optimisation, OptimiseSpec};
use wfsim::error::AnalysisError;
use wfsim::metrics as m;

const TURNOVER: f64 = 0.25;
const NEED: u64 = 10;
const CHANCE: f64 = 0.9;
const RUNS: u64 = 4000;

fn decay() -> wfsim::scenario::Scenario {
    scenario(
        r#"
        [workforce]
        establishment = 100
        turnover = 0.25
        caseload_feedback_k = 0
        "#,
    )
}

fn spec() -> OptimiseSpec {
    OptimiseSpec::from_text(&format!(
        r#"
        [optimise]
        runs = {RUNS}
        first_runs = 100
        [[optimise.variables]]
        path = "initial.permanent[0].count"
        min = 5
        max = 30
        [[optimise.constraints]]
        metric = "permanent_fte"
        op = ">="
        value = {NEED}
        aggregate = "every_week"
        probability = {CHANCE}
        [optimise.objective]
        minimise = "expected_spend"
        years = ["2020-21", "2021-22"]
        lines = ["permanent_staffing"]
        "#
    ))
    .expect("the spec reads")
}

/// P(Binomial(n, p) >= k), summed exactly.
fn binomial_at_least(n: u64, p: f64, k: u64) -> f64 {
    let mut total = 0.0;
    let mut c = 1.0; // C(n, j), built up
    for j in 0..=n {
        if j > 0 {
            c = c * (n - j + 1) as f64 / j as f64;
        }
        if j >= k {
            total += c * p.powi(j as i32) * (1.0 - p).powi((n - j) as i32);
        }
    }
    total
}

fn run(threads: Option<usize>, seed: u64) -> Optimisation {
    let s = decay();
    let plan = spec().plan(&s).expect("the spec fits the scenario");
    optimise::optimise(&s, &plan, seed, threads, Method::Race, None).expect("the search runs")
}

#[test]
fn the_search_finds_the_known_hiring_need() {
    let s = 1.0 - TURNOVER;
    let answer = (NEED..200).find(|&n| binomial_at_least(n, s, NEED) >= CHANCE).expect("some N suffices");
    let (below, at) = (binomial_at_least(answer - 1, s, NEED), binomial_at_least(answer, s, NEED));
    // The setting leaves room for Monte Carlo error: N* - 1 and N* are each more than 4
    // standard errors sqrt(p (1 - p) / RUNS) from the requirement (here 16: 0.852 and 0.920).
    let se = |p: f64| (p * (1.0 - p) / RUNS as f64).sqrt();
    assert!(CHANCE - below > 4.0 * se(below) && at - CHANCE > 4.0 * se(at), "{below} {at}");

    let o = run(None, 7);
    let chosen = o.chosen.as_ref().expect("a plan meets the constraint");
    assert_eq!(chosen.plan[0].value, serde_json::json!(answer), "{}", optimise::text(&o));
    // Its reported chance is the exact one within 5 standard errors.
    let p = chosen.constraints[0].probability;
    assert!((p - at).abs() <= 5.0 * se(at), "reported {p}, exact {at}");
    // The race spent far fewer runs than every candidate at full precision would.
    assert!(o.runs_used.search * 3 < o.runs_used.exhaustive_grid, "{:?}", o.runs_used);
}

#[test]
fn the_chosen_plan_holds_on_fresh_runs() {
    let o = run(None, 7);
    let chosen = o.chosen.as_ref().expect("a plan");
    let n: u64 = chosen.plan[0].value.as_u64().expect("a count");
    let s = scenario(&format!(
        r#"
        [workforce]
        establishment = 100
        turnover = 0.25
        caseload_feedback_k = 0
        [[initial.permanent]]
        grade = "experienced"
        count = {n}
        tenure_weeks = 104
        "#
    ));
    // Fresh runs: another seed. The constraint's true chance is at least CHANCE if the
    // choice is right, so the fresh estimate falls below CHANCE - 4 sd with probability
    // under 4e-5 (sd = sqrt(q (1 - q) / runs) at q = CHANCE, the largest allowed).
    let fresh = 4000u64;
    let nw = n_weeks(&s);
    let mut met = 0u64;
    let mut spend = Vec::new();
    each_run(&s, 99, fresh, false, |_, rec| {
        if series(rec, m::PERMANENT_FTE, nw).iter().all(|&x| x >= NEED as f64) {
            met += 1;
        }
        spend.push(series(rec, m::SPEND_LINE0 + m::line::PERMANENT, nw).iter().sum::<f64>());
    });
    let p = met as f64 / fresh as f64;
    let sd = (CHANCE * (1.0 - CHANCE) / fresh as f64).sqrt();
    assert!(p >= CHANCE - 4.0 * sd, "fresh chance {p}");
    // The objective: the fresh mean spend within 5 standard errors of the difference of two
    // independent means (sd of each from its own runs).
    let mean = spend.iter().sum::<f64>() / fresh as f64;
    let sd_fresh = crate::common::variance(&spend).sqrt() / (fresh as f64).sqrt();
    let tol = 5.0 * (sd_fresh.powi(2) + chosen.expected_spend_se.powi(2)).sqrt();
    let reported = chosen.expected_spend.to_f64();
    assert!((mean - reported).abs() <= tol.max(1.0), "fresh {mean}, reported {reported}, tol {tol}");
}

#[test]
fn the_same_seed_gives_the_same_answer_on_any_thread_count() {
    let a = run(Some(1), 11);
    let b = run(Some(2), 11);
    assert_eq!(a, b);
    let c = run(Some(2), 12);
    assert_eq!(a.chosen.as_ref().map(|c| &c.plan), c.chosen.as_ref().map(|c| &c.plan));
}

#[test]
fn the_race_and_the_exhaustive_grid_agree() {
    let s = decay();
    let plan = spec().plan(&s).expect("plan");
    let race = optimise::optimise(&s, &plan, 5, None, Method::Race, None).expect("race");
    let grid = optimise::optimise(&s, &plan, 5, None, Method::Exhaustive, None).expect("grid");
    assert_eq!(race.chosen.map(|c| c.plan), grid.chosen.map(|c| c.plan));
    assert_eq!(grid.runs_used.search, grid.runs_used.exhaustive_grid);
}

/// The field errors of a spec (as `path: message` lines) against the decay scenario.
fn errors(text: &str) -> Vec<String> {
    let s = decay();
    let e = OptimiseSpec::from_text(text).and_then(|spec| spec.plan(&s).map(|_| ()));
    match e {
        Err(AnalysisError::Spec(list)) => list.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected spec problems, got {other:?}"),
    }
}

#[test]
fn bad_specs_give_field_errors() {
    let e = errors(
        r#"
        [optimise]
        confidence = 1.5
        [[optimise.variables]]
        path = "workforce.establishment"
        min = 10
        max = 5
        [[optimise.variables]]
        path = "workforce.nonsense"
        values = [1]
        [[optimise.constraints]]
        metric = "caseload"
        op = "=<"
        value = 18
        aggregate = "every_week"
        from = "2030-01-01"
        probability = 1.2
        [optimise.objective]
        minimise = "weighted"
        years = ["1999-00"]
        "#,
    );
    let has = |field: &str, words: &str| {
        assert!(
            e.iter().any(|l| l.starts_with(field) && l.contains(words)),
            "no {field} ... {words} in {e:#?}"
        )
    };
    has("optimise.confidence", "1.5");
    has("optimise.variables[0].max", "5 is below min 10");
    has("optimise.variables[1].values[0]", "workforce.nonsense");
    has("optimise.constraints[0].metric", "\"caseload\"");
    has("optimise.constraints[0].op", "\"=<\"");
    has("optimise.constraints[0].probability", "1.2");
    has("optimise.constraints[0].from", "2030-01-01 is outside");
    has("optimise.objective.years[0]", "\"1999-00\"");
    has("optimise.objective.overspend_weight", "nothing");
    // A misspelt field is named with its path.
    let e = errors(
        "[optimise]\nrunz = 3\n[optimise.objective]\nminimise = \"expected_spend\"\nyears = [\"2021-22\"]\n",
    );
    assert!(e[0].contains("runz"), "{e:?}");
    let e = errors("[optimise.objective]\nminimise = \"cheapest\"\nyears = [\"2021-22\"]\n");
    assert!(e[0].starts_with("optimise.objective.minimise") && e[0].contains("cheapest"), "{e:?}");
}

#[test]
fn the_example_spec_fits_the_preset() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/peterborough-2012-optimise.toml"
    ))
    .expect("the example spec");
    let plan = OptimiseSpec::from_text(&text).expect("reads").plan(&crate::common::preset()).expect("fits");
    assert!(plan.variables.len() >= 4 && plan.constraints.len() == 2);
}
