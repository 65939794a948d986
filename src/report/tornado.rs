//! The tornado chart of a sensitivity analysis, drawn with plotters: one horizontal bar
//! per parameter from the mean outcome at its low setting to the mean at its high
//! setting, around the base mean, largest swing at the top. Low and high ends differ in
//! lightness (they read in greyscale); all text is placed explicitly, as in
//! [`super::charts`], so the SVG is the same bytes natively and in WebAssembly.

use super::chart_style::{GRID, INK, MUTED, style};
use crate::analysis::sensitivity::Sensitivity;
use crate::error::ReportError;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

const LOW: RGBColor = RGBColor(0x6b, 0xae, 0xd6);
const HIGH: RGBColor = RGBColor(0x08, 0x30, 0x6b);

fn err<E: std::fmt::Display>(e: E) -> ReportError {
    ReportError::Format(format!("tornado chart: {e}"))
}

/// The tornado of the top `rows` parameters as SVG text.
pub fn tornado_svg(s: &Sensitivity, rows: usize) -> Result<String, ReportError> {
    let shown: Vec<_> =
        s.tornado.iter().filter(|r| r.low_mean.is_finite() && r.high_mean.is_finite()).take(rows).collect();
    let (w, row_h, top, bottom, left, right) = (900u32, 28u32, 90u32, 70u32, 330i32, 40i32);
    let h = top + bottom + row_h * shown.len().max(1) as u32;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let title = format!("What drives {}", s.outcome);
        root.draw(&Text::new(title, (20, 24), style(20.0, &INK, HPos::Left))).map_err(err)?;
        let sub = format!(
            "Mean over {} paired runs with each parameter at its low and high setting (p10/p90 if uncertain, -20%/+20% if fixed); base mean {:.1}",
            s.provenance.runs, s.base_mean
        );
        root.draw(&Text::new(sub, (20, 50), style(12.0, &MUTED, HPos::Left))).map_err(err)?;
        let lo = shown.iter().map(|r| r.low_mean.min(r.high_mean)).fold(s.base_mean, f64::min);
        let hi = shown.iter().map(|r| r.low_mean.max(r.high_mean)).fold(s.base_mean, f64::max);
        let span = if hi > lo { hi - lo } else { 1.0 };
        let (lo, hi) = (lo - 0.05 * span, hi + 0.05 * span);
        let x0 = left;
        let x1 = w as i32 - right;
        let xp = |v: f64| x0 + ((v - lo) / (hi - lo) * (x1 - x0) as f64).round() as i32;
        // Base line and axis ticks.
        let plot_bottom = (top + row_h * shown.len().max(1) as u32) as i32;
        for k in 0..=4 {
            let v = lo + (hi - lo) * k as f64 / 4.0;
            let x = xp(v);
            root.draw(&PathElement::new(vec![(x, top as i32 - 6), (x, plot_bottom)], GRID.stroke_width(1)))
                .map_err(err)?;
            root.draw(&Text::new(
                format!("{v:.1}"),
                (x, plot_bottom + 14),
                style(11.0, &MUTED, HPos::Center),
            ))
            .map_err(err)?;
        }
        let xb = xp(s.base_mean);
        root.draw(&PathElement::new(vec![(xb, top as i32 - 10), (xb, plot_bottom)], INK.stroke_width(2)))
            .map_err(err)?;
        for (i, r) in shown.iter().enumerate() {
            let y = top as i32 + (i as i32) * row_h as i32;
            let (ya, yb) = (y + 5, y + row_h as i32 - 5);
            let (xl, xh) = (xp(r.low_mean), xp(r.high_mean));
            root.draw(&Rectangle::new(
                [(xb.min(xl), ya), (xb.max(xl).max(xb.min(xl) + 1), yb)],
                LOW.filled(),
            ))
            .map_err(err)?;
            root.draw(&Rectangle::new(
                [(xb.min(xh), ya), (xb.max(xh).max(xb.min(xh) + 1), yb)],
                HIGH.filled(),
            ))
            .map_err(err)?;
            let label = if r.path.len() > 44 {
                format!("...{}", &r.path[r.path.len() - 41..])
            } else {
                r.path.clone()
            };
            root.draw(&Text::new(label, (x0 - 10, y + row_h as i32 / 2), style(12.0, &INK, HPos::Right)))
                .map_err(err)?;
        }
        let legend_y = plot_bottom + 36;
        root.draw(&Rectangle::new([(x0, legend_y - 6), (x0 + 14, legend_y + 6)], LOW.filled()))
            .map_err(err)?;
        root.draw(&Text::new(
            "parameter at its low setting",
            (x0 + 20, legend_y),
            style(12.0, &INK, HPos::Left),
        ))
        .map_err(err)?;
        root.draw(&Rectangle::new([(x0 + 260, legend_y - 6), (x0 + 274, legend_y + 6)], HIGH.filled()))
            .map_err(err)?;
        root.draw(&Text::new("at its high setting", (x0 + 280, legend_y), style(12.0, &INK, HPos::Left)))
            .map_err(err)?;
        let p = &s.provenance;
        let source = format!(
            "Source: wfsim {}, scenario {} {}, seed {}",
            p.engine_version, p.scenario.name, p.scenario.hash, p.seed
        );
        root.draw(&Text::new(source, (20, h as i32 - 12), style(11.0, &MUTED, HPos::Left))).map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(out)
}
