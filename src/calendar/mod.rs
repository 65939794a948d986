//! Simulated time: working days, weeks, months and UK financial years.
//!
//! The simulation never looks at the wall clock. It steps one *working day*
//! (Monday to Friday) at a time from a scenario start date, for a horizon given
//! in weeks. A [`Calendar`] fixes that mapping once, up front, and precomputes
//! per-day lookup tables (week, financial year, month, bank-holiday flag) so the
//! engine's hot loop only indexes slices.
//!
//! # Day 0, week 0 and the horizon
//!
//! * Day 0 is the scenario `start` if that is a weekday; if `start` is a Saturday
//!   or Sunday, day 0 is the following Monday.
//! * Week 0 is the Monday-to-Sunday week containing day 0. It is a *partial* week
//!   when day 0 is not a Monday (a Wednesday start gives a week 0 of three days).
//! * The horizon of `weeks` weeks covers every weekday from day 0 up to and
//!   including the Friday of week `weeks - 1`. A Monday start therefore gives
//!   exactly `5 * weeks` days; a Wednesday start gives `5 * weeks - 2`.
//! * A horizon given by its last date ([`Calendar::until`]) covers every weekday from
//!   day 0 up to and including that date, so one ending on 31 March closes a financial
//!   year exactly. Its last week is then partial when the date is not a Friday (ending
//!   on Wednesday 31 March 2027 gives a last week of three days), as week 0 is for a
//!   start after Monday: weekly flows in it are that part week's totals.
//! * Weeks are labelled by their Friday ([`Calendar::week_friday`]), even when the
//!   week is partial (a last part week is labelled by the Friday after the end).
//!
//! Bank holidays are still simulated days (time passes and staff are paid) but
//! carry no working capacity; [`Calendar::is_bank_holiday`] flags them.
//!
//! # Financial years
//!
//! Budgets follow the UK financial year, 1 April to 31 March, labelled by its two
//! calendar years as `"2012-13"` ([`fy_label`]). [`Calendar::financial_years`]
//! lists the financial years the horizon touches, in order, with the simulated
//! days falling in each.
//!
//! All arithmetic is on integers (day numbers); nothing here panics for any date
//! chrono can represent. Near the ends of chrono's date range the horizon is cut
//! short at the last representable date rather than failing.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use crate::limits::MAX_WEEKS;

// The per-day financial-year index is stored as a `u8`; make sure the longest
// horizon cannot touch more financial years than that can count.
const _: () = assert!((MAX_WEEKS as usize) / 52 + 2 < u8::MAX as usize);

/// One UK financial year (1 April to 31 March) touched by the simulated horizon.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FinancialYear {
    /// The label, such as `"2012-13"` for 1 April 2012 to 31 March 2013.
    pub label: String,
    /// 1 April of the year.
    pub start: NaiveDate,
    /// 31 March of the following year.
    pub end: NaiveDate,
    /// The first simulated day (index) that falls in this year.
    pub first_day: usize,
    /// How many simulated days fall in this year (the horizon may cover only part of it).
    pub n_days: usize,
    /// All weekdays (Monday to Friday, bank holidays included) in the whole year,
    /// simulated or not: the divisor for turning an annual amount into a daily one.
    pub working_days_in_year: u32,
}

impl FinancialYear {
    /// The simulated days (indices) that fall in this year.
    pub fn days(&self) -> Range<usize> {
        self.first_day..self.first_day.saturating_add(self.n_days)
    }

    /// The calendar year in which this financial year starts (2012 for `"2012-13"`).
    pub fn start_year(&self) -> i32 {
        fy_start_year(self.start)
    }
}

/// The mapping between simulated day indices and calendar dates for one scenario.
///
/// See the [module documentation](self) for how day 0, week 0 and the horizon are
/// defined. Per-day lookups (`date`, `week_of`, `fy_of`, `month_of`,
/// `is_bank_holiday`) are O(1); the raw tables are available as slices
/// ([`day_week`](Self::day_week), [`day_fy`](Self::day_fy),
/// [`day_month`](Self::day_month), [`day_holiday`](Self::day_holiday)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    start: NaiveDate,
    weeks: u32,
    /// Day number (`num_days_from_ce`) of the Monday of week 0 (may lie before
    /// chrono's minimum date in extreme cases, hence an integer).
    monday0: i64,
    /// Weekday of day 0, 0 (Monday) to 4 (Friday).
    wd0: usize,
    dates: Vec<NaiveDate>,
    day_week: Vec<u32>,
    day_fy: Vec<u8>,
    day_month: Vec<u8>,
    day_holiday: Vec<bool>,
    week_fridays: Vec<NaiveDate>,
    fys: Vec<FinancialYear>,
    /// Bank holidays given, weekdays only, sorted and deduplicated.
    holidays: Vec<NaiveDate>,
}

impl Calendar {
    /// Builds the calendar for a horizon of `weeks` weeks from `start`.
    ///
    /// `bank_holidays` may be in any order, contain duplicates, and include dates
    /// outside the horizon or at weekends (those are ignored). `weeks` above
    /// [`MAX_WEEKS`] is treated as `MAX_WEEKS` (the scenario layer rejects it
    /// first); `weeks == 0` gives an empty calendar. Never panics.
    pub fn new(start: NaiveDate, weeks: u32, bank_holidays: &[NaiveDate]) -> Calendar {
        let weeks = weeks.min(MAX_WEEKS);
        let wd0 = first_weekday(start).1;
        Calendar::build(start, weeks, (5 * weeks as usize).saturating_sub(wd0), bank_holidays)
    }

    /// Builds the calendar for a horizon from `start` to `end` inclusive: every weekday
    /// in between is simulated, so an `end` of 31 March closes that financial year.
    ///
    /// An `end` before day 0 gives an empty calendar; a horizon longer than
    /// [`MAX_WEEKS`] weeks is cut at that many (the scenario layer rejects it first).
    /// Never panics.
    pub fn until(start: NaiveDate, end: NaiveDate, bank_holidays: &[NaiveDate]) -> Calendar {
        let (day0, wd0) = first_weekday(start);
        let days = date_from_number(day0)
            .and_then(|d0| end.succ_opt().map(|e| weekdays_between(d0, e)))
            .unwrap_or(0)
            .clamp(0, 5 * i64::from(MAX_WEEKS) - wd0 as i64) as usize;
        let weeks = u32::try_from((days + wd0).div_ceil(5)).unwrap_or(MAX_WEEKS);
        Calendar::build(start, weeks, days, bank_holidays)
    }

    /// The calendar of `target` simulated days from `start`, `weeks` being the horizon
    /// as requested.
    fn build(start: NaiveDate, weeks: u32, target: usize, bank_holidays: &[NaiveDate]) -> Calendar {
        let (day0, wd0) = first_weekday(start);
        let monday0 = day0 - wd0 as i64;

        let mut holidays: Vec<NaiveDate> =
            bank_holidays.iter().copied().filter(|d| weekday_index(*d) < 5).collect();
        holidays.sort_unstable();
        holidays.dedup();

        let mut dates = Vec::with_capacity(target);
        let mut day_week = Vec::with_capacity(target);
        let mut day_fy = Vec::with_capacity(target);
        let mut day_month = Vec::with_capacity(target);
        let mut day_holiday = Vec::with_capacity(target);
        let mut fys: Vec<FinancialYear> = Vec::new();

        for i in 0..target {
            let k = i + wd0;
            let (week, dow) = (k / 5, k % 5);
            let Some(date) = date_from_number(monday0 + 7 * week as i64 + dow as i64) else {
                break; // beyond chrono's range: cut the horizon short
            };
            let fy_year = fy_start_year(date);
            if fys.last().is_none_or(|fy| fy.start_year() != fy_year) {
                fys.push(financial_year(fy_year, i));
            }
            if let Some(fy) = fys.last_mut() {
                fy.n_days += 1;
            }
            dates.push(date);
            day_week.push(u32::try_from(week).unwrap_or(u32::MAX));
            day_fy.push(u8::try_from(fys.len() - 1).unwrap_or(u8::MAX));
            day_month.push(date.month() as u8);
            day_holiday.push(holidays.binary_search(&date).is_ok());
        }

        let n_weeks = day_week.last().map_or(0, |w| *w as usize + 1);
        let week_fridays = (0..n_weeks)
            .map(|w| {
                date_from_number(monday0 + 7 * w as i64 + 4).unwrap_or_else(|| {
                    // Only at the very end of chrono's range: label by the last day.
                    let last = ((5 * w + 4).saturating_sub(wd0)).min(dates.len() - 1);
                    dates[last]
                })
            })
            .collect();

        Calendar {
            start,
            weeks,
            monday0,
            wd0,
            dates,
            day_week,
            day_fy,
            day_month,
            day_holiday,
            week_fridays,
            fys,
            holidays,
        }
    }

    /// The scenario start date as given (day 0 may be later; see [`first_date`](Self::first_date)).
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The horizon in weeks as requested (after capping at [`MAX_WEEKS`]); for a horizon
    /// given by its end date, the weeks it touches.
    pub fn weeks_requested(&self) -> u32 {
        self.weeks
    }

    /// The date of day 0, or `None` for an empty calendar.
    pub fn first_date(&self) -> Option<NaiveDate> {
        self.dates.first().copied()
    }

    /// The date of the last simulated day, or `None` for an empty calendar.
    pub fn last_date(&self) -> Option<NaiveDate> {
        self.dates.last().copied()
    }

    /// Number of simulated days (weekdays, bank holidays included).
    pub fn n_days(&self) -> usize {
        self.dates.len()
    }

    /// Number of weeks reported (week 0 may be partial).
    pub fn n_weeks(&self) -> usize {
        self.week_fridays.len()
    }

    /// The calendar date of a day index.
    ///
    /// Days beyond the horizon are extrapolated over weekdays (useful for
    /// labelling events after the end); the result saturates at chrono's
    /// maximum date.
    pub fn date(&self, day: usize) -> NaiveDate {
        match self.dates.get(day) {
            Some(d) => *d,
            None => {
                let k = day.saturating_add(self.wd0);
                let n = self
                    .monday0
                    .saturating_add(7i64.saturating_mul((k / 5) as i64))
                    .saturating_add((k % 5) as i64);
                date_from_number(n).unwrap_or(NaiveDate::MAX)
            }
        }
    }

    /// The date of a day index, or `None` if the day is beyond the horizon.
    pub fn get_date(&self, day: usize) -> Option<NaiveDate> {
        self.dates.get(day).copied()
    }

    /// The week index of a day. Beyond the horizon this continues counting weeks.
    pub fn week_of(&self, day: usize) -> usize {
        match self.day_week.get(day) {
            Some(w) => *w as usize,
            None => day.saturating_add(self.wd0) / 5,
        }
    }

    /// The Friday labelling a week (also for a partial week 0).
    ///
    /// Weeks beyond the horizon are extrapolated, saturating at chrono's maximum date.
    pub fn week_friday(&self, week: usize) -> NaiveDate {
        match self.week_fridays.get(week) {
            Some(d) => *d,
            None => {
                let week = i64::try_from(week).unwrap_or(i64::MAX);
                let n = self.monday0.saturating_add(7i64.saturating_mul(week)).saturating_add(4);
                date_from_number(n).unwrap_or(NaiveDate::MAX)
            }
        }
    }

    /// The simulated days of a week, as a range of day indices.
    ///
    /// Week 0 may be shorter than five days; a week beyond the horizon gives an
    /// empty range at `n_days()`.
    pub fn week_days(&self, week: usize) -> Range<usize> {
        let n = self.n_days();
        let lo = week.saturating_mul(5).saturating_sub(self.wd0).min(n);
        let hi = week.saturating_mul(5).saturating_add(5).saturating_sub(self.wd0).min(n);
        lo..hi
    }

    /// Number of days in a week that carry working capacity (not bank holidays).
    pub fn week_capacity_days(&self, week: usize) -> usize {
        let r = self.week_days(week);
        self.day_holiday[r].iter().filter(|h| !**h).count()
    }

    /// Whether a day is a bank holiday (a simulated day with no working capacity).
    ///
    /// Days beyond the horizon are checked against the holidays given to [`Calendar::new`].
    pub fn is_bank_holiday(&self, day: usize) -> bool {
        match self.day_holiday.get(day) {
            Some(h) => *h,
            None => self.holidays.binary_search(&self.date(day)).is_ok(),
        }
    }

    /// Whether a day is the first simulated day of its week (day 0 always is).
    pub fn first_day_of_week(&self, day: usize) -> bool {
        day == 0 || day.saturating_add(self.wd0) % 5 == 0
    }

    /// The index into [`financial_years`](Self::financial_years) of a day's financial year.
    ///
    /// Must be called with `day < n_days()`; larger days give the last financial
    /// year's index (0 for an empty calendar) rather than panicking.
    pub fn fy_of(&self, day: usize) -> usize {
        match self.day_fy.get(day) {
            Some(f) => *f as usize,
            None => self.fys.len().saturating_sub(1),
        }
    }

    /// The financial years touched by the horizon, in order. Empty for an empty calendar.
    pub fn financial_years(&self) -> &[FinancialYear] {
        &self.fys
    }

    /// The calendar month (1 to 12) of a day. Beyond the horizon, of the extrapolated date.
    pub fn month_of(&self, day: usize) -> u32 {
        match self.day_month.get(day) {
            Some(m) => u32::from(*m),
            None => self.date(day).month(),
        }
    }

    /// The calendar quarter (1 to 4, January-March being 1) of a day.
    pub fn quarter_of(&self, day: usize) -> u32 {
        (self.month_of(day) - 1) / 3 + 1
    }

    /// The financial-year quarter (1 to 4, April-June being 1) of a day.
    pub fn fy_quarter_of(&self, day: usize) -> u32 {
        (self.month_of(day) + 8) % 12 / 3 + 1
    }

    /// The first simulated day on or after `date`: `Some(0)` for any date up to day 0,
    /// `None` if the date is after the last simulated day.
    pub fn day_index_on_or_after(&self, date: NaiveDate) -> Option<usize> {
        let first = self.first_date()?;
        let idx = usize::try_from(weekdays_between(first, date).max(0)).ok()?;
        (idx < self.n_days()).then_some(idx)
    }

    /// The day index of a date that is itself a simulated day (a weekday within the
    /// horizon); `None` otherwise.
    pub fn day_index_of(&self, date: NaiveDate) -> Option<usize> {
        let idx = self.day_index_on_or_after(date)?;
        (self.dates[idx] == date).then_some(idx)
    }

    /// The signed number of working days from day 0 to `date`: the day index a
    /// weekday would have, negative before the start.
    ///
    /// An item that began on a date before the start gets a negative index, so its
    /// age in working days on day `d` is `d as i64 - signed_day_index(began)`.
    /// For an empty calendar the scenario start is used as day 0.
    pub fn signed_day_index(&self, date: NaiveDate) -> i64 {
        let first = self.first_date().unwrap_or(self.start);
        weekdays_between(first, date)
    }

    /// The index of the week (Monday to Sunday) containing `date`, or `None` if that
    /// week is before week 0 or after the last week.
    pub fn week_containing(&self, date: NaiveDate) -> Option<usize> {
        let monday = day_number(date) - weekday_index(date) as i64;
        let diff = monday - self.monday0;
        if diff < 0 {
            return None;
        }
        let week = usize::try_from(diff / 7).ok()?;
        (week < self.n_weeks()).then_some(week)
    }

    /// Number of weekdays `d` with `a <= d < b`; negative (minus the count of
    /// `b <= d < a`) if `b < a`. Same as the free function [`weekdays_between`].
    pub fn weekdays_between(a: NaiveDate, b: NaiveDate) -> i64 {
        weekdays_between(a, b)
    }

    /// Week index of each simulated day.
    pub fn day_week(&self) -> &[u32] {
        &self.day_week
    }

    /// Financial-year index (into [`financial_years`](Self::financial_years)) of each simulated day.
    pub fn day_fy(&self) -> &[u8] {
        &self.day_fy
    }

    /// Calendar month (1 to 12) of each simulated day.
    pub fn day_month(&self) -> &[u8] {
        &self.day_month
    }

    /// Bank-holiday flag of each simulated day.
    pub fn day_holiday(&self) -> &[bool] {
        &self.day_holiday
    }

    /// Date of each simulated day.
    pub fn dates(&self) -> &[NaiveDate] {
        &self.dates
    }

    /// The Friday label of each week.
    pub fn week_fridays(&self) -> &[NaiveDate] {
        &self.week_fridays
    }
}

/// Day 0 of a horizon from `start` (its day number) and its weekday, 0 (Monday) to 4:
/// `start` itself, or the next Monday for a weekend start.
fn first_weekday(start: NaiveDate) -> (i64, usize) {
    let (n0, wd) = (day_number(start), weekday_index(start));
    if wd >= 5 { (n0 + (7 - wd as i64), 0) } else { (n0, wd) }
}

/// Days since 1 January of year 1 (chrono's `num_days_from_ce`), widened.
fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn date_from_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)
}

/// 0 for Monday through 6 for Sunday.
fn weekday_index(d: NaiveDate) -> usize {
    d.weekday().num_days_from_monday() as usize
}

/// Weekdays in `[Monday of some reference week, d)`, up to a constant shared by all dates.
fn weekday_count(d: NaiveDate) -> i64 {
    let w = weekday_index(d) as i64;
    let monday = day_number(d) - w;
    // All Mondays are congruent mod 7, so this counts whole weeks consistently.
    5 * monday.div_euclid(7) + w.min(5)
}

/// Number of weekdays `d` (Monday to Friday) with `a <= d < b`.
///
/// Negative if `b < a` (then minus the number of weekdays with `b <= d < a`), so
/// `weekdays_between(a, b) == -weekdays_between(b, a)`. Bank holidays count as
/// weekdays.
pub fn weekdays_between(a: NaiveDate, b: NaiveDate) -> i64 {
    weekday_count(b) - weekday_count(a)
}

/// The calendar year in which the UK financial year containing `date` starts
/// (2012 for any date from 2012-04-01 to 2013-03-31).
pub fn fy_start_year(date: NaiveDate) -> i32 {
    if date.month() >= 4 { date.year() } else { date.year() - 1 }
}

/// The label of the UK financial year containing `date`, such as `"2012-13"`.
pub fn fy_label(date: NaiveDate) -> String {
    fy_label_for_year(fy_start_year(date))
}

fn fy_label_for_year(y: i32) -> String {
    format!("{}-{:02}", y, (i64::from(y) + 1).rem_euclid(100))
}

fn financial_year(y: i32, first_day: usize) -> FinancialYear {
    let start = NaiveDate::from_ymd_opt(y, 4, 1).unwrap_or(NaiveDate::MIN);
    let end = y.checked_add(1).and_then(|y1| NaiveDate::from_ymd_opt(y1, 3, 31)).unwrap_or(NaiveDate::MAX);
    // Weekdays in [start, end]: weekday_count(end + 1 day) computed without a date.
    let after_end = weekday_count(end) + i64::from(weekday_index(end) < 5);
    let working_days_in_year = u32::try_from(after_end - weekday_count(start)).unwrap_or(0);
    FinancialYear { label: fy_label_for_year(y), start, end, first_day, n_days: 0, working_days_in_year }
}

mod bank_holidays;
pub use bank_holidays::{easter_sunday, england_and_wales_bank_holidays};

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Counts weekdays in [a, b) by walking, for checking the arithmetic.
    fn count_weekdays(a: NaiveDate, b: NaiveDate) -> i64 {
        a.iter_days().take_while(|d| *d < b).filter(|d| weekday_index(*d) < 5).count() as i64
    }

    #[test]
    fn monday_start_two_years() {
        let cal = Calendar::new(ymd(2011, 11, 28), 104, &[]);
        assert_eq!(cal.n_days(), 520);
        assert_eq!(cal.n_weeks(), 104);
        assert_eq!(cal.first_date(), Some(ymd(2011, 11, 28)));
        assert_eq!(cal.week_friday(0), ymd(2011, 12, 2));
        assert_eq!(cal.week_days(0), 0..5);
        assert_eq!(cal.week_days(103), 515..520);
        assert_eq!(cal.week_days(104), 520..520);
        assert_eq!(cal.last_date(), Some(cal.week_friday(103)));

        // Count the weeks to 2012-03-14 by walking Mondays.
        let mut monday = ymd(2011, 11, 28);
        let mut counted = 0;
        while monday + chrono::Days::new(6) < ymd(2012, 3, 14) {
            monday = monday + chrono::Days::new(7);
            counted += 1;
        }
        assert_eq!(counted, 15);
        assert_eq!(cal.week_containing(ymd(2012, 3, 14)), Some(15));
        assert_eq!(cal.week_friday(15), ymd(2012, 3, 16));
        assert_eq!(cal.week_containing(ymd(2012, 3, 18)), Some(15)); // Sunday
        assert_eq!(cal.week_containing(ymd(2011, 11, 27)), None);
        assert_eq!(cal.week_containing(ymd(2013, 11, 25)), None);

        // Every day's lookups agree with its date.
        for day in 0..cal.n_days() {
            let date = cal.date(day);
            assert!(weekday_index(date) < 5);
            assert_eq!(cal.week_of(day), cal.week_containing(date).unwrap());
            assert!(cal.week_days(cal.week_of(day)).contains(&day));
            assert_eq!(cal.month_of(day), date.month());
            assert_eq!(cal.financial_years()[cal.fy_of(day)].label, fy_label(date));
            assert_eq!(cal.day_index_on_or_after(date), Some(day));
            assert_eq!(cal.day_index_of(date), Some(day));
            assert_eq!(cal.signed_day_index(date), day as i64);
            assert_eq!(cal.first_day_of_week(day), date.weekday() == Weekday::Mon);
        }
    }

    #[test]
    fn financial_years_of_two_year_horizon() {
        let cal = Calendar::new(ymd(2011, 11, 28), 104, &[]);
        let fys = cal.financial_years();
        let labels: Vec<&str> = fys.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["2011-12", "2012-13", "2013-14"]);
        assert_eq!(fys[0].first_day, 0);
        assert_eq!(fys[0].start, ymd(2011, 4, 1));
        assert_eq!(fys[0].end, ymd(2012, 3, 31));
        // 2011-11-28 ..= 2012-03-30 (Friday) simulated in 2011-12.
        assert_eq!(fys[0].n_days as i64, count_weekdays(ymd(2011, 11, 28), ymd(2012, 4, 1)));
        assert_eq!(fys[1].first_day, fys[0].n_days);
        assert_eq!(cal.date(fys[1].first_day), ymd(2012, 4, 2));
        assert_eq!(fys[1].n_days as i64, count_weekdays(ymd(2012, 4, 1), ymd(2013, 4, 1)));
        assert_eq!(fys[2].first_day, fys[1].first_day + fys[1].n_days);
        assert_eq!(fys.iter().map(|f| f.n_days).sum::<usize>(), cal.n_days());
        for fy in fys {
            for day in fy.days() {
                assert_eq!(&cal.financial_years()[cal.fy_of(day)], fy);
            }
        }

        // All weekdays of 2012-04-01 ..= 2013-03-31, counted by walking.
        let counted = count_weekdays(ymd(2012, 4, 1), ymd(2013, 4, 1));
        assert_eq!(i64::from(fys[1].working_days_in_year), counted);
        assert_eq!(counted, 260); // 2012-04-01 and 2013-03-31 are both Sundays
        assert_eq!(fys[1].working_days_in_year, fys[1].n_days as u32);
        let counted_2011 = count_weekdays(ymd(2011, 4, 1), ymd(2012, 4, 1));
        assert_eq!(i64::from(fys[0].working_days_in_year), counted_2011);
        assert_eq!(counted_2011, 261); // 366 days from Friday 2011-04-01
    }

    #[test]
    fn fy_labels() {
        assert_eq!(fy_label(ymd(2012, 4, 1)), "2012-13");
        assert_eq!(fy_label(ymd(2013, 3, 31)), "2012-13");
        assert_eq!(fy_label(ymd(1999, 12, 31)), "1999-00");
        assert_eq!(fy_label(ymd(2009, 4, 1)), "2009-10");
        assert_eq!(fy_start_year(ymd(2024, 1, 5)), 2023);
    }

    #[test]
    fn weekdays_between_matches_walking() {
        let base = ymd(2011, 11, 24);
        for i in 0..30u64 {
            for j in 0..30u64 {
                let a = base + chrono::Days::new(i);
                let b = base + chrono::Days::new(j);
                let expected = if a <= b { count_weekdays(a, b) } else { -count_weekdays(b, a) };
                assert_eq!(weekdays_between(a, b), expected, "{a} {b}");
                assert_eq!(weekdays_between(a, b), -weekdays_between(b, a));
            }
        }
        assert_eq!(weekdays_between(ymd(2012, 1, 2), ymd(2012, 1, 9)), 5);
        assert_eq!(weekdays_between(ymd(2012, 1, 9), ymd(2012, 1, 2)), -5);
        assert_eq!(weekdays_between(ymd(2012, 1, 7), ymd(2012, 1, 9)), 0);
        assert_eq!(Calendar::weekdays_between(ymd(2012, 1, 6), ymd(2012, 1, 9)), 1);
        // Before 1 January of year 1 as well.
        let far = NaiveDate::from_ymd_opt(-5, 3, 1).unwrap();
        assert_eq!(weekdays_between(far, far + chrono::Days::new(14)), 10);
    }

    #[test]
    fn negative_day_index_for_items_before_start() {
        let cal = Calendar::new(ymd(2011, 11, 28), 4, &[]);
        assert_eq!(cal.signed_day_index(ymd(2011, 11, 25)), -1); // the Friday before
        assert_eq!(cal.signed_day_index(ymd(2011, 11, 21)), -5);
        assert_eq!(cal.day_index_on_or_after(ymd(2011, 1, 1)), Some(0));
        assert_eq!(cal.day_index_on_or_after(ymd(2011, 12, 3)), Some(5)); // Saturday
        assert_eq!(cal.day_index_on_or_after(ymd(2011, 12, 24)), None);
        assert_eq!(cal.day_index_of(ymd(2011, 12, 3)), None);
    }

    #[test]
    fn wednesday_start() {
        let cal = Calendar::new(ymd(2012, 3, 14), 3, &[]);
        assert_eq!(cal.n_days(), 13);
        assert_eq!(cal.n_weeks(), 3);
        assert_eq!(cal.date(0), ymd(2012, 3, 14));
        assert_eq!(cal.week_days(0), 0..3);
        assert_eq!(cal.week_days(1), 3..8);
        assert_eq!(cal.week_days(2), 8..13);
        assert_eq!(cal.week_friday(0), ymd(2012, 3, 16));
        assert_eq!(cal.date(3), ymd(2012, 3, 19));
        assert_eq!(cal.week_of(2), 0);
        assert_eq!(cal.week_of(3), 1);
        assert!(cal.first_day_of_week(0));
        assert!(!cal.first_day_of_week(1));
        assert!(cal.first_day_of_week(3));
        assert_eq!(cal.last_date(), Some(ymd(2012, 3, 30)));
        assert_eq!(cal.week_containing(ymd(2012, 3, 12)), Some(0)); // Monday before day 0
        assert_eq!(cal.day_index_on_or_after(ymd(2012, 3, 12)), Some(0));
        // Beyond the horizon: extrapolated.
        assert_eq!(cal.date(13), ymd(2012, 4, 2));
        assert_eq!(cal.week_of(13), 3);
    }

    #[test]
    fn saturday_start() {
        let cal = Calendar::new(ymd(2012, 3, 17), 2, &[]);
        assert_eq!(cal.start(), ymd(2012, 3, 17));
        assert_eq!(cal.first_date(), Some(ymd(2012, 3, 19)));
        assert_eq!(cal.n_days(), 10);
        assert_eq!(cal.week_friday(0), ymd(2012, 3, 23));
        assert_eq!(cal.week_containing(ymd(2012, 3, 17)), None);
        assert_eq!(cal.day_index_on_or_after(ymd(2012, 3, 17)), Some(0));
        assert_eq!(cal.signed_day_index(ymd(2012, 3, 16)), -1);
        let sunday = Calendar::new(ymd(2012, 3, 18), 2, &[]);
        assert_eq!(sunday.first_date(), Some(ymd(2012, 3, 19)));
    }

    #[test]
    fn financial_year_boundary_inside_week() {
        // 1 April 2014 is a Tuesday, so the week of 31 March straddles two years.
        let cal = Calendar::new(ymd(2014, 3, 24), 2, &[]);
        assert_eq!(cal.financial_years().len(), 2);
        assert_eq!(cal.financial_years()[1].first_day, 6);
        assert_eq!(cal.date(6), ymd(2014, 4, 1));
        assert_eq!(cal.week_of(6), 1);
        assert_eq!(cal.quarter_of(6), 2);
        assert_eq!(cal.quarter_of(5), 1);
        assert_eq!(cal.fy_quarter_of(6), 1);
        assert_eq!(cal.fy_quarter_of(5), 4);
        let months = [4, 4, 4, 1, 1, 1, 2, 2, 2, 3, 3, 3];
        let c = Calendar::new(ymd(2014, 1, 6), 52, &[]);
        for day in 0..c.n_days() {
            assert_eq!(c.fy_quarter_of(day), months[c.month_of(day) as usize - 1]);
        }
    }

    #[test]
    fn bank_holidays_flagged() {
        let hols = england_and_wales_bank_holidays(2011, 2013);
        let cal = Calendar::new(ymd(2011, 11, 28), 104, &hols);
        let flagged: Vec<NaiveDate> =
            (0..cal.n_days()).filter(|d| cal.is_bank_holiday(*d)).map(|d| cal.date(d)).collect();
        let expected: Vec<NaiveDate> = hols
            .iter()
            .copied()
            .filter(|d| *d >= ymd(2011, 11, 28) && *d <= cal.last_date().unwrap())
            .collect();
        assert_eq!(flagged, expected);
        assert!(cal.is_bank_holiday(cal.day_index_of(ymd(2011, 12, 26)).unwrap()));
        // Christmas week 2011: Monday and Tuesday are holidays.
        let w = cal.week_containing(ymd(2011, 12, 26)).unwrap();
        assert_eq!(cal.week_capacity_days(w), 3);
        // Beyond the horizon, looked up from the list.
        let d = cal.signed_day_index(ymd(2013, 12, 25)) as usize;
        assert!(d >= cal.n_days());
        assert!(cal.is_bank_holiday(d));
        // Weekend and duplicate holidays are ignored.
        let cal2 =
            Calendar::new(ymd(2011, 11, 28), 2, &[ymd(2011, 12, 3), ymd(2011, 12, 1), ymd(2011, 12, 1)]);
        assert_eq!(cal2.day_holiday().iter().filter(|h| **h).count(), 1);
    }

    #[test]
    fn slices_have_one_entry_per_day() {
        let cal = Calendar::new(ymd(2020, 2, 5), 60, &[]);
        assert_eq!(cal.day_week().len(), cal.n_days());
        assert_eq!(cal.day_fy().len(), cal.n_days());
        assert_eq!(cal.day_month().len(), cal.n_days());
        assert_eq!(cal.day_holiday().len(), cal.n_days());
        assert_eq!(cal.dates().len(), cal.n_days());
        assert_eq!(cal.week_fridays().len(), cal.n_weeks());
        assert_eq!(cal.n_days(), 5 * 60 - 2);
    }

    #[test]
    fn a_horizon_ending_on_31_march_covers_whole_financial_years() {
        // Tuesday 1 April 2025 to Friday 31 March 2028: three whole years, every weekday.
        let cal = Calendar::until(ymd(2025, 4, 1), ymd(2028, 3, 31), &[]);
        let fys = cal.financial_years();
        assert_eq!(
            fys.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(),
            ["2025-26", "2026-27", "2027-28"]
        );
        for fy in fys {
            assert_eq!(fy.n_days, fy.working_days_in_year as usize, "{}", fy.label);
        }
        assert_eq!(cal.n_days() as i64, count_weekdays(ymd(2025, 4, 1), ymd(2028, 4, 1)));
        assert_eq!(cal.last_date(), Some(ymd(2028, 3, 31)));
        // One year ending on a Tuesday: the last week is a part week of two days,
        // labelled by its Friday like a part week 0.
        let one = Calendar::until(ymd(2025, 4, 1), ymd(2026, 3, 31), &[]);
        assert_eq!(one.financial_years().len(), 1);
        assert_eq!(one.n_days(), 261);
        assert_eq!(one.n_weeks(), 53);
        assert_eq!(one.week_days(52).len(), 2);
        assert_eq!(one.week_friday(52), ymd(2026, 4, 3));
        // An end at a weekend stops at the Friday before; an end before the start is empty.
        assert_eq!(Calendar::until(ymd(2025, 4, 1), ymd(2025, 4, 6), &[]).n_days(), 4);
        assert_eq!(Calendar::until(ymd(2025, 4, 5), ymd(2025, 4, 6), &[]).n_days(), 0);
        assert_eq!(Calendar::until(ymd(2025, 4, 1), ymd(2025, 3, 6), &[]).n_weeks(), 0);
    }

    #[test]
    fn empty_and_extreme_calendars_do_not_panic() {
        let empty = Calendar::new(ymd(2012, 1, 4), 0, &[]);
        assert_eq!(empty.n_days(), 0);
        assert_eq!(empty.n_weeks(), 0);
        assert!(empty.financial_years().is_empty());
        assert_eq!(empty.fy_of(3), 0);
        assert_eq!(empty.week_days(0), 0..0);
        assert_eq!(empty.day_index_on_or_after(ymd(2012, 1, 4)), None);
        assert_eq!(empty.week_containing(ymd(2012, 1, 4)), None);
        let _ = (empty.date(10), empty.week_friday(3), empty.is_bank_holiday(2));

        let capped = Calendar::new(ymd(2012, 1, 4), u32::MAX, &[]);
        assert_eq!(capped.n_weeks(), MAX_WEEKS as usize);

        let near_max = NaiveDate::MAX - chrono::Days::new(40);
        for start in [NaiveDate::MIN, NaiveDate::MAX, near_max, NaiveDate::MIN + chrono::Days::new(3)] {
            for weeks in [0, 1, 2, MAX_WEEKS] {
                let end =
                    start.checked_add_days(chrono::Days::new(u64::from(weeks) * 7)).unwrap_or(NaiveDate::MAX);
                let by_end = Calendar::until(start, end, &[start]);
                assert!(by_end.n_weeks() <= MAX_WEEKS as usize + 1);
                let cal = Calendar::new(start, weeks, &[start]);
                for day in [0, 1, cal.n_days(), usize::MAX] {
                    let _ = (cal.date(day), cal.week_of(day), cal.fy_of(day), cal.month_of(day));
                    let _ = (cal.is_bank_holiday(day), cal.first_day_of_week(day), cal.quarter_of(day));
                }
                for week in [0, cal.n_weeks(), usize::MAX] {
                    let _ = (cal.week_friday(week), cal.week_days(week), cal.week_capacity_days(week));
                }
                let _ = (cal.week_containing(start), cal.day_index_on_or_after(start));
                let _ = (cal.signed_day_index(NaiveDate::MAX), cal.signed_day_index(NaiveDate::MIN));
                assert_eq!(cal.financial_years().iter().map(|f| f.n_days).sum::<usize>(), cal.n_days());
            }
        }
        let _ = england_and_wales_bank_holidays(i32::MAX - 1, i32::MAX);
        let _ = england_and_wales_bank_holidays(NaiveDate::MAX.year() - 1, NaiveDate::MAX.year());
        let _ = england_and_wales_bank_holidays(NaiveDate::MIN.year(), NaiveDate::MIN.year() + 1);
        assert!(england_and_wales_bank_holidays(2013, 2012).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_start_and_horizon_is_consistent(
            n in NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce(),
            weeks in 0..=MAX_WEEKS,
        ) {
            let start = NaiveDate::from_num_days_from_ce_opt(n).unwrap();
            let cal = Calendar::new(start, weeks, &[start]);
            proptest::prop_assert!(cal.n_days() <= 5 * weeks as usize);
            proptest::prop_assert!(cal.n_weeks() <= weeks as usize);
            let mut next = 0;
            for w in 0..cal.n_weeks() {
                let r = cal.week_days(w);
                proptest::prop_assert_eq!(r.start, next);
                proptest::prop_assert!(!r.is_empty());
                next = r.end;
            }
            proptest::prop_assert_eq!(next, cal.n_days());
            let fy_days: usize = cal.financial_years().iter().map(|f| f.n_days).sum();
            proptest::prop_assert_eq!(fy_days, cal.n_days());
            if let Some(first) = cal.first_date() {
                proptest::prop_assert!(first >= start && weekdays_between(start, first) <= 1);
                let last = cal.last_date().unwrap();
                proptest::prop_assert_eq!(weekdays_between(first, last) + 1, cal.n_days() as i64);
            }
        }
    }

    fn dates(y: i32, md: &[(u32, u32)]) -> Vec<NaiveDate> {
        md.iter().map(|(m, d)| ymd(y, *m, *d)).collect()
    }

    #[test]
    fn bank_holidays_known_years() {
        let cases: &[(i32, &[(u32, u32)])] = &[
            (2011, &[(1, 3), (4, 22), (4, 25), (4, 29), (5, 2), (5, 30), (8, 29), (12, 26), (12, 27)]),
            (2012, &[(1, 2), (4, 6), (4, 9), (5, 7), (6, 4), (6, 5), (8, 27), (12, 25), (12, 26)]),
            (2016, &[(1, 1), (3, 25), (3, 28), (5, 2), (5, 30), (8, 29), (12, 26), (12, 27)]),
            (2020, &[(1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)]),
            (2021, &[(1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)]),
            (2022, &[(1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27)]),
            (2023, &[(1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)]),
            (2024, &[(1, 1), (3, 29), (4, 1), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)]),
            (2025, &[(1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)]),
        ];
        for (year, md) in cases {
            assert_eq!(england_and_wales_bank_holidays(*year, *year), dates(*year, md), "{year}");
        }
        let two = england_and_wales_bank_holidays(2011, 2012);
        assert_eq!(two.len(), 18);
        assert!(two.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn easter_dates() {
        let known = [
            (1995, 4, 16),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2038, 4, 25),
            (2285, 3, 22),
        ];
        for (y, m, d) in known {
            assert_eq!(easter_sunday(y), Some(ymd(y, m, d)));
        }
    }
}
