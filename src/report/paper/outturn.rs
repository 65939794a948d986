//! The paper's budget: findings on the forecast outturn in plain words, and the outturn
//! table (the same cells as the terminal's, from [`crate::report::figures`]).

use super::date_text;
use crate::metrics;
use crate::money::Money;
use crate::report::doc::{Align, Block, Table};
use crate::report::figures::{self, against, line_label, percent};
use crate::scenario::Scenario;
use crate::sim::{BudgetRow, Summary};

/// The year with most simulated days (the first such), the focus of the headline.
fn main_year(scenario: &Scenario) -> Option<String> {
    let fys = scenario.calendar().financial_years();
    fys.iter().max_by_key(|f| (f.n_days, std::cmp::Reverse(f.first_day))).map(|f| f.label.clone())
}

fn rows_of<'a>(s: &'a Summary, fy: &'a str) -> impl Iterator<Item = &'a BudgetRow> + 'a {
    s.budget.iter().filter(move |r| r.financial_year == fy)
}

/// "2012-13", or for a part year "2011-12 (part year: 28 Nov 2011 to 30 Mar 2012 only)".
fn year_phrase(scenario: &Scenario, r: &BudgetRow) -> String {
    if !r.partial {
        return r.financial_year.clone();
    }
    let cal = scenario.calendar();
    match cal.financial_years().iter().find(|f| f.label == r.financial_year) {
        Some(f) => format!(
            "{} (part year: {} to {} only)",
            r.financial_year,
            date_text(cal.date(f.first_day)),
            date_text(cal.date(f.first_day + f.n_days.saturating_sub(1)))
        ),
        None => format!("{} (part year)", r.financial_year),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn join_and(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// A budget as a phrase: "a budget of £1.2m", or "no budget" (compared with zero).
fn budget_phrase(b: Option<Money>) -> String {
    b.map_or_else(|| "no budget".into(), |b| format!("a budget of {}", b.format_short()))
}

/// The budget findings: per year the total and the lines most likely to overspend, then
/// each line of the main year.
pub fn budget_findings(scenario: &Scenario, s: &Summary) -> Vec<(String, Vec<String>)> {
    let mut groups = Vec::new();
    let mut out = Vec::new();
    for fy in scenario.calendar().financial_years().iter().map(|f| f.label.as_str()) {
        let Some(total) = rows_of(s, fy).find(|r| r.line == metrics::TOTAL.name) else { continue };
        if total.partial {
            out.push(format!(
                "{}: spend over the simulated part is expected to be {} (median {}, 90% range {} to {}); the full-year budget is {}. Give actual spend to date for a forecast outturn of the whole year.",
                capitalise(&year_phrase(scenario, total)),
                total.mean.format_short(),
                total.p50.format_short(),
                total.p5.format_short(),
                total.p95.format_short(),
                total.budget.map_or_else(|| "not given".into(), |b| b.format_short()),
            ));
            continue;
        }
        out.push(format!(
            "{}: expected outturn {} against {} ({}); median {}, 90% range {} to {}; {} chance of overspending.",
            capitalise(&year_phrase(scenario, total)),
            total.mean.format_short(),
            budget_phrase(total.budget),
            against(total.expected_variance),
            total.p50.format_short(),
            total.p5.format_short(),
            total.p95.format_short(),
            percent(total.p_overspend)
        ));
        let mut lines: Vec<&BudgetRow> =
            rows_of(s, fy).filter(|r| r.line != metrics::TOTAL.name && figures::has_money(r)).collect();
        lines.sort_by(|a, b| b.p_overspend.total_cmp(&a.p_overspend).then(a.line.cmp(&b.line)));
        let likely: Vec<String> = lines
            .iter()
            .filter(|r| figures::percent_whole(r.p_overspend) >= 50)
            .map(|r| {
                format!(
                    "{} ({} chance; expected {} against {})",
                    line_label(&r.line).to_lowercase(),
                    percent(r.p_overspend),
                    r.mean.format_short(),
                    budget_phrase(r.budget)
                )
            })
            .collect();
        if !likely.is_empty() {
            out.push(format!(
                "In {fy} the line{} most likely to overspend {}: {}.",
                if likely.len() == 1 { "" } else { "s" },
                if likely.len() == 1 { "is" } else { "are" },
                join_and(&likely)
            ));
        } else if let Some(top) = lines.first() {
            out.push(format!(
                "In {fy} no line is more likely than not to overspend; the highest chance is {} ({}).",
                line_label(&top.line).to_lowercase(),
                percent(top.p_overspend)
            ));
        }
    }
    groups.push(("Budget".into(), std::mem::take(&mut out)));
    if let Some(fy) = main_year(scenario) {
        for r in rows_of(s, &fy).filter(|r| r.line != metrics::TOTAL.name && figures::has_money(r)) {
            out.push(format!(
                "{} in {fy}: expected outturn {} (median {}) against {}; {} chance of exceeding it.",
                line_label(&r.line),
                r.mean.format_short(),
                r.p50.format_short(),
                budget_phrase(r.budget),
                percent(r.p_overspend)
            ));
        }
        groups.push((format!("Budget lines in {fy}"), out));
    }
    groups
}

/// The budget section: the outturn table and what its figures are.
pub fn budget_blocks(s: &Summary) -> Vec<Block> {
    let mut align = vec![Align::Left, Align::Left];
    align.extend([Align::Right; 7]);
    let mut t = Table::new(&figures::OUTTURN_HEADINGS, &align)
        .caption("Forecast outturn by financial year and budget line");
    for r in s.budget.iter().filter(|r| figures::has_money(r)) {
        t.push(figures::outturn_cells(r).to_vec());
    }
    let mut notes = vec![figures::OUTTURN_EXPLAINED.to_string()];
    notes.extend(figures::partial_note(s));
    vec![Block::Table(t), Block::Note(notes.join(" "))]
}
