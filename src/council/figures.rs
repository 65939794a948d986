//! The council figure set: every figure a finance officer has to hand (or DfE publishes),
//! each with its unit and help, read from and written to a template (CSV here; the xlsx
//! form is in `report::`-free [`super::template`]) and checked in the user's words.
//!
//! A figure is a [`Value`] with an [`Origin`]: published (with the source to cite), or
//! given by the user. Figures nobody gave are left out; the derivation then uses a
//! national default and says so.

use crate::error::Problems;
use crate::money::Money;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What kind of value a figure holds, and so how it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    /// A count or FTE (non-negative).
    Number,
    /// A share, written "20%", "20" (read as a percentage) or "0.2".
    Rate,
    /// Pounds, exact ("£1,234.50" or "1234.5").
    Money,
}

/// One figure of the set.
#[derive(Clone, Copy, Debug)]
pub struct Figure {
    pub key: &'static str,
    pub group: &'static str,
    pub kind: Kind,
    pub unit: &'static str,
    pub help: &'static str,
}

const fn f(
    key: &'static str,
    group: &'static str,
    kind: Kind,
    unit: &'static str,
    help: &'static str,
) -> Figure {
    Figure { key, group, kind, unit, help }
}

use Kind::{Date, Money as M, Number as N, Rate as R, Text as T};

/// The figure set, in template order. Budgets and actuals to date are per line
/// (`budget.<line>.<financial year>`, `actual.<line>`), listed by [`budget_keys`].
pub const FIGURES: &[Figure] = &[
    f("council", "council", T, "name", "Council name, as in DfE's statistics"),
    f("la_code", "council", T, "ONS code", "The council's ONS code (E06..., E08..., E09..., E10...)"),
    f(
        "census_date",
        "council",
        Date,
        "date",
        "Date the workforce figures describe (DfE: 30 September); the scenario starts the day after",
    ),
    f(
        "end_date",
        "council",
        Date,
        "date",
        "Last day to simulate (default: the 31 March closing the third financial year after the start)",
    ),
    f(
        "posts_fte",
        "workforce",
        N,
        "FTE",
        "Funded social-worker posts (establishment); default: in post + vacancies",
    ),
    f(
        "social_workers_fte",
        "workforce",
        N,
        "FTE",
        "Permanent social workers in post (DfE: FTE in post, managers included)",
    ),
    f("agency_fte", "workforce", N, "FTE", "Agency social workers (locums) in post"),
    f(
        "agency_share",
        "workforce",
        R,
        "%",
        "Agency share of all social workers, agency / (agency + in post); used if agency FTE is not given",
    ),
    f(
        "vacancies_fte",
        "workforce",
        N,
        "FTE",
        "Vacant posts (DfE: vacancies FTE, whether or not covered by agency)",
    ),
    f("starters_fte", "workforce", N, "FTE per year", "Permanent starters in the year to the census date"),
    f("leavers_fte", "workforce", N, "FTE per year", "Permanent leavers in the year to the census date"),
    f(
        "turnover",
        "workforce",
        R,
        "% a year",
        "Leavers / FTE in post (DfE's turnover rate); used if leavers are not given",
    ),
    f("case_holders_fte", "workforce", N, "FTE", "Social workers holding cases (DfE: case holders)"),
    f("cases", "workforce", N, "cases", "Cases held by case holders on the census date (DfE)"),
    f(
        "referrals_per_year",
        "demand",
        N,
        "referrals per year",
        "Referrals to children's social care in a year (DfE children in need)",
    ),
    f("no_further_action", "demand", R, "%", "Share of referrals closed with no further action"),
    f("not_in_need", "demand", R, "%", "Share of assessments finding the child not in need"),
    f(
        "children_in_need",
        "demand",
        N,
        "children",
        "Children in need on 31 March (includes children on plans and looked after)",
    ),
    f("cp_plans", "demand", N, "children", "Children on child protection plans on 31 March"),
    f(
        "children_under_18",
        "looked_after",
        N,
        "children",
        "Children under 18 living in the area (the population behind rates per 10,000)",
    ),
    f("looked_after", "looked_after", N, "children", "Children looked after on 31 March"),
    f(
        "lac_started_per_year",
        "looked_after",
        N,
        "children per year",
        "Children starting to be looked after in the year",
    ),
    f(
        "lac_ceased_per_year",
        "looked_after",
        N,
        "children per year",
        "Children ceasing to be looked after in the year",
    ),
    f(
        "placed_in_house_fostering",
        "placements",
        N,
        "children",
        "Looked-after children in the council's own foster care (if known; the four placement counts must add up to the looked-after total)",
    ),
    f(
        "placed_agency_fostering",
        "placements",
        N,
        "children",
        "Looked-after children with independent fostering agencies (if known)",
    ),
    f(
        "placed_residential",
        "placements",
        N,
        "children",
        "Looked-after children in children's homes and other residential care (if known)",
    ),
    f(
        "placed_other",
        "placements",
        N,
        "children",
        "Looked-after children placed otherwise: with parents, for adoption, kinship, supported living (if known)",
    ),
    f(
        "cost_in_house_fostering",
        "unit costs",
        M,
        "£ per week",
        "Average weekly cost of an in-house foster placement, all-in",
    ),
    f(
        "cost_agency_fostering",
        "unit costs",
        M,
        "£ per week",
        "Average weekly price of an independent fostering agency placement",
    ),
    f("cost_residential", "unit costs", M, "£ per week", "Average weekly price of a residential placement"),
    f(
        "cost_other",
        "unit costs",
        M,
        "£ per week",
        "Average weekly cost of other placements (allowances, supported living)",
    ),
    f(
        "salary_experienced",
        "pay",
        M,
        "£ per year",
        "Salary of an experienced social worker (before on-costs)",
    ),
    f(
        "salary_newly_qualified",
        "pay",
        M,
        "£ per year",
        "Salary of a newly qualified social worker in the first (ASYE) year",
    ),
    f(
        "employer_ni",
        "pay",
        R,
        "% of salary",
        "Employer National Insurance as a share of salary (effective, after the threshold)",
    ),
    f("employer_pension", "pay", R, "% of salary", "Employer pension contribution as a share of salary"),
    f("pay_award", "pay", R, "% a year", "Annual pay award"),
    f("pay_award_from", "pay", Date, "date", "Date the next pay award takes effect (then yearly)"),
    f(
        "agency_day_rate",
        "pay",
        M,
        "£ per day",
        "Agency cost per worker per working day, all-in (hourly rate x hours + agency fee)",
    ),
    f(
        "actuals_to",
        "budgets",
        Date,
        "date",
        "Date the actual spend to date runs to (the day before the start)",
    ),
];

/// The budget lines a council sets, as in the scenario's `[budget]` table.
pub const BUDGET_LINES: &[(&str, &str)] = &[
    ("permanent_staffing", "Permanent staffing (salaries and on-costs)"),
    ("agency_staffing", "Agency staffing"),
    ("recruitment", "Recruitment and attraction"),
    ("placements", "Looked-after placements"),
];

/// The keys of budgets (one per line and financial year) and of actuals to date (one per
/// line), with their help.
pub fn budget_keys(years: &[String]) -> Vec<(String, String)> {
    let mut keys = Vec::new();
    for (line, label) in BUDGET_LINES {
        for fy in years {
            keys.push((
                format!("budget.{line}.{fy}"),
                format!("Budget for {} in {fy} (£, whole year)", label.to_lowercase()),
            ));
        }
    }
    for (line, label) in BUDGET_LINES {
        keys.push((
            format!("actual.{line}"),
            format!("Actual spend on {} from 1 April to the actuals date (£)", label.to_lowercase()),
        ));
    }
    keys
}

/// A figure's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Date(NaiveDate),
    Number(f64),
    Money(Money),
}

/// Where a figure came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Published statistics; the source to cite.
    Published(String),
    /// Given by the user.
    User,
}

/// A value and its origin.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub value: Value,
    pub origin: Origin,
}

/// A council's figures: those given, by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    entries: BTreeMap<String, Entry>,
}

impl Figures {
    pub fn set(&mut self, key: &str, value: Value, origin: Origin) {
        self.entries.insert(key.to_string(), Entry { value, origin });
    }
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }
    pub fn number(&self, key: &str) -> Option<f64> {
        match self.get(key)?.value {
            Value::Number(x) => Some(x),
            _ => None,
        }
    }
    pub fn money(&self, key: &str) -> Option<Money> {
        match self.get(key)?.value {
            Value::Money(m) => Some(m),
            _ => None,
        }
    }
    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        match self.get(key)?.value {
            Value::Date(d) => Some(d),
            _ => None,
        }
    }
    pub fn text(&self, key: &str) -> Option<&str> {
        match &self.get(key)?.value {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
    /// The source note of a figure: its citation, or "set by user".
    pub fn source(&self, key: &str) -> Option<String> {
        self.get(key).map(|e| match &e.origin {
            Origin::Published(s) => s.clone(),
            Origin::User => "set by user".to_string(),
        })
    }
    pub fn entries(&self) -> impl Iterator<Item = (&String, &Entry)> {
        self.entries.iter()
    }

    /// Reads one figure as the user wrote it, checking its form and range; an empty
    /// value removes the figure.
    pub fn set_text(&mut self, key: &str, text: &str, origin: Origin, problems: &mut Problems) {
        let text = text.trim();
        let Some(kind) = kind_of(key) else {
            let near = FIGURES
                .iter()
                .map(|f| f.key)
                .max_by(|a, b| strsim::jaro_winkler(key, a).total_cmp(&strsim::jaro_winkler(key, b)));
            problems.push(
                key,
                format!(
                    "not a council figure{}",
                    near.map(|n| format!(" (did you mean {n}?)")).unwrap_or_default()
                ),
            );
            return;
        };
        if text.is_empty() {
            self.entries.remove(key);
            return;
        }
        match parse(kind, text) {
            Ok(v) => self.set(key, v, origin),
            Err(m) => problems.push(key, format!("{text:?} {m}")),
        }
    }

    /// Checks the figures together, in the user's words; every problem is listed.
    pub fn check(&self, problems: &mut Problems) {
        let n = |k| self.number(k);
        let shown = |k: &str| self.get(k).map(|e| show_as(k, &e.value)).unwrap_or_default();
        for fig in FIGURES {
            if let Some(Value::Number(x)) = self.get(fig.key).map(|e| &e.value) {
                if fig.kind == Kind::Rate && !(0.0..=1.0).contains(x) {
                    problems.push(fig.key, format!("{} is not a rate between 0% and 100%", shown(fig.key)));
                }
            }
        }
        if let (Some(a), Some(p)) = (n("agency_fte"), n("posts_fte")) {
            if a > p {
                problems.push("agency_fte", format!("{a} agency FTE is more than the {p} posts (posts_fte)"));
            }
        }
        if let (Some(s), Some(p)) = (n("social_workers_fte"), n("posts_fte")) {
            if s > p {
                problems.push(
                    "social_workers_fte",
                    format!("{s} FTE in post is more than the {p} posts (posts_fte)"),
                );
            }
        }
        if let (Some(c), Some(s), Some(a)) = (n("case_holders_fte"), n("social_workers_fte"), n("agency_fte"))
        {
            if c > s + a + 0.5 {
                problems.push(
                    "case_holders_fte",
                    format!("{c} case holders is more than the {} social workers in post and agency", s + a),
                );
            }
        }
        if let (Some(l), Some(s)) = (n("leavers_fte"), n("social_workers_fte")) {
            if l > s.max(1.0) * 2.0 {
                problems.push(
                    "leavers_fte",
                    format!("{l} leavers in a year from {s} in post is a turnover above 200%"),
                );
            }
        }
        let placed = PLACEMENT_KEYS.iter().filter_map(|k| n(k)).collect::<Vec<_>>();
        if !placed.is_empty() {
            let sum: f64 = placed.iter().sum();
            if placed.len() < PLACEMENT_KEYS.len() {
                problems
                    .push("placed_other", "give all four placement counts (0 where none), or none of them");
            } else if let Some(total) = n("looked_after") {
                if (sum - total).abs() > 0.5 {
                    problems.push(
                        "placed_other",
                        format!("the placements add up to {sum}, not the {total} children looked after (looked_after)"),
                    );
                }
            }
        }
        if let (Some(d), Some(c)) = (self.date("end_date"), self.date("census_date")) {
            if d <= c {
                problems.push("end_date", format!("{d} is not after the census date {c}"));
            }
        }
    }
}

/// The placement counts, in the derivation's placement order.
pub const PLACEMENT_KEYS: [&str; 4] =
    ["placed_in_house_fostering", "placed_agency_fostering", "placed_residential", "placed_other"];

fn kind_of(key: &str) -> Option<Kind> {
    if let Some(f) = FIGURES.iter().find(|f| f.key == key) {
        return Some(f.kind);
    }
    let mut parts = key.split('.');
    let (a, line, rest) = (parts.next()?, parts.next()?, parts.next());
    let known = BUDGET_LINES.iter().any(|l| l.0 == line);
    match (a, rest, parts.next()) {
        ("budget", Some(fy), None) if known && fy_start(fy).is_some() => Some(Kind::Money),
        ("actual", None, None) if known => Some(Kind::Money),
        _ => None,
    }
}

/// The first calendar year of a financial-year label ("2025-26" -> 2025).
pub fn fy_start(label: &str) -> Option<i32> {
    let (a, b) = label.split_once('-')?;
    let y: i32 = a.parse().ok()?;
    (a.len() == 4 && b.len() == 2 && b.parse::<i32>().ok()? == (y + 1) % 100).then_some(y)
}

/// A value as the user would write it back.
pub fn show(v: &Value) -> String {
    match v {
        Value::Text(t) => t.clone(),
        Value::Date(d) => d.to_string(),
        Value::Number(x) => format!("{}", (x * 1e6).round() / 1e6),
        Value::Money(m) => m.to_string(),
    }
}

/// A value as written in a template, rates as percentages.
pub fn show_as(key: &str, v: &Value) -> String {
    match (kind_of(key), v) {
        (Some(Kind::Rate), Value::Number(x)) => format!("{}%", (x * 1e4).round() / 1e2),
        _ => show(v),
    }
}

fn parse(kind: Kind, text: &str) -> Result<Value, String> {
    match kind {
        Kind::Text => Ok(Value::Text(text.to_string())),
        Kind::Date => text
            .parse::<NaiveDate>()
            .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
            .map(Value::Date)
            .map_err(|_| "is not a date (2024-09-30 or 30/09/2024)".into()),
        Kind::Number => {
            let x = number(text).ok_or("is not a number")?;
            if x < 0.0 { Err("is negative".into()) } else { Ok(Value::Number(x)) }
        }
        Kind::Rate => rate(text).map(Value::Number),
        Kind::Money => {
            let t: String = text.chars().filter(|c| !matches!(c, '£' | ',' | ' ')).collect();
            t.parse::<Money>()
                .map(Value::Money)
                .map_err(|_| "is not an amount of money (1234.56 or £1,234.56)".into())
        }
    }
}

fn number(text: &str) -> Option<f64> {
    let t: String = text.chars().filter(|c| !matches!(c, ',' | ' ')).collect();
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A rate as a share: "20%" and "20" are 20%, "0.2" is 20% (a bare number above 1 is a
/// percentage). Out of range values are kept and reported by [`Figures::check`] (so the
/// message can show what was written); only unreadable text is an error here.
pub fn rate(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if let Some(p) = t.strip_suffix('%') {
        return number(p).map(|x| x / 100.0).ok_or_else(|| "is not a percentage".into());
    }
    let x = number(t).ok_or("is not a rate (20% or 0.2)")?;
    Ok(if x > 1.0 { x / 100.0 } else { x })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pairs: &[(&str, &str)]) -> Vec<String> {
        let mut fig = Figures::default();
        let mut p = Problems::new();
        for (k, v) in pairs {
            fig.set_text(k, v, Origin::User, &mut p);
        }
        fig.check(&mut p);
        p.into_vec().iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn rates_are_read_as_a_finance_officer_writes_them() {
        assert_eq!(rate("20%"), Ok(0.2));
        assert_eq!(rate("20"), Ok(0.2));
        assert_eq!(rate("0.2"), Ok(0.2));
        assert!(rate("high").is_err());
    }

    #[test]
    fn bad_figures_get_errors_in_the_users_words() {
        assert_eq!(check(&[("turnover", "140%")]), ["turnover: 140% is not a rate between 0% and 100%"]);
        assert_eq!(
            check(&[("posts_fte", "100"), ("agency_fte", "120")]),
            ["agency_fte: 120 agency FTE is more than the 100 posts (posts_fte)"]
        );
        let e = check(&[
            ("looked_after", "400"),
            ("placed_in_house_fostering", "150"),
            ("placed_agency_fostering", "100"),
            ("placed_residential", "40"),
            ("placed_other", "60"),
        ]);
        assert_eq!(
            e,
            ["placed_other: the placements add up to 350, not the 400 children looked after (looked_after)"]
        );
        assert_eq!(
            check(&[("referrals_per_year", "lots")]),
            ["referrals_per_year: \"lots\" is not a number"]
        );
        assert_eq!(check(&[("turnovr", "10%")]), ["turnovr: not a council figure (did you mean turnover?)"]);
        assert!(check(&[("budget.placements.2025-26", "£12,000,000"), ("agency_fte", "20")]).is_empty());
    }
}
