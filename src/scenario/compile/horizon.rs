//! The scenario's header: name, horizon, Monte Carlo defaults, start date and bank
//! holidays, which together give the calendar every later section needs.

use super::Ctx;
use crate::calendar::{self, Calendar};
use crate::limits;
use crate::scenario::{BankHolidays, ScenarioInput};
use chrono::{Datelike, NaiveDate};

/// The header's checks and the calendar; `None` if the start date is outside the
/// supported years (the calendar cannot be built, which stops validation).
pub(super) fn horizon(c: &mut Ctx, input: &ScenarioInput) -> Option<Calendar> {
    if input.name.trim().is_empty() {
        c.push("name", "is empty; give the scenario a name");
    }
    if let Err(e) = limits::weeks(input.weeks) {
        c.push("weeks", e.to_string());
    }
    let mc = &input.monte_carlo;
    if let Err(e) = limits::runs(mc.runs, limits::MIN_RUNS) {
        c.push("monte_carlo.runs", e.to_string());
    }
    if let Err(e) = limits::seed(mc.seed) {
        c.push("monte_carlo.seed", e.to_string());
    }
    if input.start.year() < 1900 || input.start.year() > 2200 {
        c.push("start", format!("{} is outside the years 1900 to 2200", input.start));
    }
    let weeks = input.weeks.clamp(1, limits::MAX_WEEKS);
    let holidays: Vec<NaiveDate> = match &input.bank_holidays {
        BankHolidays::Named(n) if n == "england-and-wales" => {
            let y = input.start.year().clamp(1900, 2200);
            calendar::england_and_wales_bank_holidays(y, y + (weeks as i32) / 52 + 2)
        }
        BankHolidays::Named(n) if n == "none" => Vec::new(),
        BankHolidays::Named(n) => {
            c.push(
                "bank_holidays",
                format!("{n:?} is not known; use \"england-and-wales\", \"none\" or a list of dates"),
            );
            Vec::new()
        }
        BankHolidays::Dates(d) => {
            c.list_len("bank_holidays", d.len());
            d.clone()
        }
    };
    // Only a start date outside the supported years stops validation here (the calendar,
    // which the remaining checks need, cannot be built); every other problem is collected
    // with the rest.
    if input.start.year() < 1900 || input.start.year() > 2200 {
        return None;
    }
    let holidays: Vec<NaiveDate> = holidays.into_iter().take(limits::MAX_LIST * 10).collect();
    Some(Calendar::new(input.start, weeks, &holidays))
}
