//! Figures as people read them, shared by every writer (terminal, paper, workbook, and
//! mirrored in the browser's `www/src/format.ts`): one rounding of probabilities, one
//! way of saying over or under budget, and the budget table's rows as text. Money itself
//! is written by [`crate::money::Money::format_gbp`] ("£1,234,567", negatives "−£1,234").

use crate::metrics as m;
use crate::money::Money;
use crate::sim::{BudgetRow, Summary};

/// A probability as a whole percentage, rounded half up from its four-decimal value
/// (0.485 is "49%"), so every output shows the same figure for the same chance.
pub fn percent(p: f64) -> String {
    format!("{}%", percent_whole(p))
}

/// [`percent`]'s number: basis points rounded, then half up to a whole percentage.
pub fn percent_whole(p: f64) -> i64 {
    let bp = (p.clamp(0.0, 1.0) * 10_000.0).round() as i64;
    (bp + 50) / 100
}

/// A count as people read it: whole, rounded half away from zero, with thousands
/// separators ("1,235"). Percentiles of counts interpolate between runs (10.95 hires);
/// a fraction of a hire says nothing to a reader.
pub fn count(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let r = x.round();
    let digits = (r.abs() as u64).to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if r < 0.0 { format!("\u{2212}{grouped}") } else { grouped }
}

/// A variance in words: "£36,551 over", "£7,580 under", or "on budget" when it rounds
/// to nothing.
pub fn against(v: Money) -> String {
    let pounds = v.round_pounds();
    if pounds.is_zero() {
        "on budget".into()
    } else if pounds.is_negative() {
        format!("{} under", pounds.abs().format_gbp())
    } else {
        format!("{} over", pounds.format_gbp())
    }
}

/// What the budget table's figures are, said once under every copy of it.
pub const OUTTURN_EXPLAINED: &str = "Forecast outturn = actual spend to date (where given) + simulated spend for the \
rest of the year, against the full-year budget. Expected outturn is the average over all runs (what budget monitoring \
reports); median is the middle run; the range holds 90% of runs; chance of overspend is the share of runs over budget. \
A line with no budget is compared with a budget of zero.";

/// The note for part years, if any row is one.
pub fn partial_note(s: &Summary) -> Option<String> {
    s.budget.iter().any(|r| r.partial).then(|| {
        "* Part year: the horizon covers only part of this financial year and no actual spend to date is given, \
so the outturn is the simulated part only, against the full-year budget."
            .to_string()
    })
}

/// Column headings of the budget table as people read it.
pub const OUTTURN_HEADINGS: [&str; 9] = [
    "Year",
    "Budget line",
    "Budget",
    "Actual to date",
    "Expected outturn",
    "Median outturn",
    "90% range",
    "Expected against budget",
    "Chance of overspend",
];

/// One row of the budget table as text, in the order of [`OUTTURN_HEADINGS`].
pub fn outturn_cells(r: &BudgetRow) -> [String; 9] {
    let year = if r.partial { format!("{}*", r.financial_year) } else { r.financial_year.clone() };
    [
        year,
        line_label(&r.line).to_string(),
        r.budget.map_or_else(|| "none".into(), |b| b.format_gbp()),
        r.actuals.map_or_else(|| "-".into(), |a| a.format_gbp()),
        r.mean.format_gbp(),
        r.p50.format_gbp(),
        format!("{} to {}", r.p5.format_gbp(), r.p95.format_gbp()),
        against(r.expected_variance),
        percent(r.p_overspend),
    ]
}

/// A budget line's label from the metric table ("Looked-after placements").
pub fn line_label(line: &str) -> &str {
    m::line_by_name(line).map_or(line, |l| l.label)
}

/// Whether a row is worth showing: a line with neither spend nor budget is left out.
pub fn has_money(r: &BudgetRow) -> bool {
    r.budget.is_some() || r.actuals.is_some() || !r.p95.is_zero() || !r.p5.is_zero()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_from_four_decimals() {
        assert_eq!(percent(0.485), "49%");
        assert_eq!(percent(0.4849), "48%");
        assert_eq!(percent(0.0049), "0%");
        assert_eq!(percent(0.005), "1%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
    }

    #[test]
    fn counts_are_whole_with_separators() {
        assert_eq!(count(10.950000000000001), "11");
        assert_eq!(count(2.5), "3");
        assert_eq!(count(1234.4), "1,234");
        assert_eq!(count(-1500.0), "\u{2212}1,500");
        assert_eq!(count(f64::NAN), "-");
    }

    #[test]
    fn variances_in_words() {
        assert_eq!(against(Money::from_pounds(36551)), "£36,551 over");
        assert_eq!(against(Money::from_pounds(-7580)), "£7,580 under");
        assert_eq!(against(Money::from_pence(-40)), "on budget");
    }
}
