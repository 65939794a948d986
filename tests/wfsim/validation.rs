//! Validation: every problem listed with its exact field path and a message naming the
//! offending value; unknown fields rejected at parse time by name; the JSON and TOML forms
//! of one scenario are the same scenario (same hash); the JSON Schema.

use crate::common::{problems, scenario, toml_with, valid};
use std::collections::BTreeSet;
use wfsim::error::ScenarioError;
use wfsim::scenario::{Scenario, json_schema};

/// Asserts that the problems are exactly at `expected` paths, each message containing the
/// given fragment (the offending value).
#[track_caller]
fn assert_problems(found: &[(String, String)], expected: &[(&str, &str)]) {
    let paths: BTreeSet<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    let want: BTreeSet<&str> = expected.iter().map(|(p, _)| *p).collect();
    assert_eq!(paths, want, "problem paths differ; all problems: {found:#?}");
    assert_eq!(found.len(), expected.len(), "one problem per bad value expected: {found:#?}");
    for (path, fragment) in expected {
        let (_, msg) = found.iter().find(|(p, _)| p == path).unwrap();
        assert!(msg.contains(fragment), "{path}: message {msg:?} should name {fragment:?}");
        assert!(!msg.is_empty() && !msg.contains("panicked"), "{path}: {msg:?}");
    }
}

#[test]
fn every_bad_value_is_listed_with_its_exact_path() {
    let text = toml_with(
        r#"
        [workforce]
        turnover = 1.7
        hours_per_day = nan

        [[pods]]
        name = "backwards"
        start = "2021-03-01"
        end = "2021-02-01"
        social_workers = 2
        weekly_price = "1000"

        [budget.permanent_staffing]
        "2012/13" = "1000"

        [demand]
        seasonality = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]

        [[events]]
        metric = "bogus_metric"
        op = "<="
        value = 1
        on = "2021-02-01"
        "#,
    );
    let found = problems(&text);
    assert_problems(
        &found,
        &[
            ("workforce.turnover", "1.7"),
            ("workforce.hours_per_day", "NaN"),
            ("pods[0].end", "2021-02-01"),
            ("budget.permanent_staffing.2012/13", "2012/13"),
            ("demand.seasonality", "11"),
            ("events[0].metric", "bogus_metric"),
        ],
    );
    // The error's Display is one `path: message` line per problem, in the same order.
    let err = Scenario::from_toml(&text).unwrap_err();
    let lines: Vec<String> = err.to_string().lines().map(str::to_string).collect();
    let want: Vec<String> = found.iter().map(|(p, m)| format!("{p}: {m}")).collect();
    assert_eq!(lines, want);
    assert_eq!(err.problems().len(), found.len());
}

#[test]
fn messages_say_what_is_allowed() {
    let found = problems(&toml_with("[workforce]\nturnover = 1.7"));
    assert_eq!(found.len(), 1, "{found:?}");
    let (path, msg) = &found[0];
    assert_eq!(path, "workforce.turnover");
    assert!(msg.starts_with("1.7 is not"), "{msg}");
    assert!(msg.contains("between 0 and"), "{msg}");
}

#[test]
fn problems_in_every_section_are_collected_together() {
    // Early checks (name, horizon, Monte Carlo settings) must not hide later ones: the
    // design says validation collects all errors.
    let text = toml_with(
        r#"
        name = " "
        [monte_carlo]
        runs = 0
        seed = 9007199254740992
        [workforce]
        turnover = 1.7
        "#,
    );
    let found = problems(&text);
    assert_problems(
        &found,
        &[
            ("name", "empty"),
            ("monte_carlo.runs", "0"),
            ("monte_carlo.seed", "9007199254740992"),
            ("workforce.turnover", "1.7"),
        ],
    );
}

#[test]
fn more_bad_values_each_at_its_path() {
    let text = toml_with(
        r#"
        [workforce]
        lost_time_share = -0.1
        [workforce.productivity]
        agency = 1.5

        [[pods]]
        start = "2021-02-01"
        end = "2021-03-01"
        social_workers = 2
        weekly_price = "-5"

        [recruitment]
        enabled = true
        stages = []

        [[recruitment.campaigns]]
        start = "2021-06-01"
        end = "2021-05-01"
        attraction = 2.0
        cost = "100"

        [demand]
        seasonality = [1.0, 1.0, 1.0, -2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
        to_initial_assessment = { dist = "normal", mean = 3.0, sd = 0.1 }

        [early_help]
        start = "2021-03-01"
        end = "2021-01-01"
        workers = 2
        families_per_worker = 10
        mean_weeks = 12
        diversion_share = 0.2
        annual_cost = "1000"

        [assessment.initial]
        target_days = 0
        [assessment.core]
        to_plan = 0.7
        to_looked_after = 0.5

        [[looked_after.placements]]
        name = "only"
        share = 0.0
        mean_weeks = 50
        weekly_cost = "100"

        [budget.placements]
        "2021-23" = "5"

        [[initial.initial_assessments]]
        count = 3
        age_days = 5000

        [[events]]
        metric = "ia_backlog"
        op = "=<"
        value = 1
        on = "2030-01-01"
        "#,
    );
    let found = problems(&text);
    assert_problems(
        &found,
        &[
            ("workforce.lost_time_share", "-0.1"),
            ("workforce.productivity.agency", "1.5"),
            ("pods[0].weekly_price", "-5"),
            ("recruitment.stages", "empty"),
            ("recruitment.campaigns[0].end", "2021-05-01"),
            ("demand.seasonality[3]", "-2"),
            ("demand.to_initial_assessment", "3"),
            ("early_help.end", "2021-01-01"),
            ("assessment.initial.target_days", "0"),
            ("assessment.core.to_looked_after", "0.5"),
            ("looked_after.placements", "0"),
            ("budget.placements.2021-23", "2021-23"),
            ("initial.initial_assessments[0].age_days", "5000"),
            ("events[0].op", "=<"),
            ("events[0].on", "2030-01-01"),
        ],
    );
}

#[test]
fn distribution_problems_name_the_field_inside_the_distribution() {
    let found = problems(&toml_with(
        r#"
        [workforce]
        turnover = { dist = "normal", mean = 0.2 }
        hours_per_day = { dist = "weibull", shape = 2.0, scale = 7.0 }
        ramp_up_weeks = { dist = "uniform", min = 5.0, max = 1.0 }
        caseload_feedback_k = { dist = "normal", mean = -50.0, sd = 1.0 }
        "#,
    ));
    assert_problems(
        &found,
        &[
            ("workforce.turnover.sd", "missing"),
            ("workforce.hours_per_day.dist", "weibull"),
            ("workforce.ramp_up_weeks.max", "5"),
            ("workforce.caseload_feedback_k", "-50"),
        ],
    );
}

/// A parse error (not a validation problem) whose message names `needle`.
#[track_caller]
fn assert_parse_error(result: Result<Scenario, ScenarioError>, needle: &str) {
    match result {
        Err(ScenarioError::Parse(msg)) => {
            assert!(msg.contains(needle), "parse error {msg:?} should name {needle:?}")
        }
        Err(ScenarioError::ParseAt { path, message }) => {
            let full = format!("{path}: {message}");
            assert!(full.contains(needle), "parse error {full:?} should name {needle:?}")
        }
        Err(e) => panic!("expected a parse error naming {needle:?}, got: {e}"),
        Ok(_) => panic!("expected a parse error naming {needle:?}, but the scenario was accepted"),
    }
}

#[test]
fn unknown_fields_are_rejected_at_parse_time_by_name() {
    assert_parse_error(Scenario::from_toml(&toml_with("colour = \"red\"")), "colour");
    assert_parse_error(Scenario::from_toml(&toml_with("[workforce]\nturnovr = 0.2")), "turnovr");
    assert_parse_error(
        Scenario::from_toml(&toml_with(
            "[workforce]\nturnover = { dist = \"normal\", mean = 0.2, sdd = 0.1 }",
        )),
        "sdd",
    );
    assert_parse_error(
        Scenario::from_toml(&toml_with(
            "[[pods]]\nstart = \"2021-02-01\"\nend = \"2021-03-01\"\nsocial_workers = 2\nweekly_price = \"1\"\nsize = 3",
        )),
        "size",
    );
    let json = json_of(&toml_with(""));
    let bad = json.replacen("{", "{\"extra_field\": 1, ", 1);
    assert_parse_error(Scenario::from_json(&bad), "extra_field");
    assert_parse_error(Scenario::from_text(&bad), "extra_field");
}

#[test]
fn money_written_as_a_float_is_rejected() {
    // A budget amount (plain money) says why.
    let text = toml_with("[budget.permanent_staffing]\n\"2021-22\" = 1000.5");
    assert_parse_error(Scenario::from_toml(&text), "not a float");
    // A price that may also be a distribution is rejected with the same message, at its path.
    let text = toml_with("[costs]\nagency_day_rate = 300.5");
    assert_parse_error(
        Scenario::from_toml(&text),
        "costs.agency_day_rate: money must be a string or an integer, not a float",
    );
    // The same amounts as strings or integers are accepted.
    valid(&toml_with(
        "[costs]\nagency_day_rate = \"300.5\"\n[budget.permanent_staffing]\n\"2021-22\" = 1000",
    ));
}

/// The JSON form of a TOML scenario text, through a generic value (not through the
/// crate's types), so that the JSON is an independent rendering of the same document.
fn json_of(toml_text: &str) -> String {
    let v: toml::Value = toml::from_str(toml_text).unwrap();
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn json_and_toml_forms_have_the_same_hash() {
    let toml_text = toml_with(
        r#"
        [workforce]
        turnover = { p5 = 0.1, p95 = 0.3 }
        [[pods]]
        start = "2021-02-01"
        end = "2021-03-01"
        social_workers = 2
        weekly_price = "1000.50"
        "#,
    );
    let a = valid(&toml_text);
    let b = Scenario::from_json(&json_of(&toml_text)).unwrap();
    let c = Scenario::from_text(&json_of(&toml_text)).unwrap();
    assert_eq!(a.hash(), b.hash());
    assert_eq!(a.hash(), c.hash());
    assert_eq!(a.hash().len(), 16);
    assert!(a.hash().bytes().all(|b| b.is_ascii_hexdigit()));

    // The preset, through the crate's own JSON and TOML writers, and a hand-written JSON.
    let p = crate::common::preset();
    let from_json = Scenario::from_json(&serde_json::to_string(p.input()).unwrap()).unwrap();
    let from_toml = Scenario::from_toml(&p.to_toml()).unwrap();
    let from_generic =
        Scenario::from_json(&json_of(wfsim::scenario::presets::text("peterborough-2012").unwrap())).unwrap();
    assert_eq!(p.hash(), from_json.hash());
    assert_eq!(p.hash(), from_toml.hash());
    assert_eq!(p.hash(), from_generic.hash());
}

#[test]
fn hash_ignores_formatting_but_not_values() {
    let json = r#"{
        "name": "h", "start": "2021-01-04", "weeks": 10,
        "workforce": { "establishment": 5, "turnover": 0.2, "hours_per_day": 7 },
        "demand": { "referrals_per_week": 3, "to_initial_assessment": 0.5 },
        "costs": { "salary_experienced": "31000", "salary_newly_qualified": 25000,
                   "employer_ni": 0.1, "employer_pension": 0.2, "agency_day_rate": "300.00" }
    }"#;
    // Keys in another order, integers written as floats, money as an integer or with pence.
    let reordered = r#"{
        "costs": { "agency_day_rate": 300, "employer_pension": 0.2, "employer_ni": 0.1,
                   "salary_newly_qualified": "25000.00", "salary_experienced": 31000 },
        "demand": { "to_initial_assessment": 0.5, "referrals_per_week": 3.0 },
        "workforce": { "hours_per_day": 7.0, "turnover": 0.2, "establishment": 5 },
        "weeks": 10, "start": "2021-01-04", "name": "h"
    }"#;
    let toml_form = r#"
        name = "h"
        start = "2021-01-04"
        weeks = 10
        [workforce]
        establishment = 5
        turnover = 0.2
        hours_per_day = 7
        [demand]
        referrals_per_week = 3
        to_initial_assessment = 0.5
        [costs]
        salary_experienced = "31000"
        salary_newly_qualified = "25000"
        employer_ni = 0.1
        employer_pension = 0.2
        agency_day_rate = 300
    "#;
    let a = Scenario::from_json(json).unwrap();
    let b = Scenario::from_json(reordered).unwrap();
    let c = Scenario::from_toml(toml_form).unwrap();
    assert_eq!(a.hash(), b.hash());
    assert_eq!(a.hash(), c.hash());
    let d = Scenario::from_json(&json.replace("\"weeks\": 10", "\"weeks\": 11")).unwrap();
    assert_ne!(a.hash(), d.hash());
    let e = Scenario::from_json(&json.replace("\"300.00\"", "\"300.01\"")).unwrap();
    assert_ne!(a.hash(), e.hash());
}

#[test]
fn json_schema_describes_the_scenario() {
    let schema = json_schema();
    let obj = schema.as_object().expect("the schema is a JSON object");
    let props = obj.get("properties").and_then(|p| p.as_object()).expect("schema has properties");
    for key in [
        "name",
        "start",
        "weeks",
        "workforce",
        "agency",
        "pods",
        "recruitment",
        "demand",
        "early_help",
        "assessment",
        "casework",
        "looked_after",
        "costs",
        "budget",
        "initial",
        "events",
    ] {
        assert!(props.contains_key(key), "schema properties lack {key:?}");
    }
    let required: BTreeSet<&str> = obj
        .get("required")
        .and_then(|r| r.as_array())
        .expect("schema lists required fields")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    for key in ["name", "start", "workforce", "demand", "costs"] {
        assert!(required.contains(key), "{key} should be required: {required:?}");
    }
    assert_eq!(obj.get("additionalProperties"), Some(&serde_json::Value::Bool(false)));
    // It is plain JSON that round-trips.
    let text = serde_json::to_string(&schema).unwrap();
    let back: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, schema);
}

#[test]
fn the_quiet_base_and_the_preset_are_valid() {
    let s = scenario("");
    assert_eq!(s.name(), "quiet");
    let p = crate::common::preset();
    assert_eq!(p.name(), "peterborough-2012");
    assert_eq!(p.calendar().n_weeks(), 104);
}

/// `budget.partial_years` is removed (every year is compared with its full-year budget): a
/// scenario that sets it is refused with a field error, never silently ignored; the
/// canonical TOML and the schema no longer carry it; hashes are unchanged.
#[test]
fn partial_years_is_refused_with_a_field_error() {
    let text = wfsim::scenario::presets::text("peterborough-2012").unwrap();
    for value in ["pro_rata", "full"] {
        let with = text.replace(
            "[budget.permanent_staffing]",
            &format!("[budget]\npartial_years = \"{value}\"\n\n[budget.permanent_staffing]"),
        );
        let err = Scenario::from_toml(&with).unwrap_err();
        let problems = err.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "budget.partial_years");
        assert!(
            problems[0].message.contains("no longer used") && problems[0].message.contains("[actuals]"),
            "{problems:?}"
        );
    }
    let p = crate::common::preset();
    assert!(!p.to_toml().contains("partial_years"));
    assert_eq!(Scenario::from_toml(&p.to_toml()).unwrap().hash(), p.hash());
    // The editor offers no such field (a default object may still show the constant).
    let schema = wfsim::scenario::json_schema();
    assert!(
        schema["$defs"]["BudgetInput"]["properties"].get("partial_years").is_none(),
        "the schema still offers partial_years"
    );
    // By hand in JSON, for the removed behaviour: refused too.
    let mut json: serde_json::Value = serde_json::to_value(p.input()).unwrap();
    json["budget"]["partial_years"] = "full".into();
    let err = Scenario::from_json(&json.to_string()).unwrap_err();
    assert_eq!(err.problems()[0].path, "budget.partial_years");
}
