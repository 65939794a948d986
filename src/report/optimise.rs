//! The optimisation in the budget paper: the frontier chart (expected spend against the
//! chance of meeting every target, drawn with plotters as [`super::tornado`] is, all text
//! placed explicitly so the SVG is the same bytes natively and in WebAssembly), a section
//! of the paper and a sheet of the workbook.

use super::chart_style::{GRID, INK, MUTED, style};
use super::doc::{Align, Block, Figure, Table};
use crate::analysis::optimise::{CandidateResult, Optimisation};
use crate::error::ReportError;
use crate::money::Money;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

const LINE: RGBColor = RGBColor(0x08, 0x30, 0x6b);
const CLOUD: RGBColor = RGBColor(0xbb, 0xbb, 0xbb);
const CHOSEN: RGBColor = RGBColor(0x1a, 0x7f, 0x37);
const CURRENT: RGBColor = RGBColor(0xc0, 0x39, 0x2b);

fn err<E: std::fmt::Display>(e: E) -> ReportError {
    ReportError::Format(format!("frontier chart: {e}"))
}

fn gbp(x: f64) -> String {
    Money::from_f64(x).map(|m| m.round_pounds().format_gbp()).unwrap_or_else(|| "-".into())
}

/// The frontier as SVG text: every candidate evaluated at full precision as a grey dot,
/// the frontier as a line, the chosen plan in green and the current plan in red.
pub fn frontier_svg(o: &Optimisation) -> Result<String, ReportError> {
    let (w, h, top, bottom, left, right) = (900u32, 560u32, 80i32, 90i32, 110i32, 40i32);
    let full: Vec<&CandidateResult> = o.candidates.iter().filter(|c| c.runs >= o.provenance.runs).collect();
    let xs =
        full.iter().map(|c| c.expected_spend.to_f64()).chain(o.frontier.iter().map(|f| f.expected_spend));
    let (mut lo, mut hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    let span = if hi > lo { hi - lo } else { hi.abs().max(1.0) * 0.1 };
    let (lo, hi) = (lo - 0.05 * span, hi + 0.05 * span);
    let (x0, x1, y0, y1) = (left, w as i32 - right, h as i32 - bottom, top);
    let xp = |v: f64| x0 + ((v - lo) / (hi - lo) * (x1 - x0) as f64).round() as i32;
    let yp = |p: f64| y0 - (p * (y0 - y1) as f64).round() as i32;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        root.draw(&Text::new("Cost-service frontier", (20, 24), style(20.0, &INK, HPos::Left)))
            .map_err(err)?;
        let sub = format!(
            "Expected spend ({}) against the chance every target is met; {} runs per plan",
            o.objective.trim_start_matches("minimise "),
            o.provenance.runs
        );
        root.draw(&Text::new(sub, (20, 50), style(12.0, &MUTED, HPos::Left))).map_err(err)?;
        for k in 0..=4 {
            let p = k as f64 / 4.0;
            root.draw(&PathElement::new(vec![(x0, yp(p)), (x1, yp(p))], GRID.stroke_width(1)))
                .map_err(err)?;
            root.draw(&Text::new(
                format!("{:.0}%", p * 100.0),
                (x0 - 8, yp(p)),
                style(11.0, &MUTED, HPos::Right),
            ))
            .map_err(err)?;
            let v = lo + (hi - lo) * p;
            root.draw(&Text::new(gbp(v), (xp(v), y0 + 16), style(11.0, &MUTED, HPos::Center)))
                .map_err(err)?;
        }
        root.draw(&Text::new("expected spend", ((x0 + x1) / 2, y0 + 38), style(12.0, &INK, HPos::Center)))
            .map_err(err)?;
        root.draw(&Text::new("P(all targets met)", (20, y1 - 20), style(12.0, &INK, HPos::Left)))
            .map_err(err)?;
        for c in &full {
            root.draw(&Circle::new((xp(c.expected_spend.to_f64()), yp(c.p_all)), 3, CLOUD.filled()))
                .map_err(err)?;
        }
        let line: Vec<(i32, i32)> = o
            .frontier
            .iter()
            .filter(|f| !f.current || f.candidate.is_some())
            .map(|f| (xp(f.expected_spend), yp(f.p_all)))
            .collect();
        root.draw(&PathElement::new(line.clone(), LINE.stroke_width(2))).map_err(err)?;
        for &p in &line {
            root.draw(&Circle::new(p, 4, LINE.filled())).map_err(err)?;
        }
        let mark = |x: f64, p: f64, color: &'static RGBColor, label: &str| -> Result<(), ReportError> {
            let at = (xp(x), yp(p));
            root.draw(&Circle::new(at, 7, color.stroke_width(3))).map_err(err)?;
            root.draw(&Text::new(label.to_string(), (at.0 + 12, at.1 - 12), style(12.0, color, HPos::Left)))
                .map_err(err)
        };
        let cur = &o.current;
        mark(cur.expected_spend.to_f64(), cur.p_all, &CURRENT, "current plan")?;
        if let Some(c) = &o.chosen {
            mark(c.expected_spend.to_f64(), c.p_all, &CHOSEN, "chosen plan")?;
        }
        let p = &o.provenance;
        let source = format!(
            "Source: wfsim {}, scenario {} {}, seed {}",
            p.engine_version, p.scenario.name, p.scenario.hash, p.seed
        );
        root.draw(&Text::new(source, (20, h as i32 - 12), style(11.0, &MUTED, HPos::Left))).map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(out)
}

fn pct(p: f64, se: f64) -> String {
    format!("{:.1}% (± {:.1})", p * 100.0, se * 100.0)
}

/// The paper's section: the question, the answer against the current plan, the frontier
/// table and chart. Returns the blocks and the chart's file.
pub fn section(o: &Optimisation) -> Result<(Vec<Block>, super::paper::ReportFile), ReportError> {
    let mut b = vec![Block::Heading(2, "The cheapest plan that meets the targets".into())];
    b.push(Block::Para(format!(
        "The question: {}, subject to {}. {} candidate plans were raced on the same random numbers; {} runs were used against {} for every plan at full precision ({} runs each).",
        o.objective,
        o.constraints.join("; "),
        o.candidates.len(),
        o.runs_used.search + o.runs_used.frontier + o.runs_used.current_plan,
        o.runs_used.exhaustive_grid,
        o.provenance.runs
    )));
    let mut t = Table::new(
        &["", "Plan", "Expected spend", "P(all targets)"],
        &[Align::Left, Align::Left, Align::Right, Align::Right],
    )
    .caption("The chosen plan against the current plan");
    let row = |label: &str, c: &CandidateResult| {
        vec![
            label.to_string(),
            c.plan_text(),
            c.expected_spend.round_pounds().format_gbp(),
            pct(c.p_all, c.p_all_se),
        ]
    };
    match &o.chosen {
        Some(c) => t.push(row("Chosen", c)),
        None => t.push(vec!["Chosen".into(), "no plan meets every target".into(), "-".into(), "-".into()]),
    }
    t.push(row("Current", &o.current));
    b.push(Block::Table(t));
    if let Some(c) = &o.chosen {
        let mut k = Table::new(
            &["Target", "Required", "Chosen plan", "Current plan"],
            &[Align::Left, Align::Right, Align::Right, Align::Right],
        )
        .caption("Chance of each target (± one standard error)");
        for (a, cur) in c.constraints.iter().zip(&o.current.constraints) {
            k.push(vec![
                a.constraint.clone(),
                format!("{:.0}%", a.required * 100.0),
                pct(a.probability, a.standard_error),
                pct(cur.probability, cur.standard_error),
            ]);
        }
        b.push(Block::Table(k));
        let saving = o.current.expected_spend - c.expected_spend;
        b.push(Block::Note(format!(
            "Expected saving against the current plan: {} (paired runs).",
            saving.round_pounds().format_gbp()
        )));
    }
    let mut f = Table::new(
        &["Expected spend", "P(all targets)", "Runs", "Plan", ""],
        &[Align::Right, Align::Right, Align::Right, Align::Left, Align::Left],
    )
    .caption("Cost-service frontier: no other plan is both cheaper and likelier to meet every target");
    for p in &o.frontier {
        let mark = [(p.chosen, "chosen"), (p.current, "current")]
            .iter()
            .filter(|m| m.0)
            .map(|m| m.1)
            .collect::<Vec<_>>()
            .join(", ");
        f.push(vec![
            gbp(p.expected_spend),
            pct(p.p_all, p.p_all_se),
            p.runs.to_string(),
            p.plan.join(", "),
            mark,
        ]);
    }
    b.push(Block::Table(f));
    let svg = frontier_svg(o)?;
    let name = "charts/frontier.svg".to_string();
    b.push(Block::Figure(Figure {
        title: "Cost-service frontier".into(),
        svg: svg.clone(),
        href: name.clone(),
        caption: format!(
            "Cost-service frontier: expected spend against the chance every target is met. File: {name}."
        ),
    }));
    Ok((b, (name, svg.into_bytes())))
}

fn xerr(e: XlsxError) -> ReportError {
    ReportError::Format(format!("workbook: {e}"))
}

/// The workbook's Optimise sheet: every candidate, its plan, runs, expected spend, chances.
pub fn sheet(wb: &mut Workbook, o: &Optimisation) -> Result<(), ReportError> {
    let ws = wb.add_worksheet();
    ws.set_name("Optimise").map_err(xerr)?;
    let head = Format::new().set_bold().set_background_color("#E8E8E8").set_text_wrap();
    let money = Format::new().set_num_format(super::workbook::MONEY_FORMAT);
    let pctf = Format::new().set_num_format("0.0%");
    let mut cols: Vec<String> = o.variables.iter().map(|v| v.path.clone()).collect();
    cols.extend(
        ["Status", "Runs", "Expected spend", "Spend s.e.", "P(all targets)", "s.e."].map(String::from),
    );
    cols.extend(o.constraints.iter().cloned());
    cols.push("On frontier".into());
    for (c, name) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, name, &head).map_err(xerr)?;
    }
    let on_frontier = |i: Option<usize>| o.frontier.iter().any(|f| f.candidate == i && i.is_some());
    let rows = o.candidates.iter().chain(std::iter::once(&o.current));
    for (r, c) in rows.enumerate() {
        let row = r as u32 + 1;
        let mut col = 0u16;
        for s in &c.plan {
            match s.value.as_f64() {
                Some(x) => ws.write_number(row, col, x),
                None => ws.write_string(
                    row,
                    col,
                    s.value.as_str().map(String::from).unwrap_or_else(|| s.value.to_string()),
                ),
            }
            .map_err(xerr)?;
            col += 1;
        }
        ws.write_string(row, col, &c.status).map_err(xerr)?;
        ws.write_number(row, col + 1, c.runs as f64).map_err(xerr)?;
        ws.write_number_with_format(row, col + 2, super::workbook::money_f64(c.expected_spend), &money)
            .map_err(xerr)?;
        ws.write_number_with_format(row, col + 3, c.expected_spend_se, &money).map_err(xerr)?;
        ws.write_number_with_format(row, col + 4, c.p_all, &pctf).map_err(xerr)?;
        ws.write_number_with_format(row, col + 5, c.p_all_se, &pctf).map_err(xerr)?;
        col += 6;
        for k in &c.constraints {
            ws.write_number_with_format(row, col, k.probability, &pctf).map_err(xerr)?;
            col += 1;
        }
        ws.write_string(row, col, if on_frontier(c.candidate) { "yes" } else { "" }).map_err(xerr)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    Ok(())
}
