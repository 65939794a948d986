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
