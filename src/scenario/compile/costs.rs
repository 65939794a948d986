//! The money sections: prices and pay, and the budgets per line and financial year.

use super::{Ctx, day_on_or_after};
use crate::calendar::Calendar;
use crate::limits;
use crate::param::Domain;
use crate::scenario::{ActualsInput, BudgetInput, CostsInput, LINES, Spec};
use chrono::Datelike;
use rust_decimal::Decimal;

/// The costs section, validated into `s`.
pub(super) fn costs(c: &mut Ctx, co: &CostsInput, cal: &Calendar, s: &mut Spec) {
    let n_days = cal.n_days();
    let salary_experienced = c.money(&co.salary_experienced, "costs.salary_experienced");
    let salary_nq = c.money(&co.salary_newly_qualified, "costs.salary_newly_qualified");
    let employer_ni = c.p(&co.employer_ni, "costs.employer_ni", Domain::Rate);
    let employer_pension = c.p(&co.employer_pension, "costs.employer_pension", Domain::Rate);
    let pay_award = c.p(&co.pay_award, "costs.pay_award", Domain::Range(-0.5, 1.0));
    let mut pay_periods = vec![0usize];
    if let Some(from) = co.pay_award_from {
        let mut date = from;
        let end = cal.date(n_days.saturating_sub(1));
        while date <= end {
            let day = day_on_or_after(cal, date);
            if day > 0 && day < n_days && pay_periods.last() != Some(&day) {
                pay_periods.push(day);
            }
            match date.with_year(date.year() + 1) {
                Some(d) => date = d,
                None => break,
            }
        }
    }
    let agency_day_rate = c.money(&co.agency_day_rate, "costs.agency_day_rate");
    (s.salary_experienced, s.salary_nq, s.agency_day_rate) = (salary_experienced, salary_nq, agency_day_rate);
    (s.employer_ni, s.employer_pension, s.pay_award, s.pay_periods) =
        (employer_ni, employer_pension, pay_award, pay_periods);
}

/// The budget section, validated into `s`: `[line][fy]`, for the financial years the
/// calendar touches.
pub(super) fn budget(c: &mut Ctx, b: &BudgetInput, cal: &Calendar, s: &mut Spec) {
    let fys = cal.financial_years();
    let mut budgets = vec![vec![None; fys.len()]; LINES.len()];
    let maps = [
        &b.permanent_staffing,
        &b.agency_staffing,
        &b.peripatetic_pods,
        &b.recruitment,
        &b.early_help,
        &b.placements,
    ];
    for (li, map) in maps.iter().enumerate() {
        for (label, amount) in map.iter() {
            let path = format!("budget.{}.{}", LINES[li], label);
            if !valid_fy_label(label) {
                c.push(&path, format!("{label:?} is not a financial year; write it as \"2012-13\""));
                continue;
            }
            if amount.as_decimal().is_sign_negative() {
                c.push(&path, format!("{amount} is negative; a budget must be 0 or more"));
                continue;
            }
            if amount.as_decimal() > Decimal::from(limits::MAX_MONEY) {
                c.push(&path, format!("{amount} is too large; at most {} pounds", limits::MAX_MONEY));
                continue;
            }
            if let Some(fi) = fys.iter().position(|f| &f.label == label) {
                budgets[li][fi] = Some(*amount);
            }
        }
    }
    s.budgets = budgets;
}

/// The actual spend to date, validated into `s`: it must run from 1 April of the year the
/// simulation starts in right up to the start, so that actuals plus the simulated rest of
/// the year are the whole year.
pub(super) fn actuals(c: &mut Ctx, a: Option<&ActualsInput>, cal: &Calendar, s: &mut Spec) {
    let (Some(a), Some(first)) = (a, cal.first_date()) else { return };
    let fy_start = chrono::NaiveDate::from_ymd_opt(crate::calendar::fy_start_year(first), 4, 1);
    let gap = a.to.succ_opt().map_or(0, |next| Calendar::weekdays_between(next, first));
    if fy_start.is_some_and(|f| a.to < f) {
        c.push(
            "actuals.to",
            format!(
                "{} is before 1 April of the year the simulation starts in ({}); actuals run from that 1 April to the day before the start",
                a.to,
                crate::calendar::fy_label(first)
            ),
        );
    } else if a.to >= first {
        c.push("actuals.to", format!("{} is not before the first simulated day, {first}", a.to));
    } else if gap > 0 {
        c.push(
            "actuals.to",
            format!(
                "{} leaves {gap} working days before the first simulated day, {first}, neither actual nor simulated; give actuals to the day before the start, or start the day after {}",
                a.to, a.to
            ),
        );
    }
    let mut lines = Vec::with_capacity(LINES.len());
    for (li, amount) in a.lines().into_iter().enumerate() {
        let path = format!("actuals.{}", LINES[li]);
        lines.push(amount.filter(|m| {
            if m.as_decimal().is_sign_negative() {
                c.push(&path, format!("{m} is negative; actual spend is 0 or more"));
                return false;
            }
            if m.as_decimal() > Decimal::from(limits::MAX_MONEY) {
                c.push(&path, format!("{m} is too large; at most {} pounds", limits::MAX_MONEY));
                return false;
            }
            true
        }));
    }
    (s.actuals, s.actuals_to) = (lines, Some(a.to));
}

/// "2012-13": a four-digit year, a dash, and the next year's last two digits.
fn valid_fy_label(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 7 || b[4] != b'-' || !b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit()) {
        return false;
    }
    let y: u32 = s[..4].parse().unwrap_or(0);
    let yy: u32 = s[5..].parse().unwrap_or(100);
    (y + 1) % 100 == yy
}
