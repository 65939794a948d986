//! The Excel workbook of the budget paper (rust_xlsxwriter, built in memory): sheets
//! Budget (the forecast outturn, for presenting: reader labels, money formatted `£#,##0`,
//! printed landscape one page wide), Inputs (every assumption), Weekly (a column per metric and statistic, a row per week), Definitions
//! (each metric's and budget line's label, kind, unit and meaning, from the metric table)
//! and Provenance; with an optimisation, Optimise ([`super::optimise::sheet`]).
//!
//! The document's creation time is fixed rather than read from the clock, so the same
//! inputs give the same bytes (and the core never reads the wall clock).

use super::assumptions::Assumption;
use super::figures;
use super::input_labels;
use crate::error::ReportError;
use crate::metrics;
use crate::money::Money;
use crate::sim::Summary;
use crate::sim::summary::PERCENTILE_NAMES;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

fn xerr(e: XlsxError) -> ReportError {
    ReportError::Format(format!("workbook: {e}"))
}

/// The money format of the Budget sheet.
pub const MONEY_FORMAT: &str = "£#,##0;\"\u{2212}\"£#,##0";

/// Money to the penny, for inputs as written (a weekly price of £1,234.50).
pub const MONEY_PENCE_FORMAT: &str = "£#,##0.00;\"\u{2212}\"£#,##0.00";

/// Builds the workbook. `provenance`: (label, value) rows.
pub fn workbook(
    summary: &Summary,
    inputs: &[Assumption],
    provenance: &[(String, String)],
    title: &str,
    optimise: Option<&crate::analysis::optimise::Optimisation>,
) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xerr)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_comment("Made by wfsim report; see the Provenance sheet")
            .set_creation_datetime(&fixed),
    );
    let bold = Format::new().set_bold();
    let head = Format::new().set_bold().set_background_color("#E8E8E8").set_text_wrap();
    let head_right = head.clone().set_align(FormatAlign::Right);
    let money = Format::new().set_num_format(MONEY_FORMAT);
    let money_pence = Format::new().set_num_format(MONEY_PENCE_FORMAT);
    let pct = Format::new().set_num_format("0%");
    let date = Format::new().set_num_format("d mmm yyyy");
    let num = Format::new().set_num_format("General");

    // Budget: the forecast outturn, first so that the workbook opens on it; set up to
    // print landscape, one page wide, its headings repeated on every page.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Budget").map_err(xerr)?;
        ws.write_string_with_format(0, 0, format!("{title}: forecast outturn by financial year"), &bold)
            .map_err(xerr)?;
        let cols = [
            "Year",
            "Budget line",
            "Budget",
            "Actual to date",
            "Expected outturn (mean)",
            "Median outturn",
            "5th percentile",
            "95th percentile",
            "Expected over (+) or under (\u{2212}) budget",
            "Median over (+) or under (\u{2212}) budget",
            "Chance of overspend",
            "Part year",
        ];
        let right: Vec<bool> = (0..cols.len()).map(|i| i >= 2).collect();
        header_at(ws, 1, &cols, &head, &head_right, &right)?;
        let mut r = 2u32;
        for b in summary.budget.iter().filter(|b| figures::has_money(b)) {
            ws.write_string(r, 0, &b.financial_year).map_err(xerr)?;
            ws.write_string(r, 1, figures::line_label(&b.line)).map_err(xerr)?;
            let cells: [Option<Money>; 8] = [
                b.budget,
                b.actuals,
                Some(b.mean),
                Some(b.p50),
                Some(b.p5),
                Some(b.p95),
                Some(b.expected_variance),
                Some(b.variance),
            ];
            for (k, m) in cells.iter().enumerate() {
                if let Some(m) = m {
                    ws.write_number_with_format(r, 2 + k as u16, money_f64(*m), &money).map_err(xerr)?;
                }
            }
            ws.write_number_with_format(r, 10, b.p_overspend, &pct).map_err(xerr)?;
            ws.write_string(r, 11, if b.partial { "part year" } else { "" }).map_err(xerr)?;
            r += 1;
        }
        let mut notes = vec![figures::OUTTURN_EXPLAINED.to_string()];
        notes.extend(figures::partial_note(summary));
        for (i, n) in notes.iter().enumerate() {
            ws.write_string(r + 1 + i as u32, 0, n).map_err(xerr)?;
        }
        ws.set_column_width(0, 9.0).map_err(xerr)?;
        ws.set_column_width(1, 26.0).map_err(xerr)?;
        for c in 2..12u16 {
            ws.set_column_width(c, 13.0).map_err(xerr)?;
        }
        ws.set_row_height(1, 45.0).map_err(xerr)?;
        ws.set_freeze_panes(2, 2).map_err(xerr)?;
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(1, 1).map_err(xerr)?;
    }

    // Inputs: grouped by section in the order of the model, each with the label and unit
    // a reader knows; the field path last, for analysts.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Inputs").map_err(xerr)?;
        let cols = [
            "Input",
            "Value as written",
            "Unit",
            "Drawn: 5th percentile",
            "Drawn: median",
            "Drawn: 95th percentile",
            "Source",
            "Field",
        ];
        header(ws, &cols, &head, &head_right, &[false, false, false, true, true, true, false, false])?;
        let schema = input_labels::scenario_schema();
        let mut placed: Vec<(input_labels::Placed, usize, &Assumption)> =
            inputs.iter().enumerate().map(|(i, a)| (input_labels::place(&a.path, &schema), i, a)).collect();
        // Stable: the input's own order within a section.
        placed.sort_by_key(|(p, i, _)| (p.section, *i));
        let section_head = Format::new().set_bold().set_background_color("#F2F2F2");
        let mut r = 1u32;
        let mut current = usize::MAX;
        for (p, _, a) in &placed {
            if p.section != current {
                current = p.section;
                let title = input_labels::SECTIONS.get(current).map_or("Other", |s| s.0);
                ws.write_string_with_format(r, 0, title, &section_head).map_err(xerr)?;
                for c in 1..cols.len() as u16 {
                    ws.write_blank(r, c, &section_head).map_err(xerr)?;
                }
                r += 1;
            }
            ws.write_string(r, 0, &p.label).map_err(xerr)?;
            match a.number {
                Some(v) if v.is_finite() && p.unit.starts_with('£') => {
                    ws.write_number_with_format(r, 1, v, &money_pence).map_err(xerr)?
                }
                Some(v) if v.is_finite() => ws.write_number_with_format(r, 1, v, &num).map_err(xerr)?,
                _ => ws.write_string(r, 1, &a.value).map_err(xerr)?,
            };
            if !p.unit.is_empty() {
                ws.write_string(r, 2, &p.unit).map_err(xerr)?;
            }
            if let Some((lo, mid, hi)) = a.drawn {
                for (c, v) in [(3u16, lo), (4, mid), (5, hi)] {
                    if v.is_finite() {
                        ws.write_number(r, c, v).map_err(xerr)?;
                    }
                }
            }
            if !a.source.is_empty() {
                ws.write_string(r, 6, &a.source).map_err(xerr)?;
            }
            ws.write_string(r, 7, &a.path).map_err(xerr)?;
            r += 1;
        }
        for (c, w) in
            [(0u16, 52.0), (1, 22.0), (2, 22.0), (3, 12.0), (4, 12.0), (5, 12.0), (6, 70.0), (7, 40.0)]
        {
            ws.set_column_width(c, w).map_err(xerr)?;
        }
        ws.set_row_height(0, 30.0).map_err(xerr)?;
        ws.set_freeze_panes(1, 1).map_err(xerr)?;
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0).map_err(xerr)?;
    }

    // Weekly: one row per week, a column per metric and statistic, each with the number
    // format of its metric's kind; headings are the reader's labels with the unit.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Weekly").map_err(xerr)?;
        let stats: Vec<&str> = std::iter::once("mean").chain(PERCENTILE_NAMES).collect();
        ws.write_string_with_format(0, 0, "Week ending (Friday)", &head).map_err(xerr)?;
        let mut c = 1u16;
        for (metric, series) in &summary.series {
            let def = metrics::index_of(metric).map(|i| &metrics::METRICS[i]);
            let format = Format::new().set_num_format(def.map_or("General", weekly_format));
            let label = def.map_or_else(|| metric.clone(), |d| format!("{} ({})", d.label, d.unit));
            for stat in &stats {
                ws.write_string_with_format(0, c, format!("{label}: {}", stat_label(stat)), &head_right)
                    .map_err(xerr)?;
                if let Some(values) = series.get(stat) {
                    for (w, v) in values.iter().enumerate() {
                        if let Some(v) = v.filter(|v| v.is_finite()) {
                            ws.write_number_with_format(w as u32 + 1, c, v, &format).map_err(xerr)?;
                        }
                    }
                }
                ws.set_column_width(c, 14.0).map_err(xerr)?;
                c += 1;
            }
        }
        for (w, d) in summary.weeks.iter().enumerate() {
            match excel_date(d) {
                Some(x) => ws.write_datetime_with_format(w as u32 + 1, 0, &x, &date).map_err(xerr)?,
                None => ws.write_string(w as u32 + 1, 0, d).map_err(xerr)?,
            };
        }
        ws.set_column_width(0, 12.0).map_err(xerr)?;
        ws.set_row_height(0, 60.0).map_err(xerr)?;
        ws.set_freeze_panes(1, 1).map_err(xerr)?;
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_repeat_rows(0, 0).map_err(xerr)?;
        ws.set_repeat_columns(0, 0).map_err(xerr)?;
    }

    // Definitions: what each Weekly column's metric and each Budget line is (the metric table).
    {
        let ws = wb.add_worksheet();
        ws.set_name("Definitions").map_err(xerr)?;
        let cols = ["Name", "Kind", "Label", "Unit", "Meaning"];
        header(ws, &cols, &head, &head_right, &[false; 5])?;
        let own = |row: [&str; 5]| row.map(str::to_string);
        let metric_rows =
            metrics::METRICS.iter().map(|m| own([m.name, m.kind.name(), m.label, m.unit, m.meaning]));
        // Each per-placement-type series, named and labelled from the run's types.
        let family_rows = metrics::FAMILIES.iter().flat_map(|f| {
            summary.placement_types.iter().map(move |t| {
                let label = format!("{}: {}", f.label, t.name);
                [
                    format!("{}.{}", f.prefix, t.key),
                    f.kind.name().into(),
                    label,
                    f.unit.into(),
                    f.meaning.into(),
                ]
            })
        });
        let line_rows = metrics::BUDGET_LINES
            .iter()
            .chain([&metrics::TOTAL])
            .map(|l| own([l.name, "budget line", l.label, "£", l.meaning]));
        for (i, row) in metric_rows.chain(family_rows).chain(line_rows).enumerate() {
            for (c, text) in row.iter().enumerate() {
                ws.write_string((i + 1) as u32, c as u16, text).map_err(xerr)?;
            }
        }
        for (c, w) in [(0u16, 28.0), (1, 12.0), (2, 40.0), (3, 20.0), (4, 110.0)] {
            ws.set_column_width(c, w).map_err(xerr)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
    }

    // Provenance.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Provenance").map_err(xerr)?;
        for (i, (k, v)) in provenance.iter().enumerate() {
            ws.write_string_with_format(i as u32, 0, k, &bold).map_err(xerr)?;
            ws.write_string(i as u32, 1, v).map_err(xerr)?;
        }
        ws.set_column_width(0, 28.0).map_err(xerr)?;
        ws.set_column_width(1, 110.0).map_err(xerr)?;
    }
    if let Some(o) = optimise {
        super::optimise::sheet(&mut wb, o)?;
    }
    wb.save_to_buffer().map_err(xerr)
}

fn header(
    ws: &mut Worksheet,
    cols: &[&str],
    head: &Format,
    head_right: &Format,
    right: &[bool],
) -> Result<(), ReportError> {
    header_at(ws, 0, cols, head, head_right, right)
}

fn header_at(
    ws: &mut Worksheet,
    row: u32,
    cols: &[&str],
    head: &Format,
    head_right: &Format,
    right: &[bool],
) -> Result<(), ReportError> {
    for (c, name) in cols.iter().enumerate() {
        let f = if right.get(c).copied().unwrap_or(false) { head_right } else { head };
        ws.write_string_with_format(row, c as u16, *name, f).map_err(xerr)?;
    }
    Ok(())
}

/// The number format of a metric's cells on the Weekly sheet, by its kind and unit:
/// money in whole pounds, rates as percentages, FTE and ratios to one decimal, other
/// counts whole (their means and percentiles interpolate between runs; the cell keeps the
/// exact value).
pub fn weekly_format(m: &metrics::Metric) -> &'static str {
    match m.kind {
        metrics::Kind::Money => MONEY_FORMAT,
        metrics::Kind::Rate => "0%",
        metrics::Kind::Ratio => "0.0",
        metrics::Kind::Stock | metrics::Kind::Flow if m.unit == "FTE" => "#,##0.0",
        metrics::Kind::Stock | metrics::Kind::Flow => "#,##0",
    }
}

/// A statistic's name as a heading: "median", "5th percentile".
fn stat_label(stat: &str) -> String {
    match stat {
        "mean" => "mean".into(),
        "p50" => "median".into(),
        p => format!("{}th percentile", p.trim_start_matches('p')),
    }
}

/// Money as the f64 stored in a cell: the amount rounded to pence, converted through its
/// decimal text so that the stored double is the one nearest the exact figure.
pub fn money_f64(m: Money) -> f64 {
    m.round_pence().to_string().parse::<f64>().unwrap_or(f64::NAN)
}

fn excel_date(iso: &str) -> Option<ExcelDateTime> {
    let d: chrono::NaiveDate = iso.parse().ok()?;
    use chrono::Datelike;
    ExcelDateTime::from_ymd(u16::try_from(d.year()).ok()?, d.month() as u8, d.day() as u8).ok()
}
