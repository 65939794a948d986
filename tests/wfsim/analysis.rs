//! Decision analysis: paired comparison, correlated inputs, targets and calibration.

use wfsim::analysis::{self, Outcome, calibrate, compare, sensitivity, targets};
use wfsim::scenario::{Scenario, presets};
use wfsim::sim::run::{Engine, RunRecord, Workspace};

fn preset() -> Scenario {
    presets::load("peterborough-2012").expect("preset")
}

fn variance(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0)
}

/// Per-run outcome of a scenario with a given seed.
fn outcomes(s: &Scenario, outcome: &Outcome, seed: u64, runs: u64) -> Vec<f64> {
    let e = Engine::new(s);
    let (mut ws, mut rec) = (Workspace::default(), RunRecord::default());
    (0..runs)
        .map(|r| {
            e.run(seed, r, &mut ws, &mut rec, false).expect("run");
            outcome.read(&rec, e.n_weeks())
        })
        .collect()
}

#[test]
fn pairing_reduces_the_variance_of_a_small_change() {
    let base = preset();
    let variant =
        analysis::with_value(base.input(), "pods[0].social_workers", serde_json::json!(9)).expect("variant");
    let outcome = Outcome::spend(&base, "total", "2012-13").expect("outcome");
    let runs = 300;
    let seed = 11;
    let b = outcomes(&base, &outcome, seed, runs);
    let paired: Vec<f64> =
        outcomes(&variant, &outcome, seed, runs).iter().zip(&b).map(|(v, b)| v - b).collect();
    let independent: Vec<f64> =
        outcomes(&variant, &outcome, seed + 1, runs).iter().zip(&b).map(|(v, b)| v - b).collect();
    let (vp, vi) = (variance(&paired), variance(&independent));
    // With independent runs Var(diff) = Var(b) + Var(v); pairing removes the shared part.
    // Under "no reduction" the ratio vp / vi of two sample variances with 299 degrees of
    // freedom each is F(299, 299)-distributed, whose 0.01% lower quantile is about 0.64:
    // a ratio below 0.5 is far beyond chance.
    assert!(vp < 0.5 * vi, "paired variance {vp} not well below independent {vi}");

    // The library's comparison gives the same paired differences.
    let c = compare::compare(&base, &[&variant], runs, seed, Some(2)).expect("compare");
    let row = c.variants[0]
        .budget
        .iter()
        .find(|r| r.financial_year == "2012-13" && r.line == "total")
        .expect("row");
    let mean_paired = paired.iter().sum::<f64>() / runs as f64;
    let s = row.difference.expect("stats");
    assert!((s.mean - mean_paired).abs() < 0.01, "{} vs {mean_paired}", s.mean);
    assert_eq!(c.variants[0].headlines.len(), 4);
}

/// The headline of a comparison is the paired mean difference with its 90% confidence
/// interval, mean ± t(0.95, n−1)·s/√n; the budget's mean is exact to the penny.
#[test]
fn the_headline_is_the_paired_mean_with_its_interval() {
    use statrs::distribution::{ContinuousCDF, StudentsT};
    let base = preset();
    let variant =
        analysis::with_value(base.input(), "pods[0].social_workers", serde_json::json!(9)).expect("variant");
    let outcome = Outcome::spend(&base, "total", "2012-13").expect("outcome");
    let (runs, seed) = (60, 11);
    let b = outcomes(&base, &outcome, seed, runs);
    let d: Vec<f64> = outcomes(&variant, &outcome, seed, runs).iter().zip(&b).map(|(v, b)| v - b).collect();
    let c = compare::compare(&base, &[&variant], runs, seed, Some(2)).expect("compare");
    let row =
        c.variants[0].budget.iter().find(|r| r.financial_year == "2012-13" && r.line == "total").unwrap();
    let p = row.paired.expect("paired");
    let n = runs as f64;
    let mean = d.iter().sum::<f64>() / n;
    // Each run's difference is in pence; their mean, rounded to pence, is exact.
    assert!((p.mean - mean).abs() <= 0.005, "{} against {mean}", p.mean);
    let t = StudentsT::new(0.0, 1.0, n - 1.0).unwrap().inverse_cdf(0.95);
    let half = t * variance(&d).sqrt() / n.sqrt();
    assert!(((p.ci90_high - p.ci90_low) / 2.0 - half).abs() <= 1e-6 * half.max(1.0), "{p:?} against ±{half}");
    assert!(!p.no_change && p.ci90_low < p.mean && p.mean < p.ci90_high);
    // The headline measures carry it too, and the text leads with it.
    let spend = &c.variants[0].headlines[0];
    let hp = spend.paired.expect("headline paired");
    assert!((hp.mean - (spend.variant_mean - spend.base_mean)).abs() <= 1e-6 * spend.base_mean.abs());
    let text = compare::text(&c);
    assert!(text.contains("mean difference (90% CI)"), "{text}");
    assert!(!text.contains("median difference"), "{text}");
    let signed = if p.mean >= 0.0 { "+£" } else { "\u{2212}£" };
    let line = text.lines().find(|l| l.starts_with("2012-13") && l.contains("Total")).expect("total line");
    assert!(line.contains(signed), "{line}");
}

/// A variant identical to the base in every run says "no change", not "+£0 (£0 to £0)".
#[test]
fn identical_sides_say_no_change() {
    let base = preset();
    let same = analysis::with_value(base.input(), "name", serde_json::json!("same again")).expect("variant");
    let c = compare::compare(&base, &[&same], 20, 3, Some(1)).expect("compare");
    let v = &c.variants[0];
    assert!(v.budget.iter().all(|b| b.paired.is_some_and(|p| p.no_change && p.mean == 0.0)));
    assert!(v.headlines.iter().all(|h| h.paired.is_none_or(|p| p.no_change)));
    let text = compare::text(&c);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("2012-13")).collect();
    assert!(!lines.is_empty() && lines.iter().all(|l| l.contains("no change")), "{text}");
    assert!(!text.contains("+£"), "{text}");
    // Another variant changes something: not "no change" on its spend.
    let other = analysis::with_value(base.input(), "pods", serde_json::json!([])).expect("variant");
    let c = compare::compare(&base, &[&other], 20, 3, Some(1)).expect("compare");
    assert!(c.variants[0].headlines[0].paired.is_some_and(|p| !p.no_change));
    let json: serde_json::Value = serde_json::to_value(&c).unwrap();
    for k in ["mean", "ci90_low", "ci90_high", "no_change"] {
        assert!(!json["variants"][0]["headlines"][0]["paired"][k].is_null(), "JSON lacks paired.{k}");
        assert!(!json["variants"][0]["budget"][0]["paired"][k].is_null(), "JSON lacks budget paired.{k}");
    }
}

#[test]
fn comparison_does_not_depend_on_threads() {
    let base = preset();
    let variant =
        analysis::with_value(base.input(), "workforce.turnover", serde_json::json!(0.3)).expect("variant");
    let a = compare::compare(&base, &[&variant], 64, 5, Some(1)).expect("compare");
    let b = compare::compare(&base, &[&variant], 64, 5, Some(2)).expect("compare");
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}

const CORRELATED: &str = r#"
name = "correlated"
start = "2024-04-01"
weeks = 4
[workforce]
establishment = 10
turnover = { dist = "beta", alpha = 4, beta = 16 }
[agency]
fill_probability = { dist = "uniform", min = 0.4, max = 0.9 }
[demand]
referrals_per_week = 10
to_initial_assessment = 0.5
[costs]
salary_experienced = "30000"
salary_newly_qualified = "25000"
employer_ni = 0.1
employer_pension = 0.18
agency_day_rate = "250"
[[correlations]]
a = "workforce.turnover"
b = "agency.fill_probability"
rank = -0.6
"#;

#[test]
fn correlated_inputs_reach_the_declared_rank_correlation() {
    let s = Scenario::from_toml(CORRELATED).expect("scenario");
    let idx = |path: &str| s.params().iter().position(|p| p.path == path).expect(path);
    let (ia, ib) = (idx("workforce.turnover"), idx("agency.fill_probability"));
    let n = 4000u64;
    let mut v = Vec::new();
    let (mut xa, mut xb) = (Vec::new(), Vec::new());
    for run in 0..n {
        s.draw_into(3, run, &mut v);
        xa.push(v[ia]);
        xb.push(v[ib]);
    }
    let rho = analysis::spearman(&xa, &xb);
    // The sample Spearman coefficient has standard deviation about
    // 1.06 (1 - rho^2) / sqrt(n - 3) near rho (Fieller, Hartley and Pearson, 1957):
    // 0.0107 here; allow 5 of them.
    let tol = 5.0 * 1.06 * (1.0 - 0.36) / ((n - 3) as f64).sqrt();
    assert!((rho + 0.6).abs() < tol, "achieved rank correlation {rho}, declared -0.6 (tolerance {tol})");
    // Each marginal keeps its declared distribution: the uniform's empirical CDF is within
    // the Kolmogorov-Smirnov 99.9% band 1.95 / sqrt(n) of the true one.
    xb.sort_by(f64::total_cmp);
    let d = xb
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let f = ((x - 0.4) / 0.5).clamp(0.0, 1.0);
            (f - i as f64 / n as f64).abs().max((f - (i + 1) as f64 / n as f64).abs())
        })
        .fold(0.0, f64::max);
    assert!(d < 1.95 / (n as f64).sqrt(), "KS distance {d}");
}

#[test]
fn impossible_correlations_are_rejected() {
    let bad = CORRELATED.replace("rank = -0.6", "rank = 1.5");
    let e = Scenario::from_toml(&bad).unwrap_err().to_string();
    assert!(e.contains("correlations[0].rank: 1.5"), "{e}");
    let fixed = CORRELATED.replace("b = \"agency.fill_probability\"", "b = \"workforce.hours_per_day\"");
    let e = Scenario::from_toml(&fixed).unwrap_err().to_string();
    assert!(e.contains("correlations[0].b") && e.contains("fixed value"), "{e}");
}

#[test]
fn targets_agree_with_the_summary() {
    let s = preset();
    let runs = 200;
    let t1 = targets::parse(&s, "ia_overdue <= 7 on 2012-03-14").expect("target");
    let t2 = targets::parse(&s, "agency_staffing 2012-13 spend <= budget").expect("target");
    let r = targets::evaluate(&s, &[t1, t2], runs, s.default_seed(), Some(2)).expect("evaluate").targets;
    let summary =
        wfsim::sim::simulate(&s, &wfsim::sim::Options::new(runs, s.default_seed())).expect("simulate");
    let event = summary.events.iter().find(|e| e.label.starts_with("ia_overdue <= 7")).expect("event");
    assert!((r[0].probability - event.probability).abs() < 1e-9);
    let row = summary
        .budget
        .iter()
        .find(|b| b.financial_year == "2012-13" && b.line == "agency_staffing")
        .expect("row");
    assert!((r[1].probability - (1.0 - row.p_overspend)).abs() < 1e-9);
    assert!(
        (r[0].standard_error - (r[0].probability * (1.0 - r[0].probability) / runs as f64).sqrt()).abs()
            < 1e-12
    );
    assert!(targets::parse(&s, "ia_overdue <= 7 on 2030-01-01").is_err());
    assert!(targets::parse(&s, "nonsense").is_err());
}

#[test]
fn sensitivity_ranks_the_driver_first() {
    // Referrals drive the IA backlog far more than anything about looked-after children.
    let s = preset();
    let outcome =
        Outcome::metric(&s, "ia_completed", chrono::NaiveDate::from_ymd_opt(2012, 10, 10).unwrap()).unwrap();
    let r = sensitivity::sensitivity(&s, &outcome, 24, 1, Some(2)).expect("sensitivity");
    let pos = |p: &str| r.tornado.iter().position(|row| row.path == p).expect(p);
    assert!(pos("demand.referrals_per_week") < pos("looked_after.placements[0].mean_weeks"));
    assert!(r.tornado[0].swing.abs() >= r.tornado[r.tornado.len() - 1].swing.abs());
    assert!(r.rank_correlations.iter().any(|c| c.path == "demand.referrals_per_week"));
}

#[test]
fn analyses_split_into_shares_give_the_whole_analysis() {
    // The browser's workers each compute a share of the runs, sent as bytes, and one
    // assembles them: the same JSON as the whole analysis in one piece.
    use wfsim::analysis::rows;
    let s = preset();
    let outcome = Outcome::spend(&s, "total", "2012-13").unwrap();
    let (runs, seed) = (13, 5);
    let whole = sensitivity::sensitivity(&s, &outcome, runs, seed, Some(1)).unwrap();
    let parts: Vec<Vec<u8>> = [(0, 5), (5, 5), (5, 13)]
        .iter()
        .map(|&(a, b)| {
            rows::to_bytes(&sensitivity::share_rows(&s, &outcome, runs, seed, a, b, Some(2), None).unwrap())
        })
        .collect();
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let merged =
        sensitivity::assemble(&s, &outcome, runs, seed, &rows::from_shares(&refs, runs).unwrap()).unwrap();
    assert_eq!(pretty(&merged), pretty(&whole));
    assert!(sensitivity::share_rows(&s, &outcome, runs, seed, 5, 14, None, None).is_err());
    assert!(rows::from_shares(&refs[..2], runs).is_err(), "a missing share is refused");

    let obs =
        calibrate::read_observations(include_str!("../../scenarios/peterborough-2012-observed.csv")).unwrap();
    let fit = ["workforce.turnover".to_string()];
    let whole = calibrate::calibrate(&s, &obs, &fit, 40, 0.1, 9, Some(2), None).unwrap();
    let setup = calibrate::Setup::new(&s, &obs, &fit, 40, 0.1, 9).unwrap();
    let parts: Vec<Vec<u8>> = [(0, 17), (17, 40)]
        .iter()
        .map(|&(a, b)| rows::to_bytes(&setup.rows(a, b, None, None).unwrap()))
        .collect();
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let merged = setup.assemble(&rows::from_shares(&refs, 40).unwrap()).unwrap();
    assert_eq!(pretty(&merged), pretty(&whole));
}

#[test]
fn calibration_recovers_the_parameter_that_made_the_data() {
    // Synthetic truth: 72 referrals a week. Observations: one run's weekly referrals at 20
    // dates. Fitting referrals_per_week from the preset's prior (a lognormal around 60)
    // must recover 72: the weekly counts are Poisson(72 x to_ia...), so 20 weeks pin the
    // mean to about sqrt(72 / 20) = 1.9 a week; ABC adds its tolerance. We require the
    // posterior median within 8% of the truth and the truth inside the posterior's
    // 5th-95th percentile range widened by that 8%.
    let truth_scenario =
        analysis::with_value(preset().input(), "demand.referrals_per_week", serde_json::json!(72)).unwrap();
    let e = Engine::new(&truth_scenario);
    let (mut ws, mut rec) = (Workspace::default(), RunRecord::default());
    e.run(999, 0, &mut ws, &mut rec, false).unwrap();
    let m = wfsim::metrics::REFERRALS;
    let cal = truth_scenario.calendar();
    let obs: Vec<calibrate::Observation> = (10..30)
        .map(|w| calibrate::Observation {
            date: cal.week_friday(w),
            metric: "referrals".into(),
            value: rec.weekly[m * e.n_weeks() + w],
        })
        .collect();
    let base = analysis::with_value(
        preset().input(),
        "demand.referrals_per_week",
        serde_json::json!({"p5": 45, "p95": 90}),
    )
    .unwrap();
    let c = calibrate::calibrate(
        &base,
        &obs,
        &["demand.referrals_per_week".to_string()],
        2000,
        0.05,
        7,
        Some(2),
        None,
    )
    .expect("calibrate");
    let post = c.params[0].posterior.expect("posterior");
    assert!((post.p50 - 72.0).abs() < 0.08 * 72.0, "posterior median {} vs truth 72", post.p50);
    assert!(post.p5 * 0.92 <= 72.0 && 72.0 <= post.p95 * 1.08, "truth outside {}..{}", post.p5, post.p95);
    assert!(Scenario::from_toml(&c.calibrated_toml).is_ok(), "calibrated scenario must validate");
}

#[test]
fn decision_commands_work_from_the_command_line() {
    let bin = env!("CARGO_BIN_EXE_wfsim");
    let dir = std::env::temp_dir().join(format!("wfsim-decide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).output().expect("run wfsim");
        let (o, e) = (
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        );
        assert!(out.status.success(), "wfsim {args:?} failed: {e}");
        assert!(!e.contains("panicked"), "{e}");
        o
    };
    let json = run(&["compare", "peterborough-2012", "--set", "pods=[]", "--runs", "64", "--json", "-"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("compare JSON");
    assert_eq!(v["schema"], "wfsim.compare/2");
    let spend = &v["variants"][0]["headlines"][0];
    assert!(spend["p_variant_better"].as_f64().unwrap() > 0.5, "no pod should usually spend less: {spend}");

    let svg = dir.join("tornado.svg");
    let text = run(&[
        "sensitivity",
        "peterborough-2012",
        "--metric",
        "spend",
        "--financial-year",
        "2012-13",
        "--line",
        "agency_staffing",
        "--runs",
        "8",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert!(text.contains("agency_staffing spend 2012-13"), "{text}");
    let svg_text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&svg_text).expect("well-formed SVG");
    assert!(doc.descendants().filter(|n| n.has_tag_name("rect")).count() >= 10, "tornado bars");

    let out = dir.join("calibrated.toml");
    let text = run(&[
        "calibrate",
        "peterborough-2012",
        "--observed",
        concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/peterborough-2012-observed.csv"),
        "--fit",
        "assessment.core.transfer_delay_days",
        "--draws",
        "200",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(text.contains("assessment.core.transfer_delay_days"), "{text}");
    assert!(Scenario::from_toml(&std::fs::read_to_string(&out).unwrap()).is_ok());

    let json = run(&["run", "--runs", "50", "--target", "ia_backlog <= 60 on 2012-06-01", "--json", "-"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["events"].as_array().unwrap().iter().any(|e| e["label"] == "ia_backlog <= 60 on 2012-06-01"));
    let bad = std::process::Command::new(bin)
        .args(["run", "--runs", "5", "--target", "nonsense"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("target \"nonsense\""));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The pretty JSON text of a provenance header without its closing brace: what every
/// output's text must begin with.
fn header_text(schema: &'static str, s: &Scenario, runs: u64, seed: u64) -> String {
    let h = serde_json::to_string_pretty(&analysis::Provenance::new(schema, s, runs, seed)).unwrap();
    format!("{},\n", h.strip_suffix("\n}").unwrap())
}

#[test]
fn every_json_output_opens_with_the_same_header() {
    let s = preset();
    let variant = analysis::with_value(s.input(), "pods", serde_json::json!([])).expect("variant");
    let (runs, seed) = (6, 3);
    let summary = wfsim::sim::simulate(&s, &wfsim::sim::Options::new(runs, seed)).expect("summary");
    assert!(summary.to_json().starts_with(&header_text("wfsim.summary/1", &s, runs, seed)));

    let c = compare::compare(&s, &[&variant], runs, seed, Some(1)).expect("compare");
    assert!(pretty(&c).starts_with(&header_text("wfsim.compare/2", &s, runs, seed)));
    // The variant carries its own scenario block, in the same form.
    let v: serde_json::Value = serde_json::from_str(&pretty(&c)).unwrap();
    assert_eq!(v["variants"][0]["scenario"]["name"], variant.name());
    assert_eq!(v["variants"][0]["scenario"]["hash"], variant.hash());

    let outcome = Outcome::parse(&s, "ia_backlog", "2012-03-14", None).unwrap();
    let r = sensitivity::sensitivity(&s, &outcome, runs, seed, Some(1)).expect("sensitivity");
    assert!(pretty(&r).starts_with(&header_text("wfsim.sensitivity/2", &s, runs, seed)));

    let t = targets::parse(&s, "ia_overdue <= 7 on 2012-03-14").unwrap();
    let r = targets::evaluate(&s, &[t], runs, seed, Some(1)).expect("targets");
    assert!(pretty(&r).starts_with(&header_text("wfsim.targets/1", &s, runs, seed)));

    let obs = [calibrate::Observation {
        date: chrono::NaiveDate::from_ymd_opt(2012, 3, 14).unwrap(),
        metric: "assessment_team_cases".into(),
        value: 296.0,
    }];
    let fit = ["assessment.core.transfer_delay_days".to_string()];
    let c = calibrate::calibrate(&s, &obs, &fit, 10, 0.5, seed, Some(1), None).expect("calibrate");
    assert!(pretty(&c).starts_with(&header_text("wfsim.calibration/2", &s, 10, seed)));
}

/// An output's JSON text, as the CLI writes it.
fn pretty<T: serde::Serialize>(output: &T) -> String {
    serde_json::to_string_pretty(output).unwrap()
}

#[test]
fn outcomes_are_named_the_same_whatever_asks() {
    use wfsim::error::AnalysisError;
    let s = preset();
    let parse = |name, when, line| Outcome::parse(&s, name, when, line);
    // Every weekly metric, spend and spend_<line> included, at a date.
    for name in wfsim::metrics::NAMES {
        let o = parse(name, "2012-03-14", None).unwrap();
        assert_eq!(
            o,
            Outcome::metric(&s, name, chrono::NaiveDate::from_ymd_opt(2012, 3, 14).unwrap()).unwrap()
        );
    }
    // A year's spend: spend (all lines), spend_<line>, or spend with the line.
    assert_eq!(parse("spend", "2012-13", None).unwrap(), Outcome::spend(&s, "total", "2012-13").unwrap());
    let agency = Outcome::spend(&s, "agency_staffing", "2012-13").unwrap();
    assert_eq!(parse("spend_agency_staffing", "2012-13", None).unwrap(), agency);
    assert_eq!(parse("spend", "2012-13", Some("agency_staffing")).unwrap(), agency);
    assert_eq!(parse("spend_agency_staffing", "2012-13", Some("agency_staffing")).unwrap(), agency);
    assert_eq!(parse("spend", "2012-13", Some("total")).unwrap(), parse("spend", "2012-13", None).unwrap());
    // With a date, spend and a line are that week's spend on the line.
    assert_eq!(
        parse("spend", "2012-03-14", Some("placements")).unwrap(),
        parse("spend_placements", "2012-03-14", None).unwrap()
    );
    // What cannot be read says why, naming the value.
    let err = |name, when, line| parse(name, when, line).unwrap_err();
    assert!(matches!(err("ia_backlog", "2012-13", None), AnalysisError::NotSpend(n) if n == "ia_backlog"));
    assert!(
        matches!(err("nonsense", "2012-03-14", None), AnalysisError::UnknownMetric(n) if n == "nonsense")
    );
    assert!(matches!(err("spend", "2012-13", Some("pets")), AnalysisError::UnknownLine(l) if l == "pets"));
    assert!(matches!(
        err("spend_placements", "2012-13", Some("recruitment")),
        AnalysisError::LineMismatch { .. }
    ));
    assert!(matches!(
        err("ia_backlog", "2012-03-14", Some("placements")),
        AnalysisError::LineMismatch { .. }
    ));
    assert!(matches!(err("spend", "2030-31", None), AnalysisError::UnknownYear { .. }));
    assert!(matches!(err("lac", "2030-01-01", None), AnalysisError::DateOutside { .. }));
    let e = err("lac", "soon", None);
    assert_eq!(e.to_string(), "\"soon\" is neither a date (YYYY-MM-DD) nor a financial year (2012-13)");
}

#[test]
fn the_command_line_reads_outcomes_as_the_library_does() {
    let bin = env!("CARGO_BIN_EXE_wfsim");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).output().expect("run wfsim");
        assert!(out.status.success(), "wfsim {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let common = ["sensitivity", "peterborough-2012", "--runs", "2", "--json", "-"];
    let by_name = run(&[&common[..], &["--metric", "spend_agency_staffing", "--at", "2012-13"]].concat());
    let by_line = run(&[
        &common[..],
        &["--metric", "spend", "--line", "agency_staffing", "--financial-year", "2012-13"],
    ]
    .concat());
    assert_eq!(by_name, by_line);
    let v: serde_json::Value = serde_json::from_str(&by_name).unwrap();
    assert_eq!(v["schema"], "wfsim.sensitivity/2");
    assert_eq!(v["scenario"]["name"], "peterborough-2012");
    assert_eq!(v["outcome"], "agency_staffing spend 2012-13");
    assert_eq!(v["runs"], 2);
}
