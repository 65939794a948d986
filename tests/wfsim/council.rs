//! Starting from a council's own figures (`wfsim new`): every council in the DfE data gives
//! a valid scenario whose stocks hold, and for councils of different sizes the first
//! simulated year reproduces the published figures.
//!
//! Tolerances: a first-year flow (leavers, starters, referrals) is a sum of many small
//! independent daily draws, close to Poisson, so its variance is about its mean `F` and
//! the mean over `n` runs has sd `sqrt(F / n)`; we allow `4 sd` plus the rounding the
//! derivation does (whole workers: up to half a worker's share). A stock that starts at the
//! level its flows sustain (a birth-death process at equilibrium) has a Poisson stationary
//! distribution: variance about its level `S`, so the mean over `n` runs at a later week has
//! sd at most `sqrt(S / n)`; "no drift" allows `4 sd` plus 5% of the level (the transient
//! of the derivation's rounding and approximations) plus one.

use super::common::{each_run, n_weeks, series};
use wfsim::analysis::steady::steady_state;
use wfsim::council::{self, Derived, data};
use wfsim::metrics::index_of;

fn derive(code: &str, year: i32) -> Derived {
    let (fig, england) = council::for_council(code, Some(year)).expect("council in the data");
    match council::scenario_from(&fig, &england) {
        Ok(d) => d,
        Err(ps) => {
            panic!("{code} {year}: {}", ps.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))
        }
    }
}

/// Per metric, the mean over runs of (sum over the first 52 weeks, value in week 0, value in week 52).
struct FirstYear {
    sums: Vec<f64>,
    start: Vec<f64>,
    end: Vec<f64>,
}

fn first_year(d: &Derived, runs: u64, seed: u64) -> FirstYear {
    let s = &d.scenario;
    let nw = n_weeks(s);
    let n = wfsim::metrics::N;
    let mut fy = FirstYear { sums: vec![0.0; n], start: vec![0.0; n], end: vec![0.0; n] };
    each_run(s, seed, runs, false, |_, rec| {
        for m in 0..n {
            let x = series(rec, m, nw);
            fy.sums[m] += x[..52].iter().filter(|v| v.is_finite()).sum::<f64>() / runs as f64;
            fy.start[m] += x[0] / runs as f64;
            fy.end[m] += x[52.min(nw - 1)] / runs as f64;
        }
    });
    fy
}

fn m(name: &str) -> usize {
    index_of(name).expect("metric")
}

/// `|got - want| <= 4 sqrt(want / runs) + slack`.
fn close(what: &str, got: f64, want: f64, runs: f64, slack: f64) {
    let tol = 4.0 * (want.max(1.0) / runs).sqrt() + slack;
    assert!(
        (got - want).abs() <= tol,
        "{what}: simulated {got:.2}, published or derived {want:.2}, tolerance {tol:.2}"
    );
}

#[test]
fn every_council_in_the_data_gives_a_valid_scenario_whose_stocks_hold() {
    // What `wfsim check` says: no stock drifts from where it starts, and the hours suffice.
    // The derivation puts each stock at its Little's-law level, so beyond "no warning" each
    // settles within 5% (or one case) of where it starts.
    let rows: Vec<_> = data::all().into_iter().filter(|r| r.la_code != data::ENGLAND).collect();
    assert!(rows.len() > 300, "{} council rows", rows.len());
    for row in rows {
        let d = derive(&row.la_code, row.year);
        let what = format!("{} {}", row.la_name, row.year);
        let input = d.scenario.input();
        assert!(input.weeks.is_none() && input.end.is_some_and(|e| e.to_string().ends_with("-03-31")));
        let steady = steady_state(&d.scenario);
        assert!(steady.warnings.is_empty(), "{what}: {}", steady.to_text());
        for l in &steady.levels {
            assert!(
                (l.settles - l.now).abs() <= 0.05 * l.now + 1.0,
                "{what} {}: starts at {} and settles at {:.1}",
                l.key,
                l.now,
                l.settles
            );
        }
        assert!(steady.capacity.utilisation < 1.0, "{what}: {}", steady.to_text());
    }
}

/// Small, middling and large councils (2024 figures): Rutland, Peterborough, Kent.
const SAMPLE: [&str; 3] = ["E06000017", "E06000031", "E10000016"];
const RUNS: u64 = 200;

fn sample() -> Vec<(String, Derived, FirstYear)> {
    SAMPLE
        .iter()
        .map(|c| {
            let d = derive(c, 2024);
            let fy = first_year(&d, RUNS, 20240930);
            (c.to_string(), d, fy)
        })
        .collect()
}

#[test]
fn first_year_leavers_reproduce_the_published_turnover() {
    for (c, d, fy) in sample() {
        let p = council::for_council(&c, Some(2024)).unwrap().0;
        let published = p.number("leavers_fte").unwrap();
        // Rounding the workforce to whole workers moves leavers by up to half a worker's
        // turnover: slack 0.5 x turnover (under 1).
        close(&format!("{c} leavers"), fy.sums[m("leavers")], published, RUNS as f64, 1.0);
        let _ = d;
    }
}

#[test]
fn first_year_hires_replace_the_leavers() {
    for (c, d, fy) in sample() {
        close(&format!("{c} starters"), fy.sums[m("starters")], d.targets.leavers_per_year, RUNS as f64, 1.0);
    }
}

#[test]
fn first_year_referrals_reproduce_the_published_count() {
    for (c, d, fy) in sample() {
        let p = council::for_council(&c, Some(2024)).unwrap().0;
        // The first 52 reported weeks hold this many working days (the first week may be
        // partial); the year's count is spread over 52.18 x 5 of them.
        let cal = d.scenario.calendar();
        let days: usize = (0..52).map(|w| cal.week_days(w).len()).sum();
        let want =
            p.number("referrals_per_year").unwrap() * days as f64 / (council::derive::WEEKS_PER_YEAR * 5.0);
        close(&format!("{c} referrals"), fy.sums[m("referrals")], want, RUNS as f64, 0.0);
    }
}

#[test]
fn the_agency_share_reproduces_the_published_share() {
    for (c, _, fy) in sample() {
        let p = council::for_council(&c, Some(2024)).unwrap().0;
        let (a, s) = (p.number("agency_fte").unwrap(), p.number("social_workers_fte").unwrap());
        let want = a / (a + s);
        let (ga, gs) = (fy.sums[m("agency_fte")] / 52.0, fy.sums[m("permanent_fte")] / 52.0);
        let got = ga / (ga + gs);
        // Agency is capped at whole workers and replaced after a lead time: a worker's
        // share either way (1 / (agency + in post)) plus the noise of the weekly mean.
        let tol = 1.0 / (a + s) + 4.0 * (a.max(1.0) / RUNS as f64).sqrt() / (a + s);
        assert!(
            (got - want).abs() <= tol,
            "{c} agency share {got:.4} vs published {want:.4}, tolerance {tol:.4}"
        );
    }
}

#[test]
fn cases_held_reproduce_the_published_cases_and_looked_after_children() {
    for (c, d, fy) in sample() {
        let p = council::for_council(&c, Some(2024)).unwrap().0;
        let held = ["ia_backlog", "ca_backlog", "awaiting_transfer", "open_cases", "lac"];
        let got: f64 = held.iter().map(|k| fy.sums[m(k)] / 52.0).sum();
        let want = p.number("cases").unwrap();
        // The derivation rounds each of five stocks: slack 2.5, and 5% for the start's transient.
        close(&format!("{c} cases"), got, want, RUNS as f64, 2.5 + 0.05 * want);
        let lac = fy.sums[m("lac")] / 52.0;
        close(&format!("{c} looked after"), lac, p.number("looked_after").unwrap(), RUNS as f64, 1.0);
        let _ = d;
    }
}

#[test]
fn bad_figures_are_reported_in_the_users_words() {
    let (base, _) = council::for_council("Peterborough", Some(2024)).unwrap();
    let csv = "figure,value\nturnover,140%\nposts_fte,100\nagency_fte,120\nplaced_in_house_fostering,100\nplaced_agency_fostering,100\nplaced_residential,20\nplaced_other,10\n";
    let e: Vec<String> =
        council::read_template(csv, base).unwrap_err().iter().map(|p| p.to_string()).collect();
    assert!(e.contains(&"turnover: 140% is not a rate between 0% and 100%".to_string()), "{e:?}");
    assert!(
        e.iter().any(|m| m.starts_with("agency_fte: 120 agency FTE is more than the 100 posts")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.contains("the placements add up to 230, not the 422 children looked after")),
        "{e:?}"
    );
}

#[test]
fn a_filled_template_marks_edited_values_and_keeps_published_sources() {
    let (base, england) = council::for_council("Peterborough", Some(2024)).unwrap();
    let mut csv = council::template_csv(&base);
    csv = csv.replace("\nreferrals_per_year,3708,", "\nreferrals_per_year,4000,");
    let fig = council::read_template(&csv, base).unwrap();
    assert_eq!(fig.source("referrals_per_year").as_deref(), Some("set by user"));
    assert!(fig.source("looked_after").unwrap().starts_with("[L] DfE"));
    let d = council::scenario_from(&fig, &england).unwrap();
    assert!(d.toml.contains("4000 referrals a year / 52.18 (set by user)"), "{}", d.toml);
    assert!(!d.toml.to_lowercase().contains("peterborough-2012") && !d.toml.contains("[SEED]"));
}

#[test]
fn rates_may_be_written_as_percentages_anywhere_in_a_scenario() {
    use wfsim::param::Param;
    let s =
        super::common::scenario("[workforce]\nturnover = \"15%\"\n[demand]\nto_initial_assessment = \"80%\"");
    assert_eq!(s.input().workforce.turnover, Param::Fixed(0.15));
    assert_eq!(s.input().demand.to_initial_assessment, Param::Fixed(0.8));
    let e =
        wfsim::scenario::Scenario::from_toml(&super::common::toml_with("[workforce]\nturnover = \"high\""))
            .unwrap_err();
    assert!(e.to_string().contains("workforce.turnover: \"high\" is not a number or a percentage"), "{e}");
}

#[test]
fn the_england_preset_is_a_steady_example() {
    let s = wfsim::scenario::presets::load("england-2025").expect("valid");
    assert_eq!(s.input().start.to_string(), "2025-04-01");
    for line in [&s.input().budget.permanent_staffing, &s.input().budget.placements] {
        assert_eq!(line.keys().cloned().collect::<Vec<_>>(), ["2025-26", "2026-27", "2027-28"]);
    }
}
