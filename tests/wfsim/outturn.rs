//! Budgets as a finance officer monitors them: a horizon given by its end date covers
//! whole financial years, and every year is compared with its full-year budget.

use crate::common::{problems, toml_with, valid};
use wfsim::sim::{Options, simulate};

/// [`crate::common::QUIET`] with `overrides`, its horizon given by `end` instead of weeks.
fn by_end(start: &str, end: &str, overrides: &str) -> String {
    let mut t: toml::Table = toml::from_str(&toml_with(overrides)).expect("TOML");
    t.remove("weeks");
    t.insert("start".into(), toml::Value::String(start.into()));
    t.insert("end".into(), toml::Value::String(end.into()));
    // Dates as strings are accepted by the scenario's date fields.
    toml::to_string(&t).expect("TOML")
}

#[test]
fn three_financial_years_by_end_date_are_three_whole_years_with_full_budgets() {
    let budgets = r#"
        [budget.permanent_staffing]
        2025-26 = "400000"
        2026-27 = "410000"
        2027-28 = "420000"
    "#;
    let s = valid(&by_end("2025-04-01", "2028-03-31", budgets));
    let fys = s.calendar().financial_years();
    assert_eq!(fys.len(), 3);
    assert!(fys.iter().all(|f| f.n_days == f.working_days_in_year as usize));
    let summary = simulate(&s, &Options::new(20, 1)).expect("simulate");
    let years: Vec<&str> = summary.budget.iter().map(|r| r.financial_year.as_str()).collect();
    assert_eq!(years.iter().filter(|y| **y == "2025-26").count(), years.len() / 3);
    let perm: Vec<_> = summary.budget.iter().filter(|r| r.line == "permanent_staffing").collect();
    let written = ["400000", "410000", "420000"];
    for (r, b) in perm.iter().zip(written) {
        assert_eq!(r.budget.map(|m| m.to_string()), Some(format!("{b}.00")), "{}", r.financial_year);
        assert_eq!(r.days_simulated, r.days_in_year as usize, "{}", r.financial_year);
    }
}

#[test]
fn the_horizon_is_weeks_or_an_end_date_never_both_or_neither() {
    let both = toml_with("end = \"2021-06-30\"");
    let found = problems(&both);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "end");
    assert!(found[0].1.contains("2021-06-30") && found[0].1.contains("not both"), "{found:?}");

    let mut t: toml::Table = toml::from_str(&toml_with("")).expect("TOML");
    t.remove("weeks");
    let neither = problems(&toml::to_string(&t).expect("TOML"));
    assert_eq!(neither.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["weeks"], "{neither:?}");

    let before = problems(&by_end("2021-01-04", "2020-12-31", ""));
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0].0, "end");
    assert!(before[0].1.contains("2020-12-31 is before the start"), "{before:?}");

    let too_long = problems(&by_end("2021-01-04", "2045-01-01", ""));
    assert_eq!(too_long[0].0, "end", "{too_long:?}");
}

/// The preset with actuals to the day before its start (Monday 28 November 2011).
const ACTUALS: &str = r#"
    [actuals]
    to = "2011-11-27"
    permanent_staffing = "1500000"
    agency_staffing = "800000"
    peripatetic_pods = "0"
    recruitment = "12000"
    early_help = "0"
    placements = "9400000"
"#;

fn preset_with(overrides: &str) -> wfsim::scenario::Scenario {
    let text = crate::common::toml_over(
        wfsim::scenario::presets::text("peterborough-2012").expect("preset"),
        overrides,
    );
    valid(&text)
}

#[test]
fn actuals_to_date_complete_the_first_year_and_shift_every_percentile() {
    let plain = crate::common::preset();
    let with = preset_with(ACTUALS);
    let opts = Options::new(200, 3);
    let (a, b) = (simulate(&plain, &opts).expect("run"), simulate(&with, &opts).expect("run"));
    for (r0, r1) in a.budget.iter().zip(&b.budget) {
        assert_eq!((&r0.financial_year, &r0.line), (&r1.financial_year, &r1.line));
        if r0.financial_year != "2011-12" {
            assert_eq!(r0, r1, "later years do not change");
            continue;
        }
        // Same runs, so the outturn is the simulated spend plus the actuals, exactly.
        let add = r1.actuals.expect("actuals given for every line, so for the total too");
        for (x, y) in [(r0.mean, r1.mean), (r0.p5, r1.p5), (r0.p50, r1.p50), (r0.p95, r1.p95)] {
            assert_eq!(x + add, y, "{}", r1.line);
        }
        assert!(r0.partial && !r1.partial, "{}: the year is whole with actuals", r1.line);
        let against = r1.budget.unwrap_or(wfsim::money::Money::ZERO);
        assert_eq!(r1.expected_variance, r1.mean - against);
    }
}

#[test]
fn actuals_must_reach_the_start_from_1_april() {
    let text = |to: &str, extra: &str| {
        crate::common::toml_over(
            wfsim::scenario::presets::text("peterborough-2012").expect("preset"),
            &format!("[actuals]\nto = \"{to}\"\n{extra}"),
        )
    };
    // Friday before a Monday start: no working day is missed.
    valid(&text("2011-11-25", ""));
    let gap = problems(&text("2011-10-31", ""));
    assert_eq!(gap.len(), 1, "{gap:?}");
    assert_eq!(gap[0].0, "actuals.to");
    assert!(gap[0].1.contains("2011-10-31") && gap[0].1.contains("working days"), "{gap:?}");
    let early = problems(&text("2011-03-31", ""));
    assert!(early[0].1.contains("before 1 April"), "{early:?}");
    let late = problems(&text("2011-11-28", ""));
    assert!(late[0].1.contains("not before the first simulated day"), "{late:?}");
    let negative = problems(&text("2011-11-27", "placements = \"-5\""));
    assert_eq!(negative.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["actuals.placements"]);
    assert!(negative[0].1.contains("-5"), "{negative:?}");
}

#[test]
fn spend_on_a_line_with_no_budget_is_a_pressure_over_zero() {
    let s = crate::common::preset();
    let summary = simulate(&s, &Options::new(200, 1)).expect("run");
    let eh =
        summary.budget.iter().find(|r| r.financial_year == "2013-14" && r.line == "early_help").expect("row");
    assert_eq!(eh.budget, None);
    assert!(eh.mean > wfsim::money::Money::ZERO);
    assert_eq!(eh.expected_variance, eh.mean);
    assert_eq!(eh.variance, eh.p50);
    assert_eq!(eh.p_overspend, 1.0);
}
