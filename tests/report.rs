//! The budget paper (`wfsim report`, `wfsim::report::paper`): snapshots of the Markdown and
//! the CSVs, the workbook read back, the charts parsed, the HTML rendered in headless
//! Chromium, determinism, and the command line.
//!
//! A separate test binary from tests/wfsim.rs: it needs the `paper` and `png` features (on
//! by default) and a browser. Run it with `scripts/test-report`, which installs Chromium if
//! missing, or `cargo test --release --test report`.
//!
//! The snapshots (tests/snapshots/report__*.snap) pin the preset's results at 200 runs.
//! A deliberate change to the engine or the preset changes them: review the new text, then
//! accept it with `INSTA_UPDATE=always cargo test --release --test report` and commit.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use wfsim::report::charts;
use wfsim::report::cumulative::CumulativeSpend;
use wfsim::report::paper::{CumulativeMode, PaperOptions, budget_paper};
use wfsim::scenario::{Scenario, presets};
use wfsim::sim::{Options, Summary, simulate};

#[path = "report/agreement.rs"]
mod agreement;
#[path = "report/outturn_charts.rs"]
mod outturn_charts;
#[path = "report/presenting.rs"]
mod presenting;

const RUNS: u64 = 200;
const PRESET: &str = "peterborough-2012";

struct Fixture {
    scenario: Scenario,
    summary: Summary,
    files: BTreeMap<String, Vec<u8>>,
}

fn options() -> PaperOptions {
    PaperOptions {
        command: Some(format!("wfsim report --preset {PRESET} --runs {RUNS} --seed 20120326 --out report")),
        scenario_text: Some(presets::text(PRESET).unwrap().to_string()),
        ..Default::default()
    }
}

fn build(threads: Option<usize>) -> (Scenario, Summary, Vec<(String, Vec<u8>)>) {
    let scenario = presets::load(PRESET).unwrap();
    let mut opts = Options::new(RUNS, scenario.default_seed());
    opts.threads = threads;
    let summary = simulate(&scenario, &opts).unwrap();
    let files = budget_paper(&scenario, &summary, &options()).unwrap();
    (scenario, summary, files)
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let (scenario, summary, files) = build(None);
        let n = files.len();
        let files: BTreeMap<String, Vec<u8>> = files.into_iter().collect();
        assert_eq!(files.len(), n, "file names are unique");
        Fixture { scenario, summary, files }
    })
}

fn text(name: &str) -> &'static str {
    let bytes = fixture().files.get(name).unwrap_or_else(|| panic!("no {name} in the bundle"));
    std::str::from_utf8(bytes).unwrap()
}

fn chart_names(ext: &str) -> Vec<&'static String> {
    fixture().files.keys().filter(|k| k.starts_with("charts/") && k.ends_with(ext)).collect()
}

// ---------------------------------------------------------------------------------------
// Contents and snapshots
// ---------------------------------------------------------------------------------------

#[test]
fn bundle_has_every_file() {
    let f = fixture();
    for name in [
        "summary.md",
        "summary.html",
        "summary.json",
        "series.csv",
        "budget.csv",
        "workbook.xlsx",
        "scenario.toml",
    ] {
        assert!(f.files.contains_key(name), "missing {name}");
    }
    let stems = [
        "permanent-fte",
        "agency-fte",
        "pod-fte",
        "vacancies",
        "ia-backlog",
        "ca-backlog",
        "ia-on-time-rate",
        "ca-on-time-rate",
        "assessment-team-cases",
        "lac",
        "cumulative-spend-2011-12",
        "cumulative-spend-2012-13",
        "cumulative-spend-2013-14",
    ];
    for stem in stems {
        for ext in ["svg", "png"] {
            assert!(f.files.contains_key(&format!("charts/{stem}.{ext}")), "missing charts/{stem}.{ext}");
        }
    }
}

#[test]
fn json_and_csvs_are_the_run_contract() {
    let f = fixture();
    assert_eq!(text("summary.json"), f.summary.to_json());
    assert_eq!(text("series.csv"), wfsim::report::csv::series_csv(&f.summary).unwrap());
    assert_eq!(text("budget.csv"), wfsim::report::csv::budget_csv(&f.summary).unwrap());
    let rows = text("series.csv").lines().count() - 1;
    assert_eq!(rows, f.summary.series.len() * 8 * f.summary.weeks.len());
}

#[test]
fn snapshot_summary_md() {
    insta::assert_snapshot!("summary_md", text("summary.md"));
}

#[test]
fn snapshot_budget_csv() {
    insta::assert_snapshot!("budget_csv", text("budget.csv"));
}

/// The series CSV has 33 metrics x 8 statistics x 104 weeks (27,456 rows); the snapshot
/// keeps the header and every 13th week (a quarter), which pins every metric and statistic.
#[test]
fn snapshot_series_csv_quarterly() {
    let weeks: Vec<&String> = fixture().summary.weeks.iter().step_by(13).collect();
    let kept: Vec<&str> = text("series.csv")
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || weeks.iter().any(|w| l.starts_with(w.as_str())))
        .map(|(_, l)| l)
        .collect();
    insta::assert_snapshot!("series_csv_quarterly", kept.join("\n"));
}

#[test]
fn markdown_has_the_parts_of_a_budget_paper() {
    let md = text("summary.md");
    for part in [
        "## Headline findings",
        "## Budget",
        "## Key figures at key dates",
        "## Charts",
        "## Assumptions",
        "## Provenance",
        "chance of exceeding it",
        "most likely to overspend",
        "wfsim report --preset peterborough-2012 --runs 200 --seed 20120326 --out report",
        "![",
    ] {
        assert!(md.contains(part), "summary.md lacks {part:?}");
    }
    // Every parameter of the scenario is listed with its path.
    for p in fixture().scenario.params() {
        assert!(md.contains(&format!("`{}`", p.path)), "assumptions lack {}", p.path);
    }
    // Sources from the preset's comments.
    assert!(md.contains("rebased the establishment at 81 social workers"));
}

#[test]
fn html_is_self_contained_with_plain_tables() {
    let html = text("summary.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for banned in
        ["<link", "<script", "src=\"http", "href=\"http", "url(", "@import", "display: grid", "display:grid"]
    {
        assert!(!html.contains(banned), "summary.html contains {banned:?}");
    }
    let tables = html.matches("<table>").count();
    assert!(tables >= 6, "{tables} tables");
    assert!(html.matches("<th scope=\"col\"").count() > 20);
    assert_eq!(html.matches("<svg").count(), chart_names(".svg").len());
    let doc = roxmltree::Document::parse_with_options(
        // The HTML has a doctype and void elements; check its SVG parts parse as XML.
        &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap() + 6],
        roxmltree::ParsingOptions::default(),
    );
    assert!(doc.is_ok(), "{doc:?}");
}

#[test]
fn scenario_file_reproduces_the_hash() {
    let f = fixture();
    let again = Scenario::from_text(text("scenario.toml")).unwrap();
    assert_eq!(again.hash(), f.scenario.hash());
    // And the canonical form (used when no text is given) round-trips too.
    let canonical = Scenario::from_toml(&f.scenario.to_toml()).unwrap();
    assert_eq!(canonical.hash(), f.scenario.hash());
}

// ---------------------------------------------------------------------------------------
// The workbook
// ---------------------------------------------------------------------------------------

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// A cell's number as pence-exact Decimal.
fn cell_dec(d: &calamine::Data) -> Option<Decimal> {
    match d {
        calamine::Data::Float(f) => Some(dec(&format!("{f:.2}"))),
        calamine::Data::Int(i) => Some(Decimal::from(*i)),
        calamine::Data::Empty => None,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn workbook_budget_equals_the_json_to_the_penny() {
    use calamine::{Reader, Xlsx};
    let f = fixture();
    let bytes = f.files["workbook.xlsx"].clone();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Budget", "Inputs", "Weekly", "Definitions", "Provenance"]);

    let json: serde_json::Value = serde_json::from_str(text("summary.json")).unwrap();
    // Lines with neither spend nor budget are left out of the presented table.
    let budget: Vec<&serde_json::Value> = json["budget"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| !b["budget"].is_null() || b["p95"].as_str() != Some("0.00"))
        .collect();
    let sheet = wb.worksheet_range("Budget").unwrap();
    let rows: Vec<&[calamine::Data]> = sheet.rows().collect();
    // A title row and a heading row, then the table.
    assert_eq!(rows[1][1].to_string(), "Budget line");
    let cols = ["budget", "actuals", "mean", "p50", "p5", "p95", "expected_variance", "variance"];
    let mut compared = 0;
    for (row, b) in rows[2..].iter().zip(&budget) {
        assert_eq!(row[0].to_string(), b["financial_year"].as_str().unwrap());
        let label = wfsim::metrics::line_by_name(b["line"].as_str().unwrap()).unwrap().label;
        assert_eq!(row[1].to_string(), label);
        for (k, col) in cols.iter().enumerate() {
            let want = b[*col].as_str().map(dec);
            let got = cell_dec(&row[2 + k]);
            assert_eq!(got, want, "{} {} {col}", b["financial_year"], b["line"]);
            compared += want.is_some() as usize;
        }
        match (&row[10], b["p_overspend"].as_f64()) {
            (calamine::Data::Float(x), Some(p)) => assert_eq!(*x, p),
            other => panic!("p_overspend: {other:?}"),
        }
    }
    assert!(compared > 100, "{compared} figures compared");

    // Inputs: every parameter path; Weekly: a row per week; Provenance: the seed.
    let inputs = wb.worksheet_range("Inputs").unwrap();
    // The field path is the last column (the first is the reader's label).
    let paths: Vec<String> =
        inputs.rows().map(|r| r.get(7).map(|c| c.to_string()).unwrap_or_default()).collect();
    for p in f.scenario.params() {
        assert!(paths.contains(&p.path), "Inputs lacks {}", p.path);
    }
    let weekly = wb.worksheet_range("Weekly").unwrap();
    assert_eq!(weekly.height(), f.summary.weeks.len() + 1);
    assert_eq!(weekly.width(), 1 + f.summary.series.len() * 8);
    let prov = wb.worksheet_range("Provenance").unwrap();
    let seed_row = prov.rows().find(|r| r[0] == "Seed").unwrap();
    assert_eq!(seed_row[1].to_string(), f.summary.seed.to_string());
}

// ---------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------

fn attr_is(n: &roxmltree::Node<'_, '_>, name: &str, value: &str) -> bool {
    n.attribute(name).is_some_and(|v| v.eq_ignore_ascii_case(value))
}

#[test]
fn every_svg_is_well_formed_with_bands_median_and_title() {
    let f = fixture();
    let specs = wfsim::report::paper::chart_specs(
        &f.scenario,
        &f.summary,
        &CumulativeSpend::compute(&f.scenario, &f.summary).unwrap(),
    );
    assert_eq!(specs.len(), chart_names(".svg").len());
    for spec in &specs {
        let name = format!("charts/{}.svg", spec.stem);
        let svg = text(&name);
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg", "{name}");
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(|t| t.trim().to_string()))
            .collect();
        assert!(texts.iter().any(|t| t == &spec.title), "{name}: no title {:?}", spec.title);
        assert!(
            texts.iter().any(|t| t.starts_with("Source: wfsim ") && t.contains(&f.summary.scenario.hash))
        );
        assert!(texts.iter().any(|t| t == &spec.y_unit), "{name}: no unit");
        let is_month = |t: &str| {
            let (m, y) = t.split_once(' ').unwrap_or(("", ""));
            m.len() == 3 && y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())
        };
        assert!(texts.iter().filter(|t| is_month(t)).count() >= 3, "{name}: no dates on the x axis");
        let polygons = |hex: &str| {
            doc.descendants().filter(|n| n.has_tag_name("polygon") && attr_is(n, "fill", hex)).count()
        };
        assert!(polygons(charts::OUTER_HEX) >= 1, "{name}: no 5-95 band");
        assert!(polygons(charts::INNER_HEX) >= 1, "{name}: no 25-75 band");
        let median = doc
            .descendants()
            .filter(|n| n.has_tag_name("polyline") && attr_is(n, "stroke", charts::MEDIAN_HEX))
            .count();
        assert!(median >= 1, "{name}: no median line");
        if spec.stem.starts_with("cumulative-spend") {
            // The budget: a dashed black line (many short polylines).
            let dashes = doc
                .descendants()
                .filter(|n| n.has_tag_name("polyline") && attr_is(n, "stroke", "#111111"))
                .count();
            assert!(dashes > 10, "{name}: no dashed budget line ({dashes})");
            assert!(texts.iter().any(|t| t.starts_with("Full-year budget")), "{name}: no budget legend");
        }
    }
}

fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>, png::ColorType) {
    let dec = png::Decoder::new(Cursor::new(bytes));
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf, info.color_type)
}

/// Variance of the grey level (0-255) over pixels.
fn grey_variance(pixels: &[u8], channels: usize) -> f64 {
    let n = pixels.len() / channels;
    let grey = |i: usize| {
        let p = &pixels[i * channels..i * channels + 3.min(channels)];
        p.iter().map(|&c| c as f64).sum::<f64>() / p.len() as f64
    };
    let mean = (0..n).map(grey).sum::<f64>() / n as f64;
    (0..n).map(|i| (grey(i) - mean).powi(2)).sum::<f64>() / n as f64
}

fn channels(c: png::ColorType) -> usize {
    match c {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        other => panic!("unexpected colour type {other:?}"),
    }
}

#[test]
fn every_png_decodes_and_is_not_blank() {
    for name in chart_names(".png") {
        let (w, h, px, ct) = decode_png(&fixture().files[name]);
        assert_eq!((w, h), (charts::WIDTH * charts::PNG_SCALE, charts::HEIGHT * charts::PNG_SCALE), "{name}");
        let v = grey_variance(&px, channels(ct));
        assert!(v > 100.0, "{name}: grey variance {v}");
        // Text is drawn (the embedded font): dark pixels in the title band at the top.
        let ch = channels(ct);
        let dark = (0..(w * 40 * PNG_ROWS_SCALE) as usize)
            .filter(|i| px[i * ch..i * ch + 3].iter().all(|&c| c < 90))
            .count();
        assert!(dark > 200, "{name}: no title text ({dark} dark pixels)");
    }
}
const PNG_ROWS_SCALE: u32 = charts::PNG_SCALE;

// ---------------------------------------------------------------------------------------
// Cumulative spend
// ---------------------------------------------------------------------------------------

#[test]
fn cumulative_spend_ends_at_the_budget_tables_figures() {
    let f = fixture();
    let cum = CumulativeSpend::exact(&f.scenario, &f.summary).unwrap();
    assert!(cum.exact);
    assert_eq!(cum.years.len(), 3);
    for y in &cum.years {
        let row = f
            .summary
            .budget
            .iter()
            .find(|r| r.financial_year == y.financial_year && r.line == "total")
            .unwrap();
        let last = |v: &Option<Vec<f64>>| *v.as_ref().unwrap().last().unwrap();
        // Type 7 on the same per-run totals: equal to the penny (f64 against Decimal).
        for (got, want) in [(last(&y.p5), row.p5), (*y.p50.last().unwrap(), row.p50), (last(&y.p95), row.p95)]
        {
            assert!((got - want.to_f64()).abs() <= 0.011, "{}: {got} against {want}", y.financial_year);
        }
        assert_eq!(y.p50[0], 0.0);
        // Cumulative: each run's curve rises, so do its percentiles.
        for w in y.p50.windows(2) {
            assert!(w[1] >= w[0] - 0.01, "{}: not rising", y.financial_year);
        }
    }
    let approx = CumulativeSpend::approximate(&f.scenario, &f.summary).unwrap();
    assert!(!approx.exact);
    assert!(approx.years.iter().all(|y| y.p5.is_none()));
}

/// The exact curves rest on weekly spend adding up to the years' totals in each run.
#[test]
fn weekly_spend_adds_up_to_the_year_totals() {
    use wfsim::metrics;
    use wfsim::sim::{Engine, RunRecord, Workspace};
    let f = fixture();
    let engine = Engine::new(&f.scenario);
    let nw = engine.n_weeks();
    let width = wfsim::metrics::LINES.len() + 1;
    let (mut ws, mut rec) = (Workspace::default(), RunRecord::default());
    for run in 0..5 {
        engine.run(f.summary.seed, run, &mut ws, &mut rec, false).unwrap();
        let weekly: f64 = rec.weekly[metrics::SPEND * nw..(metrics::SPEND + 1) * nw].iter().sum();
        let years: f64 = (0..engine.n_fy()).map(|fy| rec.budget[fy * width + width - 1].to_f64()).sum();
        // Weekly figures are rounded to pence: at most half a penny each.
        assert!((weekly - years).abs() <= 0.005 * nw as f64 + 1e-6, "run {run}: {weekly} against {years}");
    }
}

#[test]
fn approximate_mode_labels_itself() {
    let f = fixture();
    let opts = PaperOptions { cumulative: CumulativeMode::Approximate, no_png: true, ..options() };
    let files: BTreeMap<String, Vec<u8>> =
        budget_paper(&f.scenario, &f.summary, &opts).unwrap().into_iter().collect();
    let svg = std::str::from_utf8(&files["charts/cumulative-spend-2012-13.svg"]).unwrap();
    assert!(svg.contains("APPROXIMATE"));
    assert!(!files.keys().any(|k| k.ends_with(".png")));
}

// ---------------------------------------------------------------------------------------
// Determinism and errors
// ---------------------------------------------------------------------------------------

#[test]
fn same_inputs_give_the_same_bytes_whatever_the_threads() {
    let (_, _, one) = build(Some(1));
    let f = fixture();
    assert_eq!(one.len(), f.files.len());
    for (name, bytes) in one {
        assert!(f.files[&name] == bytes, "{name} differs between 1 thread and the default");
    }
}

#[test]
fn a_summary_of_another_scenario_is_refused() {
    let f = fixture();
    let other =
        Scenario::from_toml(&presets::text(PRESET).unwrap().replace("weeks = 104", "weeks = 60")).unwrap();
    let err = budget_paper(&other, &f.summary, &PaperOptions::default()).unwrap_err();
    assert!(err.to_string().contains("not of peterborough-2012"), "{err}");
    let bad = PaperOptions { key_dates: vec!["2030-01-01".parse().unwrap()], ..Default::default() };
    let err = budget_paper(&f.scenario, &f.summary, &bad).unwrap_err();
    assert!(err.to_string().contains("2030-01-01 is outside the simulated weeks"), "{err}");
}

// ---------------------------------------------------------------------------------------
// The command line, and the HTML in a real browser
// ---------------------------------------------------------------------------------------

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wfsim-report-test-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn cli_report_writes_the_folder() {
    let dir = temp_dir("cli");
    let out = dir.join("paper");
    let run = Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args(["report", "--runs", "40", "--seed", "7", "--date", "2012-03-14", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.starts_with("wrote "), "{stdout}");
    for name in [
        "summary.md",
        "summary.html",
        "summary.json",
        "series.csv",
        "budget.csv",
        "workbook.xlsx",
        "scenario.toml",
    ] {
        assert!(out.join(name).is_file(), "missing {name}");
    }
    assert!(out.join("charts/lac.svg").is_file());
    assert!(out.join("charts/lac.png").is_file());
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains("wfsim report --preset peterborough-2012 --runs 40 --seed 7 --date 2012-03-14 --out "),
        "{md}"
    );
    assert!(md.contains("chosen: 14 Mar 2012"));
    // The JSON is the same as `wfsim run --json`.
    let json = Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args(["run", "--runs", "40", "--seed", "7", "--json", "-"])
        .output()
        .unwrap();
    let written = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert_eq!(String::from_utf8_lossy(&json.stdout).trim_end(), written.trim_end());

    // Bad input: a clear one-line message, exit 1, no panic.
    let bad = Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args(["report", "--runs", "10", "--date", "1999-01-01", "--out"])
        .arg(dir.join("bad"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.starts_with("wfsim: --date: 1999-01-01 is outside the simulated weeks"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium(args: &[&str]) -> std::process::Output {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: the HTML report must be checked in a real browser. Install it with \
         `apt-get install -y chromium` (scripts/test-report does this), then run the tests again."
    );
    let mut cmd = Command::new(CHROMIUM);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ]);
    cmd.args(args);
    cmd.output().unwrap()
}

#[test]
fn html_renders_tables_and_charts_in_chromium() {
    let dir = temp_dir("html");
    for (name, bytes) in &fixture().files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
    }
    let page = format!("file://{}", dir.join("summary.html").display());

    // The DOM as the browser built it: tables with header cells, and inline SVG charts.
    let dom = chromium(&["--dump-dom", &page]);
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert!(dom_text.contains("<table>") && dom_text.contains("<th"), "no tables in the DOM");
    assert_eq!(dom_text.matches("<svg").count(), chart_names(".svg").len(), "charts missing from the DOM");

    // A screenshot: produced, non-trivial, not blank, with table headers and chart bands.
    let shot = dir.join("screenshot.png");
    let out = chromium(&[&format!("--screenshot={}", shot.display()), "--window-size=1100,5200", &page]);
    assert!(shot.is_file(), "no screenshot: {}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&shot).unwrap();
    assert!(bytes.len() > 50_000, "screenshot of {} bytes", bytes.len());
    let (w, h, px, ct) = decode_png(&bytes);
    assert_eq!((w, h), (1100, 5200));
    let ch = channels(ct);
    let v = grey_variance(&px, ch);
    assert!(v > 200.0, "screenshot looks blank (grey variance {v})");
    let near = |rgb: [u8; 3]| {
        px.chunks(ch).filter(|p| (0..3).all(|k| (p[k] as i32 - rgb[k] as i32).abs() <= 3)).count()
    };
    assert!(near([0xe8, 0xe8, 0xe8]) > 2_000, "no table header cells rendered");
    assert!(near([0x6b, 0xae, 0xd6]) > 2_000, "no chart bands rendered");
    // Keep the screenshot for a person to look at, next to the test binary's target dir.
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    let _ = std::fs::copy(&shot, keep);
    let _ = std::fs::remove_dir_all(&dir);
}
