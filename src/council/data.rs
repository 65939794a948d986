//! DfE's published figures for every English council, embedded from `data/dfe-councils.csv`
//! (made by `scripts/refresh-dfe` from the extracts in `shared/data/dfe/`): one row per
//! council and year, looked up by ONS code or name. Contains public sector information
//! licensed under the Open Government Licence v3.0 (Department for Education).

use serde::Deserialize;

/// The attribution the Open Government Licence asks for, for every place a user sees the data.
pub const ATTRIBUTION: &str = "Contains public sector information licensed under the Open Government Licence v3.0: Department for Education, Children's social work workforce (30 September), Children in need and Children looked after in England (years to 31 March).";

/// ONS code of the England row.
pub const ENGLAND: &str = "E92000001";

const CSV: &str = include_str!("../../data/dfe-councils.csv");

/// One council's published figures for one year; `None` where unpublished or suppressed.
/// The workforce figures are at 30 September of `year`; the others are for the year to
/// 31 March of `year` (stocks at that 31 March).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Published {
    pub year: i32,
    pub la_code: String,
    pub la_name: String,
    pub inpost_fte: Option<f64>,
    pub starters_fte: Option<f64>,
    pub leavers_fte: Option<f64>,
    pub turnover_rate_fte: Option<f64>,
    pub agency_fte: Option<f64>,
    pub agency_rate_fte: Option<f64>,
    pub vacancy_fte: Option<f64>,
    pub vacancy_rate_fte: Option<f64>,
    pub case_holders_fte: Option<f64>,
    pub cases: Option<f64>,
    pub caseload_fte: Option<f64>,
    pub absence_rate_fte: Option<f64>,
    pub referral_count: Option<f64>,
    pub rereferral_percent: Option<f64>,
    pub no_further_action_percent: Option<f64>,
    pub not_in_need_percent: Option<f64>,
    pub children_in_need_at_31_march: Option<f64>,
    pub episodes_started: Option<f64>,
    pub cp_plans_at_31_march: Option<f64>,
    pub looked_after_31_march: Option<f64>,
    pub started_in_year: Option<f64>,
    pub ceased_in_year: Option<f64>,
    pub rate_per_10000: Option<f64>,
    pub children_under_18: Option<f64>,
}

/// Every row of the embedded file with at least one figure (a council abolished before the
/// year has none), in its order (by year, England first, then by name).
pub fn all() -> Vec<Published> {
    csv::Reader::from_reader(CSV.as_bytes())
        .deserialize::<Published>()
        .filter_map(|r| r.ok())
        .filter(|r| {
            r.inpost_fte.or(r.referral_count).or(r.looked_after_31_march).or(r.children_under_18).is_some()
        })
        .collect()
}

/// The latest year in the data.
pub fn latest_year() -> i32 {
    all().iter().map(|r| r.year).max().unwrap_or(0)
}

/// Councils of a year (England excluded), as (code, name).
pub fn councils(year: i32) -> Vec<(String, String)> {
    all()
        .into_iter()
        .filter(|r| r.year == year && r.la_code != ENGLAND)
        .map(|r| (r.la_code, r.la_name))
        .collect()
}

/// The row of a council (ONS code or name, case and punctuation ignored) for `year`
/// (default: the latest year that has it). An unknown name is an error listing the closest.
pub fn find(query: &str, year: Option<i32>) -> Result<Published, String> {
    let rows = all();
    let q = normal(query);
    let exact = |r: &&Published| normal(&r.la_code) == q || normal(&r.la_name) == q;
    let mut hits: Vec<&Published> = rows.iter().filter(exact).collect();
    if hits.is_empty() {
        // A unique council whose name starts with the query ("peterb", "bristol").
        let mut names: Vec<&str> =
            rows.iter().filter(|r| normal(&r.la_name).starts_with(&q)).map(|r| r.la_name.as_str()).collect();
        names.dedup();
        names.sort_unstable();
        names.dedup();
        if names.len() == 1 && q.len() >= 3 {
            hits = rows.iter().filter(|r| r.la_name == names[0]).collect();
        }
    }
    if hits.is_empty() {
        return Err(format!(
            "no council {query:?} in the DfE data; closest: {}",
            closest(query, &rows).join(", ")
        ));
    }
    let years: Vec<i32> = hits.iter().map(|r| r.year).collect();
    let pick = match year {
        Some(y) => hits.iter().find(|r| r.year == y).ok_or_else(|| {
            format!(
                "{} has no published figures for {y}; years in the data: {}",
                hits[0].la_name,
                list(&years)
            )
        })?,
        None => hits.iter().max_by_key(|r| r.year).ok_or("no rows")?,
    };
    Ok((*pick).clone())
}

/// The England row of `year`.
pub fn england(year: i32) -> Option<Published> {
    all().into_iter().find(|r| r.year == year && r.la_code == ENGLAND)
}

fn list(years: &[i32]) -> String {
    years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ")
}

/// Lowercase letters and digits only, "and" for "&": "Bristol, City of" -> "bristolcityof".
fn normal(s: &str) -> String {
    s.to_lowercase().replace('&', "and").chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The five council names closest to `query` (Jaro-Winkler on normalised names).
fn closest(query: &str, rows: &[Published]) -> Vec<String> {
    let q = normal(query);
    let mut names: Vec<&str> = rows.iter().map(|r| r.la_name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut scored: Vec<(f64, &str)> =
        names.iter().map(|n| (strsim::jaro_winkler(&q, &normal(n)), *n)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(5).map(|(_, n)| n.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_reads_and_each_year_has_england() {
        let rows = all();
        let read =
            csv::Reader::from_reader(CSV.as_bytes()).deserialize::<Published>().filter(|r| r.is_ok()).count();
        assert_eq!(read, CSV.lines().count() - 1, "a row failed to read");
        for y in rows.iter().map(|r| r.year) {
            assert!(england(y).is_some(), "no England row in {y}");
        }
    }

    #[test]
    fn councils_are_found_by_code_name_or_prefix() {
        assert_eq!(find("E06000031", Some(2024)).unwrap().la_name, "Peterborough");
        assert_eq!(find("peterborough", None).unwrap().year, latest_year());
        assert_eq!(find("Peterb", Some(2023)).unwrap().la_code, "E06000031");
        let e = find("Peterbrough", None).unwrap_err();
        assert!(e.contains("closest: Peterborough"), "{e}");
        let e = find("Peterborough", Some(1999)).unwrap_err();
        assert!(e.contains("years in the data: 2023, 2024"), "{e}");
    }
}
