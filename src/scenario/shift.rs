//! Moving a scenario in time: a new start date moves every dated item by the same amount
//! (pods, campaigns, the early help team, the pay award, questions, actuals, the end date
//! and the budget years), and [`outside_horizon`] names dated items that fall outside the
//! simulated days.
//!
//! The shift works on the scenario as a document (the JSON form of the TOML, as the web
//! app holds it), so that everything else stays exactly as written.
//!
//! - A whole number of years (the same day and month, another year) moves every date by
//!   those years (29 February becomes 28 February) and every budget year by as many years.
//! - Any other shift moves every date by the same number of days, and the budget years by
//!   the financial years the start moves across (a budget is a whole year: it cannot move
//!   by days), which the result says.

use crate::calendar::fy_start_year;
use crate::error::Problem;
use crate::scenario::{LINES, Scenario};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use serde_json::Value;

/// What a shift moved, for the user to read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shifted {
    /// Each moved item: (path, old value, new value).
    pub moved: Vec<(String, String, String)>,
    /// How the budget years moved, and anything left as it was, in words.
    pub note: String,
}

/// Moves the scenario `doc` so that it starts on `to` instead of its `start`.
pub fn shift(doc: &mut Value, to: NaiveDate) -> Result<Shifted, String> {
    let from = date_at(doc, "start").ok_or("start: the scenario has no start date to move from")?;
    shift_from(doc, from, to)
}

/// As [`shift`], with the old start given (the document may already hold the new one).
pub fn shift_from(doc: &mut Value, from: NaiveDate, to: NaiveDate) -> Result<Shifted, String> {
    let years = to.year() - from.year();
    let whole_years = (to.month(), to.day()) == (from.month(), from.day());
    let days = (to - from).num_days();
    let move_date = |d: NaiveDate| -> NaiveDate {
        if whole_years {
            d.with_year(d.year() + years)
                .or_else(|| NaiveDate::from_ymd_opt(d.year() + years, 2, 28))
                .unwrap_or(d)
        } else {
            d + Duration::days(days)
        }
    };
    let fy_years = fy_start_year(to) - fy_start_year(from);
    let mut moved = Vec::new();
    let obj = doc.as_object_mut().ok_or("the scenario is not a table")?;
    obj.insert("start".into(), Value::String(to.to_string()));
    moved.push(("start".to_string(), from.to_string(), to.to_string()));

    let mut paths: Vec<String> = vec!["end".into(), "costs.pay_award_from".into(), "actuals.to".into()];
    paths.extend(["early_help.start", "early_help.end"].map(String::from));
    for (list, keys) in
        [("pods", &["start", "end"][..]), ("recruitment.campaigns", &["start", "end"]), ("events", &["on"])]
    {
        let n = get(doc, list).and_then(Value::as_array).map_or(0, Vec::len);
        for i in 0..n {
            paths.extend(keys.iter().map(|k| format!("{list}[{i}].{k}")));
        }
    }
    for path in paths {
        let Some(old) = date_at(doc, &path) else { continue };
        let new = move_date(old);
        if let Some(slot) = get_mut(doc, &path) {
            *slot = Value::String(new.to_string());
            moved.push((path, old.to_string(), new.to_string()));
        }
    }

    // Budget years: each line's financial-year keys, renamed.
    let by = if whole_years { years } else { fy_years };
    for line in LINES {
        let path = format!("budget.{line}");
        let Some(map) = get_mut(doc, &path).and_then(Value::as_object_mut) else { continue };
        let old: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
        for (label, v) in old {
            let new = match fy_first_year(&label) {
                Some(y) if by != 0 => format!("{}-{:02}", y + by, (y + by + 1).rem_euclid(100)),
                _ => label.clone(),
            };
            if new != label {
                moved.push((format!("{path}.{label}"), label.clone(), new.clone()));
            }
            map.insert(new, v);
        }
    }

    let mut note = if whole_years {
        format!(
            "Moved every date and budget year by {years} year{}.",
            if years.abs() == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "Moved every date by {days} days and the budget years by {fy_years} financial year{} (a budget covers a whole year, so it moves with the financial year the start falls in).",
            if fy_years.abs() == 1 { "" } else { "s" }
        )
    };
    if matches!(get(doc, "bank_holidays"), Some(Value::Array(a)) if !a.is_empty()) {
        note.push_str(" The listed bank holidays were left as they are: check them for the new dates.");
    }
    Ok(Shifted { moved, note })
}

/// Dated items that fall outside the simulated days, each named by its path with the date
/// and the horizon. These are warnings, not errors: a shortened horizon that stops before a
/// pod starts is a fair question, but after a new start date they are usually left behind.
pub fn outside_horizon(scenario: &Scenario) -> Vec<Problem> {
    let input = scenario.input();
    let cal = scenario.calendar();
    let (Some(first), Some(last)) = (cal.first_date(), cal.last_date()) else { return Vec::new() };
    let horizon = format!("the simulated days {first} to {last}");
    let mut out = Vec::new();
    let mut span = |path: String, what: &str, start: NaiveDate, end: Option<NaiveDate>| {
        let end_ = end.unwrap_or(start);
        if end_ < first || start > last {
            let dates = match end {
                Some(e) if e != start => format!("{start} to {e}"),
                _ => start.to_string(),
            };
            out.push(Problem::new(path, format!("{what} {dates} falls outside {horizon}")));
        }
    };
    for (i, p) in input.pods.iter().enumerate() {
        span(format!("pods[{i}].start"), &label("the pod", &p.name), p.start, Some(p.end));
    }
    for (i, c) in input.recruitment.campaigns.iter().enumerate() {
        span(
            format!("recruitment.campaigns[{i}].start"),
            &label("the campaign", &c.name),
            c.start,
            Some(c.end),
        );
    }
    if let Some(e) = &input.early_help {
        span("early_help.start".into(), "the early help team", e.start, Some(e.end.unwrap_or(last)));
    }
    if let Some(from) = input.costs.pay_award_from {
        // Awards recur yearly from this date: stale only if it is a year or more before the
        // start (copied from another scenario) or after the horizon (no award at all).
        if from > last || from + Duration::days(366) <= first {
            out.push(Problem::new(
                "costs.pay_award_from",
                format!("the pay award date {from} is not within a year of {horizon}"),
            ));
        }
    }
    let fys: Vec<&str> = cal.financial_years().iter().map(|f| f.label.as_str()).collect();
    let b = &input.budget;
    let maps = [
        &b.permanent_staffing,
        &b.agency_staffing,
        &b.peripatetic_pods,
        &b.recruitment,
        &b.early_help,
        &b.placements,
    ];
    for (line, map) in LINES.iter().zip(maps) {
        for label in map.keys().filter(|l| fy_first_year(l).is_some() && !fys.contains(&l.as_str())) {
            out.push(Problem::new(
                format!("budget.{line}.{label}"),
                format!(
                    "the budget year {label} is not one of the simulated financial years ({})",
                    fys.join(", ")
                ),
            ));
        }
    }
    out
}

fn label(what: &str, name: &str) -> String {
    if name.trim().is_empty() { what.to_string() } else { format!("{what} \"{name}\"") }
}

/// "2012-13" -> 2012.
fn fy_first_year(label: &str) -> Option<i32> {
    let (a, b) = label.split_once('-')?;
    let y: i32 = a.parse().ok()?;
    (a.len() == 4 && b.len() == 2 && b.parse::<i32>().ok()? == (y + 1) % 100).then_some(y)
}

fn date_at(doc: &Value, path: &str) -> Option<NaiveDate> {
    get(doc, path)?.as_str()?.parse().ok()
}

/// `a.b[0].c` in a document.
fn get<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = doc;
    for seg in path.split('.') {
        let (key, index) = split_index(seg);
        cur = cur.get(key)?;
        if let Some(i) = index {
            cur = cur.get(i)?;
        }
    }
    Some(cur)
}

fn get_mut<'a>(doc: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut cur = doc;
    for seg in path.split('.') {
        let (key, index) = split_index(seg);
        cur = cur.get_mut(key)?;
        if let Some(i) = index {
            cur = cur.get_mut(i)?;
        }
    }
    Some(cur)
}

fn split_index(seg: &str) -> (&str, Option<usize>) {
    match seg.split_once('[') {
        Some((k, rest)) => (k, rest.trim_end_matches(']').parse().ok()),
        None => (seg, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;

    fn preset_doc() -> Value {
        let t: toml::Table = toml::from_str(presets::text("peterborough-2012").unwrap()).unwrap();
        serde_json::to_value(t).unwrap()
    }

    fn validate(doc: &Value) -> Scenario {
        Scenario::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn whole_years_move_every_date_and_budget_year_by_years() {
        let mut doc = preset_doc();
        let before = validate(&doc);
        assert!(outside_horizon(&before).is_empty(), "{:?}", outside_horizon(&before));
        let r = shift(&mut doc, NaiveDate::from_ymd_opt(2025, 11, 28).unwrap()).unwrap();
        assert_eq!(doc["pods"][0]["start"], "2026-01-18");
        assert_eq!(doc["recruitment"]["campaigns"][0]["end"], "2026-09-28");
        assert_eq!(doc["costs"]["pay_award_from"], "2027-04-01");
        assert!(doc["budget"]["placements"].get("2026-27").is_some());
        assert!(doc["budget"]["placements"].get("2012-13").is_none());
        assert!(r.note.contains("14 years"), "{}", r.note);
        let after = validate(&doc);
        assert!(outside_horizon(&after).is_empty(), "{:?}", outside_horizon(&after));
        // Amounts and everything undated are as they were.
        assert_eq!(doc["budget"]["placements"]["2026-27"], preset_doc()["budget"]["placements"]["2012-13"]);
        assert_eq!(doc["workforce"], preset_doc()["workforce"]);
    }

    #[test]
    fn other_shifts_move_dates_by_days_and_budgets_by_financial_years() {
        let mut doc = preset_doc();
        // 28 Nov 2011 -> 2 Apr 2012: 126 days, and the start moves from 2011-12 to 2012-13.
        let r = shift(&mut doc, NaiveDate::from_ymd_opt(2012, 4, 2).unwrap()).unwrap();
        assert_eq!(doc["pods"][0]["start"], "2012-05-23");
        assert!(doc["budget"]["placements"].get("2014-15").is_some());
        assert!(r.note.contains("126 days") && r.note.contains("by 1 financial year"), "{}", r.note);
        // The 104 weeks from April 2012 end in March 2014: the moved 2013-14 budgets become
        // 2014-15, beyond the horizon, and are flagged.
        let flagged = outside_horizon(&validate(&doc));
        assert!(!flagged.is_empty() && flagged.iter().all(|p| p.path.ends_with(".2014-15")), "{flagged:?}");
    }

    #[test]
    fn a_new_start_alone_leaves_items_outside_the_horizon_and_says_which() {
        let mut doc = preset_doc();
        doc["start"] = Value::String("2025-11-24".into());
        doc.as_object_mut().unwrap().remove("events"); // questions out of the horizon are errors
        let found = outside_horizon(&validate(&doc));
        let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
        // The early help team has no end: started in 2012, it still runs, so it is not flagged.
        for p in ["pods[0].start", "recruitment.campaigns[0].start", "costs.pay_award_from"] {
            assert!(paths.contains(&p), "{p} in {paths:?}");
        }
        assert!(paths.contains(&"budget.placements.2012-13"), "{paths:?}");
        let pod = found.iter().find(|p| p.path == "pods[0].start").unwrap();
        assert!(
            pod.message.contains("2012-01-18 to 2012-07-13 falls outside the simulated days 2025-11-24"),
            "{pod}"
        );
    }
}
