//! Charts for the budget paper, drawn with plotters: fan charts of weekly metrics (the
//! 5th-95th and 25th-75th percentile bands across runs and the median line) and cumulative
//! spend against budget for each financial year.
//!
//! Every chart has a title, a subtitle saying what the bands are, the unit of the y axis,
//! dates on the x axis and a source line with the provenance (engine version, scenario
//! hash, runs, seed). Bands and lines differ in lightness and dash pattern, not only in hue,
//! so the charts read in greyscale.
//!
//! All text is placed explicitly (no plotters captions, legends or right-hand axes), so no
//! drawing step asks the font for text sizes: the SVG is then the same bytes natively and in
//! WebAssembly, where plotters would otherwise measure text through the browser's DOM.
//! PNG rendering (feature `png`, native and WebAssembly alike) uses plotters' bitmap backend
//! with text from an embedded DejaVu Sans (report::raster), never a system font.

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// Width and height of a chart in CSS pixels (the SVG's size; the PNG is [`PNG_SCALE`] times it).
pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 520;
/// The PNG is drawn at this multiple of the SVG's size, for print.
pub const PNG_SCALE: u32 = 2;

/// The font family name used in the SVG and registered for the PNG.
const FAMILY: &str = "sans-serif";

// Colours: a blue ramp whose steps differ strongly in lightness (so the bands survive
// greyscale printing), black for budgets and markers.
const OUTER: RGBColor = RGBColor(0xc6, 0xdb, 0xef); // 5th-95th band, light
const INNER: RGBColor = RGBColor(0x6b, 0xae, 0xd6); // 25th-75th band, mid
const MEDIAN: RGBColor = RGBColor(0x08, 0x30, 0x6b); // median, very dark
const INK: RGBColor = RGBColor(0x11, 0x11, 0x11);
const MUTED: RGBColor = RGBColor(0x44, 0x44, 0x44);
const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);
const AXIS: RGBColor = RGBColor(0x77, 0x77, 0x77);

/// Hex colours as plotters writes them in SVG (tests look for them).
pub const OUTER_HEX: &str = "#C6DBEF";
pub const INNER_HEX: &str = "#6BAED6";
pub const MEDIAN_HEX: &str = "#08306B";

/// How the y values are labelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YFormat {
    /// Whole numbers with thousands separators.
    Count,
    /// Values are shares 0..1, shown as percentages.
    Percent,
    /// Values are pounds, shown in millions.
    Millions,
}

impl YFormat {
    fn scale(self) -> f64 {
        match self {
            YFormat::Count => 1.0,
            YFormat::Percent => 100.0,
            YFormat::Millions => 1e-6,
        }
    }
}

/// A band's lower and upper edges, one value a date (`None`: a gap).
pub type Band = (Vec<Option<f64>>, Vec<Option<f64>>);

/// A chart, ready to draw: values in their natural unit (counts, shares, pounds).
#[derive(Clone, Debug)]
pub struct Chart {
    /// File name without extension, such as `"ia-backlog"`.
    pub stem: String,
    pub title: String,
    pub subtitle: String,
    /// The unit of the y axis, written above it ("Cases", "£ million").
    pub y_unit: String,
    /// The provenance line at the foot.
    pub source: String,
    pub y_format: YFormat,
    pub dates: Vec<NaiveDate>,
    /// Lower and upper edges of the outer (5th-95th) and inner (25th-75th) bands.
    pub outer: Option<Band>,
    pub inner: Option<Band>,
    pub median: Vec<Option<f64>>,
    /// Legend text of the median line, and whether it is drawn dashed (an approximation).
    pub median_label: String,
    pub median_dashed: bool,
    /// A horizontal reference line (a budget) and its legend text.
    pub hline: Option<(f64, String)>,
    /// An interval marker at a date: (date, low, mid, high, legend text).
    pub marker: Option<(NaiveDate, f64, f64, f64, String)>,
    /// The x range; by default the first to the last date.
    pub x_range: Option<(NaiveDate, NaiveDate)>,
}

/// Days since the common era, as a float x coordinate.
fn x_of(d: NaiveDate) -> f64 {
    d.num_days_from_ce() as f64
}

fn date_of(x: f64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(x.round() as i32)
}

/// A date axis with ticks on the first of months (every 1, 3, 6 or 12 months, aligned
/// to the financial year: April, July, October, January), labelled "Apr 2012".
#[derive(Clone, Debug)]
struct DateAxis {
    lo: f64,
    hi: f64,
}

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl DateAxis {
    fn month_starts(&self, step: u32) -> Vec<f64> {
        let (Some(a), Some(b)) = (date_of(self.lo), date_of(self.hi)) else { return Vec::new() };
        let mut out = Vec::new();
        let (mut y, mut m) = (a.year(), a.month());
        loop {
            if let Some(d) = NaiveDate::from_ymd_opt(y, m, 1) {
                if d > b {
                    break;
                }
                // Months counted from April, so quarters fall on Apr, Jul, Oct, Jan.
                if d >= a && (m + 12 - 4) % step == 0 {
                    out.push(x_of(d));
                }
            }
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
            if y > b.year() + 1 {
                break;
            }
        }
        out
    }
}

impl Ranged for DateAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = (self.hi - self.lo).max(1e-9);
        let t = (v - self.lo) / span;
        limit.0 + (t * (limit.1 - limit.0) as f64).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        let max = hint.max_num_points().max(2);
        for step in [1, 3, 6, 12] {
            let pts = self.month_starts(step);
            if pts.len() <= max {
                return pts;
            }
        }
        self.month_starts(12)
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for DateAxis {
    fn format_ext(&self, v: &f64) -> String {
        date_of(*v).map(|d| format!("{} {}", MONTHS[d.month0() as usize], d.year())).unwrap_or_default()
    }
}

/// Tick labels: thousands separators, at most two decimals, trailing zeros dropped.
pub fn format_tick(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let r = (v * 100.0).round() / 100.0;
    let neg = r < 0.0;
    let a = r.abs();
    let int = a.trunc() as u64;
    let frac = ((a - a.trunc()) * 100.0).round() as u64;
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut s = if neg && (int > 0 || frac > 0) { format!("-{grouped}") } else { grouped };
    if frac > 0 {
        let f = format!("{frac:02}");
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    s
}

fn font(size: f64, bold: bool) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, if bold { FontStyle::Bold } else { FontStyle::Normal })
}

fn text_style(size: f64, bold: bool, color: &'static RGBColor, h: HPos) -> TextStyle<'static> {
    TextStyle::from(font(size, bold)).color(color).pos(Pos::new(h, VPos::Top))
}

/// Splits text into lines of at most `max` characters, at spaces.
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Contiguous runs of indices where every given series is defined.
fn segments(n: usize, defined: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for i in 0..=n {
        let ok = i < n && defined(i);
        match (ok, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

type DrawResult = Result<(), String>;

fn err<E: std::fmt::Display>(e: E) -> String {
    format!("chart: {e}")
}

/// Draws a chart on a drawing area of `WIDTH x HEIGHT` times `s`.
fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Chart, s: f64) -> DrawResult {
    let px = |v: f64| (v * s).round() as i32;
    // Text sizes: plotters writes SVG font-size as size / 1.24.
    let fs = |v: f64| v * s * 1.24;
    root.fill(&WHITE).map_err(err)?;
    let w = WIDTH as f64;
    let h = HEIGHT as f64;
    let left = 18.0;

    // Title, subtitle (wrapped), unit.
    root.draw(&Text::new(
        c.title.clone(),
        (px(left), px(12.0)),
        text_style(fs(19.0), true, &INK, HPos::Left),
    ))
    .map_err(err)?;
    let mut y = 40.0;
    for line in wrap(&c.subtitle, 118).into_iter().take(2) {
        root.draw(&Text::new(line, (px(left), px(y)), text_style(fs(12.5), false, &MUTED, HPos::Left)))
            .map_err(err)?;
        y += 17.0;
    }
    let top = y + 8.0;
    root.draw(&Text::new(
        c.y_unit.clone(),
        (px(left), px(top)),
        text_style(fs(12.0), true, &INK, HPos::Left),
    ))
    .map_err(err)?;

    // Data ranges.
    let scale = c.y_format.scale();
    let (x0, x1) = c.x_range.unwrap_or_else(|| {
        (c.dates.first().copied().unwrap_or_default(), c.dates.last().copied().unwrap_or_default())
    });
    let (lo, hi) = (x_of(x0), x_of(x1).max(x_of(x0) + 1.0));
    let mut ymax: f64 = 0.0;
    let mut ymin: f64 = 0.0;
    let mut see = |v: Option<f64>| {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            ymax = ymax.max(v * scale);
            ymin = ymin.min(v * scale);
        }
    };
    for v in c.median.iter().copied() {
        see(v);
    }
    for (a, b) in c.outer.iter().chain(c.inner.iter()) {
        for v in a.iter().chain(b.iter()).copied() {
            see(v);
        }
    }
    if let Some((v, _)) = &c.hline {
        see(Some(*v));
    }
    if let Some((_, a, _, b, _)) = &c.marker {
        see(Some(*a));
        see(Some(*b));
    }
    if c.y_format == YFormat::Percent {
        ymin = 0.0;
        ymax = 100.0;
    } else if ymax <= 0.0 {
        ymax = 1.0;
    } else {
        ymax *= 1.08;
    }

    // The plot, below the heading and above the legend and source.
    let legend_h = 58.0;
    let plot = root.margin(px(top + 26.0), px(legend_h + 4.0), px(6.0), px(22.0));
    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(px(26.0))
        .y_label_area_size(px(62.0))
        .build_cartesian_2d(DateAxis { lo, hi }, ymin..ymax)
        .map_err(err)?;
    let yfmt = c.y_format;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(ShapeStyle::from(&GRID).stroke_width(px(1.0).max(1) as u32))
        .light_line_style(ShapeStyle::from(&WHITE.mix(0.0)))
        .axis_style(ShapeStyle::from(&AXIS).stroke_width(px(1.0).max(1) as u32))
        .x_labels(((w - 120.0) / 80.0) as usize)
        .y_labels(7)
        .label_style(TextStyle::from(font(fs(11.5), false)).color(&INK))
        .y_label_formatter(&move |v: &f64| match yfmt {
            YFormat::Percent => format!("{}%", format_tick(*v)),
            _ => format_tick(*v),
        })
        .set_all_tick_mark_size(px(4.0))
        .draw()
        .map_err(err)?;

    let at = |i: usize, v: f64| (x_of(c.dates[i]), v * scale);
    let n = c.dates.len();
    for (band, color) in [(&c.outer, OUTER), (&c.inner, INNER)] {
        let Some((low, high)) = band else { continue };
        let ok =
            |i: usize| low.get(i).copied().flatten().is_some() && high.get(i).copied().flatten().is_some();
        for seg in segments(n, ok) {
            let mut pts: Vec<(f64, f64)> = seg.clone().map(|i| at(i, high[i].unwrap_or(0.0))).collect();
            pts.extend(seg.rev().map(|i| at(i, low[i].unwrap_or(0.0))));
            chart.draw_series(std::iter::once(Polygon::new(pts, color.filled()))).map_err(err)?;
        }
    }
    if let Some((v, _)) = &c.hline {
        let style = ShapeStyle::from(&INK).stroke_width(px(2.0) as u32);
        chart
            .draw_series(std::iter::once(DashedPathElement::new(
                vec![(lo, v * scale), (hi, v * scale)],
                px(9.0),
                px(5.0),
                style,
            )))
            .map_err(err)?;
    }
    let median_style = ShapeStyle::from(&MEDIAN).stroke_width(px(2.5) as u32);
    for seg in segments(n, |i| c.median.get(i).copied().flatten().is_some()) {
        let pts: Vec<(f64, f64)> = seg.map(|i| at(i, c.median[i].unwrap_or(0.0))).collect();
        if c.median_dashed {
            chart
                .draw_series(std::iter::once(DashedPathElement::new(pts, px(4.0), px(4.0), median_style)))
                .map_err(err)?;
        } else {
            chart.draw_series(std::iter::once(PathElement::new(pts, median_style))).map_err(err)?;
        }
    }
    if let Some((d, a, m, b, _)) = &c.marker {
        let x = x_of(*d);
        let st = ShapeStyle::from(&INK).stroke_width(px(2.0) as u32);
        let cap = (hi - lo) * 0.008;
        let lines = vec![
            vec![(x, a * scale), (x, b * scale)],
            vec![(x - cap, a * scale), (x + cap, a * scale)],
            vec![(x - cap, b * scale), (x + cap, b * scale)],
        ];
        chart.draw_series(lines.into_iter().map(|l| PathElement::new(l, st))).map_err(err)?;
        chart
            .draw_series(std::iter::once(Circle::new((x, m * scale), px(4.0), INK.filled())))
            .map_err(err)?;
    }

    // Legend: swatches in a row.
    let mut items: Vec<(Swatch, String)> = Vec::new();
    if c.outer.is_some() {
        items.push((Swatch::Fill(OUTER), "5th to 95th percentile (90% of runs)".into()));
    }
    if c.inner.is_some() {
        items.push((Swatch::Fill(INNER), "25th to 75th percentile (50% of runs)".into()));
    }
    items.push((
        if c.median_dashed { Swatch::Dash(MEDIAN) } else { Swatch::Line(MEDIAN) },
        c.median_label.clone(),
    ));
    if let Some((_, label)) = &c.hline {
        items.push((Swatch::Dash(INK), label.clone()));
    }
    if let Some((_, _, _, _, label)) = &c.marker {
        items.push((Swatch::Bar(INK), label.clone()));
    }
    let mut lx = left;
    let mut ly = h - legend_h + 2.0;
    for (sw, label) in items {
        // About 6.3 px a character at this size in DejaVu Sans.
        let width = 30.0 + label.chars().count() as f64 * 6.3 + 18.0;
        if lx + width > w - 10.0 && lx > left {
            lx = left;
            ly += 18.0;
        }
        sw.draw(root, (lx, ly), s)?;
        root.draw(&Text::new(label, (px(lx + 30.0), px(ly)), text_style(fs(11.5), false, &INK, HPos::Left)))
            .map_err(err)?;
        lx += width;
    }
    // Source line.
    root.draw(&Text::new(
        c.source.clone(),
        (px(left), px(h - 18.0)),
        text_style(fs(10.0), false, &MUTED, HPos::Left),
    ))
    .map_err(err)?;
    root.present().map_err(err)?;
    Ok(())
}

enum Swatch {
    Fill(RGBColor),
    Line(RGBColor),
    Dash(RGBColor),
    Bar(RGBColor),
}

impl Swatch {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        (x, y): (f64, f64),
        s: f64,
    ) -> DrawResult {
        let px = |v: f64| (v * s).round() as i32;
        let mid = y + 7.0;
        match self {
            Swatch::Fill(c) => root
                .draw(&Rectangle::new([(px(x), px(y + 1.0)), (px(x + 24.0), px(y + 13.0))], c.filled()))
                .map_err(err),
            Swatch::Line(c) => root
                .draw(&PathElement::new(
                    vec![(px(x), px(mid)), (px(x + 24.0), px(mid))],
                    ShapeStyle::from(c).stroke_width(px(2.5) as u32),
                ))
                .map_err(err),
            Swatch::Dash(c) => {
                for k in 0..3 {
                    let a = x + k as f64 * 9.0;
                    root.draw(&PathElement::new(
                        vec![(px(a), px(mid)), (px(a + 5.0), px(mid))],
                        ShapeStyle::from(c).stroke_width(px(2.0) as u32),
                    ))
                    .map_err(err)?;
                }
                Ok(())
            }
            Swatch::Bar(c) => {
                let st = ShapeStyle::from(c).stroke_width(px(2.0) as u32);
                root.draw(&PathElement::new(vec![(px(x + 12.0), px(y)), (px(x + 12.0), px(y + 14.0))], st))
                    .map_err(err)?;
                root.draw(&Circle::new((px(x + 12.0), px(mid)), px(3.5), c.filled())).map_err(err)
            }
        }
    }
}

/// The chart as SVG text.
pub fn to_svg(c: &Chart) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, c, 1.0)?;
    }
    Ok(out)
}

/// The chart as PNG bytes, at [`PNG_SCALE`] times the SVG's size.
#[cfg(feature = "png")]
pub fn to_png(c: &Chart) -> Result<Vec<u8>, String> {
    let (w, h) = (WIDTH * PNG_SCALE, HEIGHT * PNG_SCALE);
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = super::raster::GlyphBackend::with_buffer(&mut rgb, (w, h))?.into_drawing_area();
        draw(&root, c, PNG_SCALE as f64)?;
    }
    encode_png(&rgb, w, h)
}

#[cfg(feature = "png")]
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(err)?;
        writer.write_image_data(rgb).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}

/// Whether this build can render PNG charts.
pub const PNG_AVAILABLE: bool = cfg!(feature = "png");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks() {
        assert_eq!(format_tick(0.0), "0");
        assert_eq!(format_tick(1234.0), "1,234");
        assert_eq!(format_tick(2.5), "2.5");
        assert_eq!(format_tick(-0.25), "-0.25");
        assert_eq!(format_tick(1_000_000.0), "1,000,000");
    }

    #[test]
    fn date_ticks_fall_on_quarters() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let ax = DateAxis { lo: x_of(d("2011-11-28")), hi: x_of(d("2013-11-22")) };
        let labels: Vec<String> = ax.month_starts(3).iter().map(|v| ax.format_ext(v)).collect();
        assert_eq!(labels.first().map(String::as_str), Some("Jan 2012"));
        assert!(labels.contains(&"Apr 2013".to_string()));
        assert_eq!(labels.len(), 8);
    }

    #[test]
    fn gaps_split_segments() {
        let v = [Some(1.0), None, Some(2.0), Some(3.0)];
        assert_eq!(segments(4, |i| v[i].is_some()), vec![0..1, 2..4]);
    }
}
