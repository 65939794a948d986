//! The library in a dozen lines: load a scenario, simulate it, read a percentile.
//!
//!     cargo run --release --example quickstart [SCENARIO.toml]
//!
//! Without an argument it uses the built-in Peterborough example.

use wfsim::scenario::{Scenario, presets};
use wfsim::sim::{Options, simulate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scenario = match std::env::args().nth(1) {
        Some(path) => Scenario::from_toml(&std::fs::read_to_string(path)?)?,
        None => presets::load("peterborough-2012")?,
    };
    let summary = simulate(&scenario, &Options::new(1000, 1))?;

    // A statistic of a weekly metric in a week: here the last week of the horizon
    // (`summary.week_index(&scenario, date)` finds the week containing a date).
    let week = summary.weeks.len().checked_sub(1).ok_or("the scenario has no weeks")?;
    let p = |stat| summary.value("assessment_team_cases", stat, week).unwrap_or(f64::NAN);
    println!(
        "assessment team cases in the week to {}: median {}, 90% interval {} to {}",
        summary.weeks[week],
        p("p50"),
        p("p5"),
        p("p95")
    );

    // The budget table: one row per financial year and line, money exact.
    for row in summary.budget.iter().filter(|r| r.line == "agency_staffing") {
        let chance = wfsim::report::figures::percent(row.p_overspend);
        println!(
            "{} agency staffing: expected outturn {}, median {}, {chance} chance of overspend",
            row.financial_year, row.mean, row.p50
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example's reads work on the preset: a week's percentiles are ordered, and the
    /// budget has an agency row for each financial year.
    #[test]
    fn quickstart_reads_percentiles_of_the_preset() {
        let scenario = presets::load("peterborough-2012").unwrap();
        let summary = simulate(&scenario, &Options::new(50, 1)).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2012, 3, 14).unwrap();
        let week = summary.week_index(&scenario, date).unwrap();
        let get = |stat| summary.value("assessment_team_cases", stat, week).unwrap();
        assert!(get("p5") <= get("p50") && get("p50") <= get("p95"));
        let agency = summary.budget.iter().filter(|r| r.line == "agency_staffing").count();
        assert_eq!(agency, scenario.calendar().financial_years().len());
    }
}
