//! Money: exact Decimal budget lines that add up to their totals, weekly spend series that
//! reconcile with them, money serialised as strings, and a scenario whose every line can be
//! worked out by hand to the penny.

use crate::common::{each_run, n_weeks, preset, valid};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::str::FromStr;
use wfsim::metrics as m;
use wfsim::metrics::LINES;
use wfsim::money::Money;
use wfsim::scenario::Scenario;
use wfsim::sim::{Options, simulate};

const WIDTH: usize = LINES.len() + 1;

fn n_fy(s: &Scenario) -> usize {
    s.calendar().financial_years().len()
}

/// In every run, each financial year's lines add up exactly (in Decimal) to its total,
/// and no line is negative.
fn check_lines_add_up(s: &Scenario, runs: u64, seed: u64) {
    let nfy = n_fy(s);
    each_run(s, seed, runs, false, |run, r| {
        assert_eq!(r.budget.len(), nfy * WIDTH);
        for fy in 0..nfy {
            let row = &r.budget[fy * WIDTH..(fy + 1) * WIDTH];
            let sum: Decimal = row[..LINES.len()].iter().map(|m| m.as_decimal()).sum();
            assert_eq!(sum, row[LINES.len()].as_decimal(), "run {run}, year {fy}: lines {row:?}");
            for (l, v) in row.iter().enumerate() {
                assert!(!v.is_negative(), "run {run}, year {fy}, line {l}: {v}");
                // Rounded to pence.
                assert_eq!(v.as_decimal(), v.as_decimal().round_dp(2), "run {run}, year {fy}, line {l}");
            }
        }
    });
}

#[test]
fn budget_lines_add_up_to_the_total_in_every_run() {
    check_lines_add_up(&preset(), 30, 1);
    check_lines_add_up(&valid(HAND), 3, 2);
}

#[test]
fn weekly_spend_reconciles_with_the_budget_lines() {
    // The weekly `spend_<line>` series are priced in f64 and rounded to pence each week;
    // the budget lines are exact Decimal sums rounded to pence once per line and year. So:
    // * each weekly line value is within 0.005 of the exact amount (rounding), plus float
    //   error: a week's amount is a sum of a few dozen products of integer counts and f64
    //   prices (relative error ~1e-16 each) of at most ~1e6 pounds, far below 1e-6;
    // * the weekly `spend` is the rounded sum of the 6 rounded lines: within
    //   6 * 0.005 + 0.005 = 0.035 of the exact week's amount;
    // * each budget line of a year is within 0.005 of its exact amount, and the year's
    //   total (the sum of the rounded lines) within 6 * 0.005 = 0.03.
    // Hence, over a run, per line: |sum_w spend_l - sum_fy budget_l| <= 0.005 (W + F), and
    // in all: |sum_w spend - sum_fy total| <= 0.035 W + 0.03 F, plus 1e-6 per week.
    // (Rounding errors of a penny's fraction usually cancel; this bound is the worst case.)
    let p = preset();
    let nw = n_weeks(&p);
    let nfy = n_fy(&p);
    let (w, f) = (nw as f64, nfy as f64);
    let mut worst: f64 = 0.0;
    each_run(&p, 3, 20, false, |run, r| {
        let weekly_total: f64 = crate::common::series(r, m::SPEND, nw).iter().sum();
        let budget_total: f64 = (0..nfy).map(|fy| r.budget[fy * WIDTH + LINES.len()].to_f64()).sum();
        let tol = 0.035 * w + 0.03 * f + 1e-6 * w;
        let diff = (weekly_total - budget_total).abs();
        worst = worst.max(diff / w);
        assert!(diff <= tol, "run {run}: weekly spend {weekly_total} vs budget {budget_total} (tol {tol})");
        for (l, name) in LINES.iter().enumerate() {
            let weekly: f64 = crate::common::series(r, m::SPEND_LINE0 + l, nw).iter().sum();
            let budget: f64 = (0..nfy).map(|fy| r.budget[fy * WIDTH + l].to_f64()).sum();
            let tol = 0.005 * (w + f) + 1e-6 * w;
            assert!(
                (weekly - budget).abs() <= tol,
                "run {run}, {name}: weekly {weekly} vs budget {budget} (tol {tol})"
            );
        }
        // Each week's spend is the sum of its lines, to the penny of rounding.
        for week in 0..nw {
            let lines: f64 = (0..LINES.len()).map(|l| r.weekly[(m::SPEND_LINE0 + l) * nw + week]).sum();
            let spend = r.weekly[m::SPEND * nw + week];
            assert!((spend - lines).abs() <= 0.005 + 1e-6, "run {run}, week {week}: {spend} vs {lines}");
        }
    });
    eprintln!("largest weekly-vs-budget discrepancy per week: {worst:.5} pounds");
}

fn is_money_string(v: &serde_json::Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let body = s.strip_prefix('-').unwrap_or(s);
    let Some((int, frac)) = body.split_once('.') else { return false };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() == 2
        && frac.bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn money_in_the_json_summary_is_a_string_with_pence() {
    let s = simulate(&preset(), &Options::new(20, 4)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
    let rows = v["budget"].as_array().expect("budget is a list");
    assert_eq!(rows.len(), n_fy(&preset()) * WIDTH);
    let mut seen_budget = 0;
    for row in rows {
        for key in ["mean", "p5", "p10", "p25", "p50", "p75", "p90", "p95"] {
            assert!(is_money_string(&row[key]), "{key} = {} in {row}", row[key]);
        }
        for key in ["budget", "budget_full_year", "variance"] {
            assert!(row[key].is_null() || is_money_string(&row[key]), "{key} = {} in {row}", row[key]);
        }
        if !row["budget"].is_null() {
            seen_budget += 1;
            assert!(row["p_overspend"].is_number(), "{row}");
        }
        assert!(row["financial_year"].as_str().unwrap().len() == 7);
    }
    assert!(seen_budget > 0);
    // Each budget as written in the preset comes back as a string with pence.
    let p = preset();
    let input = &p.input().budget;
    let mut checked = 0;
    for (label, amount) in &input.permanent_staffing {
        let Some(row) =
            rows.iter().find(|r| r["financial_year"] == label.as_str() && r["line"] == "permanent_staffing")
        else {
            continue; // a year outside the horizon
        };
        let text = row["budget_full_year"].as_str().expect("a string");
        assert!(is_money_string(&row["budget_full_year"]), "{label}: {text}");
        assert_eq!(Money::from_str(text).unwrap(), *amount, "{label}");
        checked += 1;
    }
    assert!(checked > 0, "the preset has permanent staffing budgets inside its horizon");
}

/// Weekdays (Monday to Friday) from `a` to `b` inclusive, counted with chrono alone.
fn weekdays(a: &str, b: &str) -> i64 {
    let a = NaiveDate::from_str(a).unwrap();
    let b = NaiveDate::from_str(b).unwrap();
    a.iter_days().take_while(|d| *d <= b).filter(|d| d.weekday().num_days_from_monday() < 5).count() as i64
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A service whose spend is fixed: no turnover, no requests, no demand, no hires. Bank
/// holidays apply (they cost money all the same).
const HAND: &str = r#"
name = "by hand"
start = "2012-01-02"            # a Monday; 52 weeks end on Friday 2012-12-28
weeks = 52
bank_holidays = "england-and-wales"

[workforce]
establishment = 15
turnover = 0.0

[agency]
enabled = true
cap = 5
turnover = 0.0
fill_probability = 1.0

[[pods]]
start = "2012-02-01"
end = "2012-05-31"
social_workers = 3
weekly_price = "13500"

[recruitment]
enabled = true
applicants_per_post = 0.0
cost_per_hire = "1000"

[[recruitment.campaigns]]
start = "2012-06-01"
end = "2012-07-31"
attraction = 2.0
cost = "10000"

[demand]
referrals_per_week = 0
to_initial_assessment = 0.5

[early_help]
start = "2012-03-01"
workers = 3
families_per_worker = 10
mean_weeks = 10
diversion_share = 0.5
annual_cost = "260000"

[looked_after]
emergency_entries_per_week = 0

[costs]
salary_experienced = "26000"
salary_newly_qualified = "20000"
employer_ni = 0.1
employer_pension = 0.2
pay_award = 0.02
pay_award_from = "2012-07-02"
agency_day_rate = "300"

[budget.permanent_staffing]
"2011-12" = "200000"
"2012-13" = "500000"

[budget.agency_staffing]
"2012-13" = "1"

[initial]
agency = 5

[[initial.permanent]]
grade = "experienced"
count = 10
tenure_weeks = 104
"#;

#[test]
fn every_line_matches_a_hand_computation_to_the_penny() {
    let s = valid(HAND);
    let fys = s.calendar().financial_years();
    assert_eq!(fys.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(), ["2011-12", "2012-13"]);
    let (d1, d2) = (weekdays("2012-01-02", "2012-03-31"), weekdays("2012-04-01", "2012-12-28"));
    assert_eq!(fys[0].n_days as i64, d1);
    assert_eq!(fys[1].n_days as i64, d2);

    // Permanent: 10 workers x 26,000 x (1 + 0.1 + 0.2) / 260 = 130.00 a worker-day, and
    // 132.60 from the 2% award on 2 July 2012.
    let perm = [
        d("1300") * Decimal::from(d1),
        d("1300") * Decimal::from(weekdays("2012-04-01", "2012-07-01"))
            + d("1326") * Decimal::from(weekdays("2012-07-02", "2012-12-28")),
    ];
    // Agency: 5 workers x 300 a day, every day (establishment 15 = 10 + 5: no requests).
    let agency = [d("1500") * Decimal::from(d1), d("1500") * Decimal::from(d2)];
    // Pod: 13,500 a week = 2,700 a working day, 1 Feb to 31 May 2012.
    let pods = [
        d("2700") * Decimal::from(weekdays("2012-02-01", "2012-03-31")),
        d("2700") * Decimal::from(weekdays("2012-04-01", "2012-05-31")),
    ];
    // Recruitment: the campaign's 10,000 spread over its working days, all inside 2012-13;
    // no hires (no applicants).
    let recruitment = [d("0"), d("10000")];
    // Early help: 260,000 a year = 1,000 a working day from 1 March 2012.
    let early_help =
        [d("1000") * Decimal::from(weekdays("2012-03-01", "2012-03-31")), d("1000") * Decimal::from(d2)];
    let expected: Vec<[Decimal; 6]> = (0..2)
        .map(|fy| [perm[fy], agency[fy], pods[fy], recruitment[fy], early_help[fy], Decimal::ZERO])
        .collect();

    each_run(&s, 99, 3, true, |run, r| {
        for (fy, lines) in expected.iter().enumerate() {
            for (l, want) in lines.iter().enumerate() {
                assert_eq!(
                    r.budget[fy * WIDTH + l].as_decimal(),
                    *want,
                    "run {run}, {}, {}",
                    fys[fy].label,
                    LINES[l]
                );
            }
            let total: Decimal = lines.iter().sum();
            assert_eq!(r.budget[fy * WIDTH + LINES.len()].as_decimal(), total, "run {run}, total");
        }
        // The first week's spend: 5 days of 10 x 130 + 5 x 300, nothing else yet.
        let nw = n_weeks(&s);
        assert_eq!(r.weekly[(m::SPEND_LINE0) * nw], 6500.0);
        assert_eq!(r.weekly[(m::SPEND_LINE0 + 1) * nw], 7500.0);
        assert_eq!(r.weekly[m::SPEND * nw], 14000.0);
    });

    // The summary: every run is the same, so every percentile is the amount; the 2011-12
    // budget is pro rata by working days; a budget below the spend is overspent in every
    // run, one above it in none.
    let sum = simulate(&s, &Options::new(5, 1)).unwrap();
    let row =
        |fy: &str, line: &str| sum.budget.iter().find(|r| r.financial_year == fy && r.line == line).unwrap();
    let perm_1112 = row("2011-12", "permanent_staffing");
    assert_eq!(perm_1112.mean.as_decimal(), perm[0]);
    assert_eq!(perm_1112.p5, perm_1112.p95);
    let days_in_year = weekdays("2011-04-01", "2012-03-31");
    assert_eq!(perm_1112.days_in_year as i64, days_in_year);
    assert_eq!(perm_1112.days_simulated as i64, d1);
    let pro_rata = (d("200000") * Decimal::from(d1) / Decimal::from(days_in_year))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(perm_1112.budget.unwrap().as_decimal(), pro_rata);
    assert_eq!(perm_1112.budget_full_year.unwrap().as_decimal(), d("200000"));
    let expected_p = if perm[0] > pro_rata { 1.0 } else { 0.0 };
    assert_eq!(perm_1112.p_overspend, Some(expected_p));
    assert_eq!(perm_1112.variance.unwrap().as_decimal(), perm[0] - pro_rata);
    let agency_1213 = row("2012-13", "agency_staffing");
    assert_eq!(agency_1213.p_overspend, Some(1.0));
    let total_1213 = row("2012-13", "total");
    // The total's budget is the sum of the lines' budgets that are given (2012-13 is
    // simulated only in part, so each is pro rata).
    let given: Decimal = ["permanent_staffing", "agency_staffing"]
        .iter()
        .map(|l| row("2012-13", l).budget.unwrap().as_decimal())
        .sum();
    assert_eq!(total_1213.budget.unwrap().as_decimal(), given);
    assert_eq!(row("2012-13", "placements").budget, None);
    assert_eq!(row("2012-13", "placements").p_overspend, None);
    assert_eq!(total_1213.mean.as_decimal(), expected[1].iter().sum::<Decimal>());
}

#[test]
fn money_parses_from_strings_and_integers_exactly() {
    let a: Money = "0.1".parse().unwrap();
    let b: Money = "0.2".parse().unwrap();
    assert_eq!((a + b).to_string(), "0.30");
    assert_eq!(Money::from_pence(123456).to_string(), "1234.56");
    assert_eq!(serde_json::to_string(&Money::from_pounds(1_000_000)).unwrap(), "\"1000000.00\"");
    let back: Money = serde_json::from_str("\"1234.565\"").unwrap();
    assert_eq!(back.round_pence().to_string(), "1234.57");
    assert!(serde_json::from_str::<Money>("1234.5").is_err());
    assert!("1,234".parse::<Money>().is_err());
    assert!("1e3".parse::<Money>().is_err());
}
