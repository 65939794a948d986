//! The figure set as a form (the web app's "Start from your council"): the councils in the
//! data, one row per figure with its unit, help and published value, and the scenario from
//! the form's values, which are read exactly as a filled template is ([`read_template`]), so
//! the form, the upload and `wfsim new --figures` share one reading and one set of errors.

use super::{Published, data, england_for, for_council, read_template, scenario_from, template_rows};
use crate::council::figures::{FIGURES, Figures, Kind};
use serde::Serialize;

/// A council in the data and the years it has figures for.
#[derive(Clone, Debug, Serialize)]
pub struct Council {
    pub code: String,
    pub name: String,
    pub years: Vec<i32>,
}

/// Every council in the data (England excluded), by name.
pub fn councils() -> Vec<Council> {
    let mut out: Vec<Council> = Vec::new();
    let mut rows: Vec<Published> = data::all().into_iter().filter(|r| r.la_code != data::ENGLAND).collect();
    rows.sort_by(|a, b| a.la_name.cmp(&b.la_name).then(a.la_code.cmp(&b.la_code)).then(a.year.cmp(&b.year)));
    for r in rows {
        match out.last_mut() {
            Some(c) if c.code == r.la_code => c.years.push(r.year),
            _ => out.push(Council { code: r.la_code, name: r.la_name, years: vec![r.year] }),
        }
    }
    out
}

/// One figure of the form.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub key: String,
    /// The group it is shown under ("workforce", "budgets"...).
    pub group: String,
    /// "text", "date", "number", "rate" or "money".
    pub kind: &'static str,
    pub unit: String,
    pub help: String,
    /// As written in the template ("20%", "£1,234"), empty where nothing is known.
    pub value: String,
    /// The published source of the value, empty where there is none.
    pub source: String,
}

/// The base figures: a council's published ones (`code` empty: none) and the England row.
fn base(code: &str, year: Option<i32>) -> Result<(Figures, Published), String> {
    if code.trim().is_empty() {
        Ok((Figures::default(), england_for(year)?))
    } else {
        for_council(code, year)
    }
}

/// The form's rows, pre-filled with the council's published figures.
pub fn rows(code: &str, year: Option<i32>) -> Result<Vec<Row>, String> {
    let (fig, _) = base(code, year)?;
    Ok(template_rows(&fig)
        .into_iter()
        .map(|[key, value, unit, source, help]| {
            let f = FIGURES.iter().find(|f| f.key == key);
            let kind = match f.map(|f| f.kind) {
                Some(Kind::Text) => "text",
                Some(Kind::Date) => "date",
                Some(Kind::Number) => "number",
                Some(Kind::Rate) => "rate",
                Some(Kind::Money) | None => "money",
            };
            let group = f.map(|f| f.group.to_string()).unwrap_or_else(|| "budgets".into());
            Row { key, group, kind, unit, help, value, source }
        })
        .collect())
}

/// The derived scenario's TOML from the form's values (a template CSV with `figure` and
/// `value` columns), on top of the council's published figures; else every problem, each
/// naming the figure.
pub fn scenario(code: &str, year: Option<i32>, csv: &str) -> Result<String, Vec<crate::Problem>> {
    let (fig, england) = base(code, year).map_err(|m| vec![crate::Problem::new("council", m)])?;
    let fig = read_template(csv, fig)?;
    scenario_from(&fig, &england).map(|d| d.toml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn councils_list_each_once_with_its_years() {
        let all = councils();
        let p = all.iter().find(|c| c.code == "E06000031").expect("Peterborough");
        assert_eq!((p.name.as_str(), p.years.as_slice()), ("Peterborough", &[2023, 2024][..]));
        assert!(all.iter().all(|c| c.code != data::ENGLAND));
    }

    #[test]
    fn the_form_round_trips_to_the_same_scenario_as_wfsim_new() {
        let rows = rows("E06000031", Some(2024)).unwrap();
        let turnover = rows.iter().find(|r| r.key == "turnover").unwrap();
        assert_eq!((turnover.kind, turnover.unit.as_str()), ("rate", "% a year"));
        assert!(turnover.value.ends_with('%') && turnover.source.starts_with("[W] DfE"), "{turnover:?}");
        let mut csv = String::from("figure,value\n");
        for r in &rows {
            csv.push_str(&format!("{},\"{}\"\n", r.key, r.value));
        }
        let toml = scenario("E06000031", Some(2024), &csv).unwrap();
        let (fig, england) = for_council("E06000031", Some(2024)).unwrap();
        assert_eq!(toml, scenario_from(&fig, &england).unwrap().toml);
    }

    #[test]
    fn a_bad_figure_names_the_figure_in_the_users_words() {
        let e = scenario("E06000031", Some(2024), "figure,value\nturnover,140%\n").unwrap_err();
        assert_eq!(e[0].path, "turnover");
        assert_eq!(e[0].message, "140% is not a rate between 0% and 100%");
    }
}
