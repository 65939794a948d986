//! The command line, run as a user would: exit codes, stdout and stderr contracts, and
//! never a Rust panic or backtrace on bad input.

use crate::common::{temp_dir, toml_with};
use chrono::Datelike;
use std::process::{Command, Output};

fn wfsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .output()
        .expect("the wfsim binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

#[track_caller]
fn assert_no_panic(o: &Output) {
    let err = stderr(o);
    for bad in ["panicked", "backtrace", "RUST_BACKTRACE", "internal error"] {
        assert!(!err.contains(bad), "stderr mentions {bad:?}:\n{err}");
    }
    assert_ne!(o.status.code(), Some(101), "exit code of a Rust panic");
}

#[test]
fn no_command_runs_the_preset_and_prints_a_budget() {
    let o = wfsim(&["--runs", "50"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Budget"), "{out}");
    assert!(out.contains("£"), "{out}");
    assert!(out.contains("peterborough-2012"), "{out}");
    assert!(out.contains("50 runs"), "{out}");
    assert_no_panic(&o);
}

#[test]
fn validate_a_good_file_prints_ok() {
    let dir = temp_dir("validate-good");
    let toml = dir.join("good.toml");
    std::fs::write(&toml, toml_with("")).unwrap();
    let o = wfsim(&["validate", toml.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "ok");
    // A JSON file is read as JSON.
    let json = dir.join("good.json");
    let v: toml::Value = toml::from_str(&toml_with("")).unwrap();
    std::fs::write(&json, serde_json::to_string(&v).unwrap()).unwrap();
    let o = wfsim(&["validate", json.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "ok");
}

#[test]
fn validate_a_bad_file_lists_each_problem_on_its_own_line() {
    let dir = temp_dir("validate-bad");
    let file = dir.join("bad.toml");
    std::fs::write(
        &file,
        toml_with("[workforce]\nturnover = 1.7\nlost_time_share = -0.5\n[demand]\nseasonality = [1.0]"),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let o = wfsim(&["validate", path]);
    assert_eq!(o.status.code(), Some(1));
    assert_no_panic(&o);
    assert_eq!(stdout(&o), "", "nothing on stdout");
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "one line per problem:\n{err}");
    for field in
        ["workforce.turnover: 1.7", "workforce.lost_time_share: -0.5", "demand.seasonality: has 1 value"]
    {
        let want = format!("{path}: {field}");
        assert!(lines.iter().any(|l| l.contains(&want)), "no line with {want:?}:\n{err}");
    }
    // A parse error (an unknown field) is one line too, naming the field.
    std::fs::write(&file, toml_with("[workforce]\nturnovr = 0.2")).unwrap();
    let o = wfsim(&["validate", path]);
    assert_eq!(o.status.code(), Some(1));
    assert_no_panic(&o);
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(path) && err.contains("turnovr"), "{err}");
    // Not TOML at all.
    std::fs::write(&file, "\u{0}\u{1}garbage [[[").unwrap();
    let o = wfsim(&["validate", path]);
    assert_eq!(o.status.code(), Some(1));
    assert_no_panic(&o);
}

#[test]
fn a_missing_file_is_a_one_line_error() {
    let dir = temp_dir("missing");
    let path = dir.join("does-not-exist.toml");
    let path = path.to_str().unwrap();
    for args in [vec!["validate", path], vec!["run", path, "--runs", "5"], vec![path, "--runs", "5"]] {
        let o = wfsim(&args);
        assert!(!o.status.success(), "{args:?}");
        assert_no_panic(&o);
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(path), "{args:?}: {err}");
        assert!(err.contains("no such file"), "{args:?}: {err}");
    }
}

#[test]
fn an_unknown_preset_lists_the_available_ones() {
    let o = wfsim(&["run", "--preset", "nope"]);
    assert!(!o.status.success());
    assert_no_panic(&o);
    let err = stderr(&o);
    assert!(err.contains("nope"), "{err}");
    assert!(err.contains("peterborough-2012"), "{err}");
    let o = wfsim(&["preset", "show", "nope"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("peterborough-2012"));
}

#[test]
fn presets_can_be_listed_and_shown() {
    let o = wfsim(&["preset", "list"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let names: Vec<&str> = out.lines().filter_map(|l| l.split('\t').next()).collect();
    let expected: Vec<&str> = wfsim::scenario::presets::PRESETS.iter().map(|p| p.0).collect();
    assert_eq!(names, expected);
    let o = wfsim(&["preset", "show", "peterborough-2012"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert_eq!(text, wfsim::scenario::presets::text("peterborough-2012").unwrap());
    assert!(text.contains('#'), "the preset is commented");
    let s = wfsim::scenario::Scenario::from_toml(&text).expect("preset show parses back");
    assert_eq!(s.hash(), crate::common::preset().hash());
}

#[test]
fn schema_prints_json() {
    let o = wfsim(&["schema"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v, wfsim::scenario::json_schema());
    assert!(v["properties"]["workforce"].is_object());
}

#[test]
fn json_to_stdout_carries_the_schema_tag() {
    let o = wfsim(&["run", "--preset", "peterborough-2012", "--runs", "50", "--json", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("stdout is only the JSON");
    assert_eq!(v["schema"], "wfsim.summary/1");
    assert_eq!(v["runs"], 50);
    assert_eq!(v["scenario"]["name"], "peterborough-2012");
    assert_eq!(v["engine_version"], wfsim::VERSION);
    let preset = crate::common::preset();
    let nw = preset.calendar().n_weeks();
    assert_eq!(v["weeks"].as_array().unwrap().len(), nw);
    // Weeks are labelled by their Friday.
    for (w, label) in v["weeks"].as_array().unwrap().iter().enumerate() {
        let date = chrono::NaiveDate::parse_from_str(label.as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert_eq!(date.weekday(), chrono::Weekday::Fri, "week {w}: {label}");
        assert_eq!(date, preset.calendar().week_friday(w));
    }
    for name in wfsim::metrics::NAMES {
        let series = &v["series"][name];
        for stat in ["mean", "p5", "p10", "p25", "p50", "p75", "p90", "p95"] {
            assert_eq!(series[stat].as_array().map(|a| a.len()), Some(nw), "{name}.{stat}");
        }
    }
    // The same seed from the library gives the same JSON, and a file gets the same text.
    let lib = wfsim::sim::simulate(
        &crate::common::preset(),
        &wfsim::sim::Options::new(50, crate::common::preset().default_seed()),
    )
    .unwrap()
    .to_json();
    assert_eq!(stdout(&o).trim_end(), lib);
    let dir = temp_dir("json-file");
    let file = dir.join("out.json");
    let o2 = wfsim(&["run", "--runs", "50", "--quiet", "--json", file.to_str().unwrap(), "--threads", "1"]);
    assert!(o2.status.success(), "{}", stderr(&o2));
    assert_eq!(stdout(&o2), "", "--quiet prints nothing");
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim_end(), lib);
}

#[test]
fn csv_is_tidy_with_every_metric() {
    let dir = temp_dir("csv");
    let file = dir.join("series.csv");
    let o = wfsim(&["run", "--runs", "20", "--quiet", "--csv", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("week,metric,statistic,value"));
    let mut metrics = std::collections::BTreeSet::new();
    let mut stats = std::collections::BTreeSet::new();
    let mut rows = 0;
    for line in lines {
        let cols: Vec<&str> = line.split(',').collect();
        assert_eq!(cols.len(), 4, "{line}");
        assert!(chrono::NaiveDate::parse_from_str(cols[0], "%Y-%m-%d").is_ok(), "{line}");
        assert!(cols[3].is_empty() || cols[3].parse::<f64>().is_ok(), "{line}");
        metrics.insert(cols[1].to_string());
        stats.insert(cols[2].to_string());
        rows += 1;
    }
    // The table's metrics and, per placement type, its children and spend.
    let keys: Vec<String> = crate::common::preset().spec().placements.iter().map(|p| p.key.clone()).collect();
    let want: std::collections::BTreeSet<String> =
        (0..wfsim::metrics::with_types(keys.len())).map(|i| wfsim::metrics::name_with(i, &keys)).collect();
    assert!(want.contains("placement_spend.residential"), "{want:?}");
    assert_eq!(metrics, want);
    assert_eq!(stats.len(), 8, "{stats:?}");
    assert_eq!(rows, want.len() * 8 * crate::common::preset().calendar().n_weeks());
}

#[test]
fn bad_options_are_errors_not_panics() {
    for (args, needle) in [
        (vec!["--runs", "0"], "runs"),
        (vec!["--runs", "1000001"], "runs"),
        (vec!["--seed", "9007199254740992", "--runs", "2"], "seed"),
        (vec!["--threads", "0", "--runs", "2"], "threads"),
        (vec!["--runs", "-3"], "-3"),
        (vec!["--runs", "lots"], "runs"),
        (vec!["--no-such-flag"], "no-such-flag"),
        (vec!["preset", "show"], "name"),
        (vec!["run", "--json"], "json"),
    ] {
        let o = wfsim(&args);
        assert!(!o.status.success(), "{args:?} succeeded");
        assert_no_panic(&o);
        let err = stderr(&o);
        assert!(err.to_lowercase().contains(needle), "{args:?}: {err}");
    }
    // An unwritable output path is a one-line error.
    let dir = temp_dir("unwritable");
    let target = dir.join("no-such-dir").join("out.csv");
    let o = wfsim(&["--runs", "2", "--quiet", "--csv", target.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_no_panic(&o);
    assert_eq!(stderr(&o).trim_end().lines().count(), 1, "{}", stderr(&o));
}

#[test]
fn check_prints_the_steady_state_and_run_warns_once_on_stderr() {
    let old = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/peterborough-2012-drifting.toml");
    let o = wfsim(&["check", old]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("warning: Residential placements: 36 now"), "{out}");
    assert!(out.contains("warning: Open cases: 600 now"), "{out}");
    let o = wfsim(&["check", "peterborough-2012", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["warnings"], serde_json::json!([]));
    assert!(v["levels"].as_array().unwrap().iter().any(|l| l["key"] == "lac.residential"));

    let o = wfsim(&["validate", old]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("ok\nwarning: "), "{}", stdout(&o));
    let o = wfsim(&["run", old, "--runs", "5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("warning: Residential placements").count(), 1, "{}", stderr(&o));
}
