//! Limits: sizes and values outside what the engine accepts are refused with a clear
//! message (never a crash, a hang or an out-of-memory).

use crate::common::{each_run, problems, scenario, toml_with, valid};
use std::fmt::Write;
use wfsim::error::SimError;
use wfsim::limits::{MAX_LIST, MAX_RUNS, MAX_WEEKS};
use wfsim::scenario::Scenario;
use wfsim::sim::{Options, simulate};

fn paths(found: &[(String, String)]) -> Vec<&str> {
    found.iter().map(|(p, _)| p.as_str()).collect()
}

#[test]
fn runs_outside_1_to_max_are_refused_by_simulate() {
    let s = scenario("weeks = 2");
    for runs in [0, MAX_RUNS + 1, u64::MAX] {
        match simulate(&s, &Options::new(runs, 1)) {
            Err(e @ SimError::Runs(_)) => {
                let msg = e.to_string();
                assert!(msg.contains(&runs.to_string()), "{msg}");
                assert!(msg.contains(&MAX_RUNS.to_string()), "{msg}");
            }
            Err(e) => panic!("runs {runs}: unexpected error {e}"),
            Ok(_) => panic!("runs {runs} accepted"),
        }
    }
    assert_eq!(simulate(&s, &Options::new(1, 1)).unwrap().runs, 1);
}

#[test]
fn seeds_from_2_pow_53_are_refused() {
    let s = scenario("weeks = 2");
    let too_big = 1u64 << 53;
    for seed in [too_big, u64::MAX] {
        match simulate(&s, &Options::new(1, seed)) {
            Err(e @ SimError::Seed(_)) => assert!(e.to_string().contains(&seed.to_string()), "{e}"),
            Err(e) => panic!("seed {seed}: unexpected error {e}"),
            Ok(_) => panic!("seed {seed} accepted"),
        }
    }
    let largest = simulate(&s, &Options::new(1, too_big - 1)).unwrap();
    assert_eq!(largest.seed, too_big - 1);
    // In a scenario file too.
    let found = problems(&toml_with("[monte_carlo]\nseed = 9007199254740992"));
    assert_eq!(paths(&found), ["monte_carlo.seed"]);
    assert!(found[0].1.contains("9007199254740992"), "{found:?}");
    let found = problems(&toml_with(&format!("[monte_carlo]\nruns = {}", MAX_RUNS + 1)));
    assert_eq!(paths(&found), ["monte_carlo.runs"]);
    let found = problems(&toml_with("[monte_carlo]\nruns = 0"));
    assert_eq!(paths(&found), ["monte_carlo.runs"]);
}

#[test]
fn weeks_outside_1_to_max_are_refused() {
    for weeks in [0, MAX_WEEKS + 1, u32::MAX] {
        let found = problems(&toml_with(&format!("weeks = {weeks}")));
        assert_eq!(paths(&found), ["weeks"], "weeks = {weeks}");
        assert!(found[0].1.contains(&weeks.to_string()), "{found:?}");
        assert!(found[0].1.contains(&MAX_WEEKS.to_string()), "{found:?}");
    }
    // A horizon longer than a u32 can hold is a parse error, not a crash.
    assert!(Scenario::from_toml(&toml_with("weeks = 99999999999")).is_err());
    assert!(Scenario::from_toml(&toml_with("weeks = -1")).is_err());
    // The longest horizon is accepted and runs.
    let s = scenario(&format!("weeks = {MAX_WEEKS}"));
    assert_eq!(s.calendar().n_weeks(), MAX_WEEKS as usize);
    let metrics = wfsim::metrics::with_types(s.spec().placements.len());
    each_run(&s, 1, 1, true, |_, r| assert_eq!(r.weekly.len(), metrics * MAX_WEEKS as usize));
}

fn pods(n: usize) -> String {
    let mut t = String::new();
    for i in 0..n {
        let _ = write!(
            t,
            "[[pods]]\nname = \"pod {i}\"\nstart = \"2021-02-01\"\nend = \"2021-03-01\"\nsocial_workers = 1\nweekly_price = \"10\"\n"
        );
    }
    t
}

#[test]
fn lists_longer_than_max_list_are_refused() {
    let found = problems(&toml_with(&pods(MAX_LIST + 1)));
    assert_eq!(paths(&found), ["pods"]);
    assert!(found[0].1.contains(&(MAX_LIST + 1).to_string()), "{found:?}");
    assert!(found[0].1.contains(&MAX_LIST.to_string()), "{found:?}");
    // Exactly MAX_LIST is fine.
    let s = valid(&toml_with(&pods(MAX_LIST)));
    assert_eq!(s.spec().pods.len(), MAX_LIST);

    let mut days = String::from("bank_holidays = [");
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 4).unwrap();
    for i in 0..=MAX_LIST {
        let _ = write!(days, "\"{}\",", start + chrono::Duration::days(i as i64));
    }
    days.push(']');
    let found = problems(&toml_with(&days));
    assert_eq!(paths(&found), ["bank_holidays"]);
}

#[test]
fn infinities_and_nans_are_refused_with_their_paths() {
    let found = problems(&toml_with(
        r#"
        [workforce]
        turnover = nan
        hours_per_day = inf
        lost_time_share = -inf
        [demand]
        referrals_per_week = { dist = "normal", mean = nan, sd = 1.0 }
        seasonality = [1.0, 1.0, inf, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, nan, 1.0]
        [[events]]
        metric = "lac"
        op = ">"
        value = nan
        on = "2021-03-01"
        "#,
    ));
    let p = paths(&found);
    for want in [
        "workforce.turnover",
        "workforce.hours_per_day",
        "workforce.lost_time_share",
        "demand.seasonality[2]",
        "demand.seasonality[10]",
        "events[0].value",
    ] {
        assert!(p.contains(&want), "no problem at {want}: {found:#?}");
    }
    assert!(
        p.iter().any(|x| x.starts_with("demand.referrals_per_week")),
        "no problem for the NaN mean: {found:#?}"
    );
    let msg = |path: &str| found.iter().find(|(p, _)| p == path).unwrap().1.clone();
    assert!(msg("workforce.turnover").contains("NaN"));
    assert!(msg("workforce.hours_per_day").contains("inf"));
    assert!(msg("workforce.lost_time_share").contains("-inf"));
    assert!(msg("demand.seasonality[2]").contains("inf"));
}

#[test]
fn json_numbers_too_large_for_a_float_are_refused() {
    let json = serde_json::to_string(&toml::from_str::<toml::Value>(&toml_with("")).unwrap()).unwrap();
    let bad = json.replace("\"turnover\":0.0", "\"turnover\":1e999");
    assert_ne!(bad, json, "the replacement must hit");
    assert!(Scenario::from_json(&bad).is_err());
    let big = json.replace("\"turnover\":0.0", "\"turnover\":1e308");
    let found = match Scenario::from_json(&big) {
        Err(wfsim::error::ScenarioError::Invalid(p)) => p,
        other => panic!("expected a validation problem, got {other:?}"),
    };
    assert_eq!(found[0].path, "workforce.turnover");
}

#[test]
fn counts_beyond_max_count_are_refused() {
    let found = problems(&toml_with(
        r#"
        [workforce]
        establishment = 1000001
        [initial]
        open_cases = 1e7
        agency = -1
        [[initial.in_notice]]
        count = 4000000000
        weeks_left = 1
        "#,
    ));
    let p = paths(&found);
    for want in
        ["workforce.establishment", "initial.open_cases", "initial.agency", "initial.in_notice[0].count"]
    {
        assert!(p.contains(&want), "no problem at {want}: {found:#?}");
    }
}

/// Validates `text` and, if valid, simulates two runs: an error is fine, a panic is not.
/// Returns the panic's message, if any.
fn panics_on(text: String) -> Option<String> {
    let result = std::panic::catch_unwind(move || {
        if let Ok(s) = Scenario::from_toml(&text) {
            let _ = simulate(&s, &Options::new(2, 1));
        }
    });
    result.err().map(|e| {
        e.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

#[test]
fn extreme_money_amounts_are_refused_or_handled_without_panic() {
    // Decimal's largest value is about 7.9e28. Prices times day counts, salaries times
    // on-costs and pro-rata budgets must not overflow into a panic: the core never panics
    // on user input (DESIGN.md). Each case is tried on its own and all panics are listed.
    let max = "79228162514264337593543950335";
    let cases = [
        (
            "huge placement cost",
            format!(
                "[[looked_after.placements]]\nname = \"x\"\nshare = 1.0\nmean_weeks = 1000\nweekly_cost = \"{max}\"\ninitial = 10"
            ),
        ),
        ("huge salary", format!("[costs]\nsalary_experienced = \"{max}\"")),
        (
            "huge agency rate",
            format!("[costs]\nagency_day_rate = \"{max}\"\n[initial]\nagency = 5\n[agency]\nenabled = true"),
        ),
        ("huge budget", format!("[budget.placements]\n\"2020-21\" = \"{max}\"")),
        (
            "huge pod price",
            format!(
                "[[pods]]\nstart = \"2021-02-01\"\nend = \"2021-03-01\"\nsocial_workers = 1\nweekly_price = \"{max}\""
            ),
        ),
        (
            "huge pay award base",
            format!(
                "[costs]\nsalary_experienced = \"{max}\"\npay_award = 1.0\npay_award_from = \"2021-02-01\""
            ),
        ),
    ];
    let panics: Vec<String> = cases
        .into_iter()
        .filter_map(|(what, over)| panics_on(toml_with(&over)).map(|msg| format!("{what}: panicked: {msg}")))
        .collect();
    assert!(panics.is_empty(), "{}", panics.join("\n"));
}

#[test]
fn extreme_but_valid_values_run() {
    // Values at the edges of their domains run to completion with checks on.
    let s = scenario(
        r#"
        weeks = 20
        [workforce]
        establishment = 5
        turnover = 0.999
        hours_per_day = 24
        lost_time_share = 1.0
        caseload_feedback_k = 100
        caseload_feedback_threshold = 0.01
        [demand]
        referrals_per_week = 100000
        annual_trend = 10
        to_initial_assessment = 1.0
        [assessment.initial]
        hours = 1000
        elapsed_days = { dist = "lognormal", mean = 5000, sd = 10000 }
        target_days = 520
        [casework]
        open_case_mean_weeks = 0.2
        [looked_after]
        emergency_entries_per_week = 10000
        "#,
    );
    each_run(&s, 1, 2, true, |_, r| assert!(r.weekly.iter().all(|x| !x.is_infinite())));
}

#[test]
fn analyses_refuse_runs_and_seeds_by_the_same_limits() {
    use wfsim::analysis::{Outcome, calibrate, compare, sensitivity, targets};
    use wfsim::error::AnalysisError;
    let s = scenario("weeks = 4\n[demand]\nreferrals_per_week = 10");
    let outcome = Outcome::parse(&s, "referrals", &s.calendar().week_friday(1).to_string(), None).unwrap();
    let message = |r: Result<(), AnalysisError>| match r {
        Err(e @ AnalysisError::Limit { .. }) => e.to_string(),
        other => panic!("not a limit error: {other:?}"),
    };
    // One run is enough for a comparison and a target; the analyses that relate runs to one
    // another (rank correlations, a spread across draws) need two.
    assert_eq!(
        message(compare::compare(&s, &[&s], 0, 1, Some(1)).map(drop)),
        format!("runs: 0 is not allowed; use 1 to {MAX_RUNS}")
    );
    assert_eq!(
        message(targets::evaluate(&s, &[], MAX_RUNS + 1, 1, Some(1)).map(drop)),
        format!("runs: {} is not allowed; use 1 to {MAX_RUNS}", MAX_RUNS + 1)
    );
    assert_eq!(
        message(sensitivity::sensitivity(&s, &outcome, 1, 1, Some(1)).map(drop)),
        format!("runs: 1 is not allowed; use 2 to {MAX_RUNS}")
    );
    let obs = [calibrate::Observation {
        date: s.calendar().week_friday(2),
        metric: "referrals".into(),
        value: 1.0,
    }];
    let fit = ["demand.referrals_per_week".to_string()];
    assert_eq!(
        message(calibrate::calibrate(&s, &obs, &fit, 1, 0.5, 1, Some(1), None).map(drop)),
        format!("draws: 1 is not allowed; use 2 to {MAX_RUNS}")
    );
    let too_big = 1u64 << 53;
    let seed_message = "seed: 9007199254740992 is too large; use 0 to 2^53 - 1 (9007199254740991)";
    assert_eq!(message(compare::compare(&s, &[&s], 2, too_big, Some(1)).map(drop)), seed_message);
    assert_eq!(message(sensitivity::sensitivity(&s, &outcome, 2, too_big, Some(1)).map(drop)), seed_message);
    assert_eq!(message(targets::evaluate(&s, &[], 2, too_big, Some(1)).map(drop)), seed_message);
    // The least runs each allows is enough to run.
    assert!(compare::compare(&s, &[&s], 1, 1, Some(1)).is_ok());
    assert!(sensitivity::sensitivity(&s, &outcome, 2, 1, Some(1)).is_ok());
    assert!(calibrate::calibrate(&s, &obs, &fit, 2, 0.5, 1, Some(1), None).is_ok());
}
