//! Start from your council: DfE's published figures for every English council
//! ([`data`]), the figure set a finance officer fills in ([`figures`]), national defaults
//! for the rest ([`defaults`]) and the derivation of a complete, steady scenario
//! ([`derive`]). The template is a CSV (here) or an xlsx workbook (`report::template`).

pub mod data;
pub mod defaults;
pub mod derive;
pub mod figures;
pub mod form;

pub use data::{ATTRIBUTION, Published};
pub use derive::{Derived, Targets, derive};
pub use figures::{Entry, FIGURES, Figure, Figures, Kind, Origin, Value};

use crate::error::Problems;
use chrono::NaiveDate;

/// The figures DfE publishes for a council in a year, each citing its source.
pub fn from_published(p: &Published) -> Figures {
    let mut f = Figures::default();
    let y = p.year;
    let w = format!("[W] DfE children's social work workforce, 30 Sep {y}");
    let n = format!("[N] DfE children in need, year to 31 Mar {y}");
    let l = format!("[L] DfE children looked after, year to 31 Mar {y}");
    f.set("council", Value::Text(p.la_name.clone()), Origin::Published(w.clone()));
    f.set("la_code", Value::Text(p.la_code.clone()), Origin::Published(w.clone()));
    if let Some(d) = NaiveDate::from_ymd_opt(y, 9, 30) {
        f.set("census_date", Value::Date(d), Origin::Published(w.clone()));
    }
    let pct = |x: Option<f64>| x.map(|v| v / 100.0);
    let items: [(&str, Option<f64>, &String); 17] = [
        ("social_workers_fte", p.inpost_fte, &w),
        ("agency_fte", p.agency_fte, &w),
        ("vacancies_fte", p.vacancy_fte, &w),
        ("starters_fte", p.starters_fte, &w),
        ("leavers_fte", p.leavers_fte, &w),
        ("turnover", pct(p.turnover_rate_fte), &w),
        ("case_holders_fte", p.case_holders_fte, &w),
        ("cases", p.cases, &w),
        ("referrals_per_year", p.referral_count, &n),
        ("no_further_action", pct(p.no_further_action_percent), &n),
        ("not_in_need", pct(p.not_in_need_percent), &n),
        ("children_in_need", p.children_in_need_at_31_march, &n),
        ("cp_plans", p.cp_plans_at_31_march, &n),
        ("children_under_18", p.children_under_18, &l),
        ("looked_after", p.looked_after_31_march, &l),
        ("lac_started_per_year", p.started_in_year, &l),
        ("lac_ceased_per_year", p.ceased_in_year, &l),
    ];
    for (k, v, src) in items {
        if let Some(v) = v {
            f.set(k, Value::Number(v), Origin::Published(src.clone()));
        }
    }
    // A leaver count without an in-post figure gives no turnover; keep DfE's rate then.
    if p.inpost_fte.is_some_and(|x| x <= 0.0) {
        f.set("leavers_fte", Value::Number(0.0), Origin::Published(w));
    }
    f
}

/// A council's published figures, by name or ONS code, for `year` (default: the latest).
pub fn for_council(query: &str, year: Option<i32>) -> Result<(Figures, Published), String> {
    let p = data::find(query, year)?;
    let england = data::england(p.year).ok_or("no England row for that year")?;
    Ok((from_published(&p), england))
}

/// The England row for national rates to go with figures of `year` (the latest not after it).
pub fn england_for(year: Option<i32>) -> Result<Published, String> {
    let latest = data::latest_year();
    let y = year.map(|y| y.min(latest)).unwrap_or(latest);
    (y..=latest)
        .chain((0..y).rev())
        .find_map(data::england)
        .ok_or_else(|| "no England row in the data".into())
}

/// The financial years a scenario from these figures covers (for the template's budget rows).
pub fn years_for(fig: &Figures) -> Vec<String> {
    use chrono::Datelike;
    let census = fig
        .date("census_date")
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(data::latest_year(), 9, 30).unwrap_or_default());
    let start = census + chrono::Duration::days(1);
    let first = if start.month() >= 4 { start.year() } else { start.year() - 1 };
    let last = fig
        .date("end_date")
        .map(|e| if e.month() >= 4 { e.year() } else { e.year() - 1 })
        .unwrap_or(first + 2);
    (first..=last).map(derive::fy).collect()
}

/// The template's rows: (figure, value, unit, source, help), every figure of the set and
/// the budget rows of the scenario's years, filled where a value is known.
pub fn template_rows(fig: &Figures) -> Vec<[String; 5]> {
    let mut rows = Vec::new();
    let mut push = |key: &str, unit: &str, help: &str| {
        let (value, source) = match fig.get(key) {
            Some(e) => (figures::show_as(key, &e.value), fig.source(key).unwrap_or_default()),
            None => (String::new(), String::new()),
        };
        rows.push([key.to_string(), value, unit.to_string(), source, help.to_string()]);
    };
    for f in FIGURES {
        push(f.key, f.unit, f.help);
    }
    for (key, help) in figures::budget_keys(&years_for(fig)) {
        push(&key, "£", &help);
    }
    rows
}

/// The template as CSV, with a first line naming the columns.
pub fn template_csv(fig: &Figures) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["figure", "value", "unit", "source", "help"]);
    for r in template_rows(fig) {
        let _ = w.write_record(&r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Reads a filled template (CSV: a `figure` and a `value` column; others ignored) on top
/// of `base` (the published figures, or empty). A value that differs from the published
/// one, or has none, is the user's; problems name the figure and the value as written.
pub fn read_template(text: &str, base: Figures) -> Result<Figures, Vec<crate::Problem>> {
    let mut fig = base.clone();
    let mut problems = Problems::new();
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = r.headers().cloned().unwrap_or_default();
    let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let sc = col("source");
    let (Some(kc), Some(vc)) = (col("figure"), col("value")) else {
        return Err(vec![crate::Problem::new("", "the template needs a \"figure\" and a \"value\" column")]);
    };
    for (i, rec) in r.records().enumerate() {
        let Ok(rec) = rec else {
            problems.push(format!("line {}", i + 2), "cannot be read as CSV");
            continue;
        };
        let key = rec.get(kc).unwrap_or("").trim();
        if key.is_empty() || key.starts_with('#') {
            continue;
        }
        let value = rec.get(vc).unwrap_or("");
        let mut one = Figures::default();
        let mut p = Problems::new();
        one.set_text(key, value, Origin::User, &mut p);
        if !p.is_empty() {
            for q in p.into_vec() {
                problems.push(q.path, q.message);
            }
            continue;
        }
        match (one.get(key), base.get(key)) {
            // Unchanged published figures keep their source.
            (Some(new), Some(old)) if same(&new.value, &old.value) => {}
            (Some(new), old) => {
                // A source written beside a new value travels with it; the published
                // source of a value the user changed does not.
                let note = sc.and_then(|c| rec.get(c)).map(str::trim).unwrap_or("");
                let old_note = old.map(|_| base.source(key).unwrap_or_default()).unwrap_or_default();
                let origin = if note.is_empty() || note == old_note || note.starts_with("set by user") {
                    Origin::User
                } else {
                    Origin::Published(format!("set by user: {note}"))
                };
                fig.set(key, new.value.clone(), origin)
            }
            (None, _) => {
                let mut p = Problems::new();
                fig.set_text(key, "", Origin::User, &mut p);
            }
        }
    }
    fig.check(&mut problems);
    if problems.is_empty() { Ok(fig) } else { Err(problems.into_vec()) }
}

/// Equal as written in the template (a rate printed as a rounded percentage reads back
/// as the same figure).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => (x - y).abs() <= 1e-4 * y.abs().max(1.0),
        _ => a == b,
    }
}

/// Figures to scenario: checks them, then derives. `england` gives the national rates.
pub fn scenario_from(fig: &Figures, england: &Published) -> Result<Derived, Vec<crate::Problem>> {
    let mut problems = Problems::new();
    fig.check(&mut problems);
    if !problems.is_empty() {
        return Err(problems.into_vec());
    }
    derive(fig, england).map_err(|m| vec![crate::Problem::new("", m)])
}
