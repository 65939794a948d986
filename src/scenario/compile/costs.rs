//! The money sections: prices and pay, and the budgets per line and financial year.

use super::{Ctx, day_on_or_after};
use crate::calendar::Calendar;
use crate::limits;
use crate::money::Money;
use crate::param::Domain;
use crate::scenario::{BudgetInput, CostsInput, LINES, PartialYears, Spec};
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
    let mut budgets_full = vec![vec![None; fys.len()]; LINES.len()];
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
                let fy = &fys[fi];
                let full = *amount;
                let scaled = match b.partial_years {
                    PartialYears::Full => full,
                    PartialYears::ProRata => Money::from_decimal(
                        full.as_decimal() * Decimal::from(fy.n_days as u64)
                            / Decimal::from(fy.working_days_in_year.max(1) as u64),
                    )
                    .round_pence(),
                };
                budgets[li][fi] = Some(scaled);
                budgets_full[li][fi] = Some(full);
            }
        }
    }
    (s.budgets, s.budgets_full) = (budgets, budgets_full);
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
