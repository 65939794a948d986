//! Bank holidays in England and Wales by rule (Easter by the Gregorian computus, the
//! fixed and Monday holidays with their substitutes) and the known one-off changes.

use super::weekday_index;
use chrono::{Datelike, NaiveDate, Weekday};

/// Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
///
/// `None` only if the date is outside chrono's range.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// Bank holidays in England and Wales for the calendar years `from_year..=to_year`,
/// sorted, without duplicates.
///
/// Computed by rule: New Year's Day (substitute Monday if at a weekend), Good
/// Friday and Easter Monday (Gregorian computus), the early May bank holiday
/// (first Monday of May), the spring bank holiday (last Monday of May), the summer
/// bank holiday (last Monday of August), Christmas Day and Boxing Day (with
/// substitute days). The known one-off changes are applied:
///
/// * 1981-07-29 royal wedding; 1999-12-31 millennium;
/// * 1995 and 2020: early May holiday moved to 8 May (VE day);
/// * 2002: spring holiday moved to 4 June, plus 3 June (golden jubilee);
/// * 2011-04-29 royal wedding;
/// * 2012: spring holiday moved to 4 June, plus 5 June (diamond jubilee);
/// * 2022: spring holiday moved to 2 June, plus 3 June (platinum jubilee) and
///   19 September (state funeral);
/// * 2023-05-08 coronation.
///
/// The present-day rules (in force since 1978) are applied to every year, so
/// earlier years are not historically accurate; future one-off changes are of
/// course unknown. Years outside chrono's range are skipped; `from_year > to_year`
/// gives an empty list.
pub fn england_and_wales_bank_holidays(from_year: i32, to_year: i32) -> Vec<NaiveDate> {
    let lo = from_year.max(NaiveDate::MIN.year());
    let hi = to_year.min(NaiveDate::MAX.year());
    let mut out = Vec::new();
    if lo > hi {
        return out;
    }
    for year in lo..=hi {
        year_holidays(year, &mut out);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn year_holidays(year: i32, out: &mut Vec<NaiveDate>) {
    let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let mut push = |d: Option<NaiveDate>| {
        if let Some(d) = d {
            out.push(d);
        }
    };

    // New Year's Day, or the Monday after if it falls at a weekend.
    push(ymd(1, 1).map(next_weekday));

    // Easter.
    if let Some(easter) = easter_sunday(year) {
        push(easter.checked_sub_days(chrono::Days::new(2)));
        push(easter.checked_add_days(chrono::Days::new(1)));
    }

    // Early May bank holiday.
    match year {
        1995 | 2020 => push(ymd(5, 8)),
        _ => push(ymd(5, 1).map(|d| first_on_or_after(d, Weekday::Mon))),
    }

    // Spring bank holiday and jubilees.
    match year {
        2002 => {
            push(ymd(6, 3));
            push(ymd(6, 4));
        }
        2012 => {
            push(ymd(6, 4));
            push(ymd(6, 5));
        }
        2022 => {
            push(ymd(6, 2));
            push(ymd(6, 3));
        }
        _ => push(ymd(5, 31).map(|d| last_on_or_before(d, Weekday::Mon))),
    }

    // Summer bank holiday.
    push(ymd(8, 31).map(|d| last_on_or_before(d, Weekday::Mon)));

    // Christmas and Boxing Day with substitutes.
    if let Some(christmas) = ymd(12, 25) {
        let (c, b) = match christmas.weekday() {
            Weekday::Fri => (25, 28), // Boxing Day on Saturday: Monday
            Weekday::Sat => (27, 28), // both at the weekend: Monday and Tuesday
            Weekday::Sun => (27, 26), // Boxing Day on Monday; Christmas on Tuesday
            _ => (25, 26),
        };
        push(ymd(12, c));
        push(ymd(12, b));
    }

    // Other one-off holidays.
    let extra: &[(u32, u32)] = match year {
        1981 => &[(7, 29)],
        1999 => &[(12, 31)],
        2011 => &[(4, 29)],
        2022 => &[(9, 19)],
        2023 => &[(5, 8)],
        _ => &[],
    };
    for (m, d) in extra {
        push(ymd(*m, *d));
    }
}

/// The date itself if a weekday, otherwise the following Monday (saturating at chrono's maximum).
fn next_weekday(d: NaiveDate) -> NaiveDate {
    if weekday_index(d) < 5 { d } else { first_on_or_after(d, Weekday::Mon) }
}

fn first_on_or_after(d: NaiveDate, wd: Weekday) -> NaiveDate {
    let ahead = (7 + wd.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
    d.checked_add_days(chrono::Days::new(u64::from(ahead))).unwrap_or(NaiveDate::MAX)
}

fn last_on_or_before(d: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (7 + d.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    d.checked_sub_days(chrono::Days::new(u64::from(back))).unwrap_or(NaiveDate::MIN)
}
