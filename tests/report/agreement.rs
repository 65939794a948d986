//! One rounding, every writer: the same summary, with figures chosen to sit on rounding
//! edges (a chance of 0.485, half pounds, negatives, an interpolated count of 10.95),
//! through the terminal table, the paper's Markdown and HTML, the workbook (its stored
//! numbers and number formats read back), the budget CSV and the JSON. The human outputs
//! must show the same £ amounts and percentages; CSV and JSON the plain numbers.

use super::*;
use std::collections::HashMap;
use wfsim::money::Money;

pub(crate) const YEAR: &str = "2012-13";
pub(crate) const LINE: &str = "placements";

fn money(s: &str) -> Money {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e:?}"))
}

/// The fixture's summary with one row, one event and one campaign on rounding edges.
pub(crate) fn edged_summary() -> Summary {
    let mut s = fixture().summary.clone();
    let row = s.budget.iter_mut().find(|r| r.financial_year == YEAR && r.line == LINE).unwrap();
    row.budget = Some(money("1200000.00"));
    row.mean = money("1234567.50"); // half a pound: £1,234,568
    row.p50 = money("1234566.49"); // £1,234,566
    row.p5 = money("-1234.50"); // a negative half pound: −£1,235
    row.p95 = money("2000000.01");
    row.expected_variance = money("34567.50"); // £34,568 over
    row.variance = money("34566.49");
    row.p_overspend = 0.485; // 49%, not 48%
    if let Some(e) = s.events.first_mut() {
        e.probability = 0.485;
    }
    if let Some(c) = s.campaigns.first_mut() {
        c.hires_p5 = 10.950000000000001; // 11 hires
    }
    s
}

/// What a reader must see for the edged row, in every human output.
pub(crate) const SHOWN: [&str; 6] =
    ["£1,200,000", "£1,234,568", "£1,234,566", "\u{2212}£1,235", "£34,568 over", "49%"];

fn edged_files() -> BTreeMap<String, Vec<u8>> {
    let f = fixture();
    let opts = PaperOptions { no_png: true, cumulative: CumulativeMode::Approximate, ..options() };
    budget_paper(&f.scenario, &edged_summary(), &opts).unwrap().into_iter().collect()
}

fn label() -> &'static str {
    wfsim::metrics::line_by_name(LINE).unwrap().label
}

fn assert_shows(writer: &str, text: &str) {
    for want in SHOWN {
        assert!(text.contains(want), "{writer} does not show {want:?} in {text:?}");
    }
}

/// The line of `text` holding the edged row (in the Markdown, the table's, not a finding's).
fn row_line<'a>(text: &'a str, writer: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(YEAR) && l.contains(label()) && (writer != "markdown" || l.starts_with('|')))
        .unwrap_or_else(|| panic!("{writer}: no row for {YEAR} {}", label()))
}

#[test]
fn terminal_markdown_and_html_show_the_same_figures() {
    let s = edged_summary();
    let f = fixture();
    let terminal = wfsim::report::text::summary_text(&s, &f.scenario, None);
    assert_shows("the terminal", row_line(&terminal, "terminal"));
    let files = edged_files();
    let md = std::str::from_utf8(&files["summary.md"]).unwrap();
    assert_shows("the Markdown", row_line(md, "markdown"));
    let html = std::str::from_utf8(&files["summary.html"]).unwrap();
    let tr = html.split("<tr").skip(1).find(|t| t.contains(YEAR) && t.contains(label())).expect("HTML row");
    let cells = tr.replace("</td>", " | ").replace("</th>", " | ");
    let plain: String = cells.split('<').map(|p| p.split_once('>').map_or(p, |x| x.1)).collect();
    assert_shows("the HTML", &plain);

    // The event and the campaign: the same percentage and count in the terminal and paper.
    let e = &s.events[0];
    assert!(terminal.contains(&format!("P({}) = 49%", e.label)), "{terminal}");
    let c = &s.campaigns[0];
    assert!(terminal.contains("interval 11-"), "terminal campaign: {terminal}");
    for (name, text) in [("markdown", md), ("html", html)] {
        assert!(text.contains(": 49% (Monte Carlo"), "{name}: event finding");
        assert!(text.contains(&format!("{} campaign makes", c.name)) || text.contains(&c.name), "{name}");
        assert!(text.contains("(90% interval 11 to "), "{name}: campaign interval");
        assert!(!text.contains("10.95"), "{name}: an unrounded count");
    }
}

/// Excel's (and LibreOffice's) display of a number in one of the workbook's formats: the
/// value taken to 15 significant digits, then rounded half away from zero.
pub(crate) fn displayed(format: &str, v: f64) -> String {
    // In decimal: 0.485 is stored as 0.48499999999999998..., which Excel shows as 49%.
    let d = Decimal::from_scientific(&format!("{v:.14e}")).unwrap();
    match format {
        "0%" => {
            let pct = (d * Decimal::from(100))
                .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            format!("{pct}%")
        }
        f if f == wfsim::report::workbook::MONEY_FORMAT => Money::from_decimal(d).format_gbp(),
        other => panic!("no display rule for {other:?}"),
    }
}

/// Every cell's number format on a sheet of an .xlsx: (row, column) from 0 to the format
/// code, read from the sheet's XML and the workbook's styles.
pub(crate) fn cell_formats(xlsx: &[u8], sheet: usize) -> HashMap<(u32, u32), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let styles = read("xl/styles.xml");
    let sheet_xml = read(&format!("xl/worksheets/sheet{}.xml", sheet + 1));
    let st = roxmltree::Document::parse(&styles).unwrap();
    let builtin = |id: u32| match id {
        0 => "General",
        9 => "0%",
        10 => "0.00%",
        14 => "mm-dd-yy",
        _ => "?",
    };
    let custom: HashMap<u32, String> = st
        .descendants()
        .filter(|n| n.has_tag_name("numFmt"))
        .map(|n| {
            (
                n.attribute("numFmtId").unwrap().parse().unwrap(),
                n.attribute("formatCode").unwrap().to_string(),
            )
        })
        .collect();
    let xfs: Vec<String> = st
        .descendants()
        .find(|n| n.has_tag_name("cellXfs"))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("xf"))
        .map(|n| {
            let id: u32 = n.attribute("numFmtId").unwrap_or("0").parse().unwrap();
            custom.get(&id).cloned().unwrap_or_else(|| builtin(id).to_string())
        })
        .collect();
    let doc = roxmltree::Document::parse(&sheet_xml).unwrap();
    let mut out = HashMap::new();
    for c in doc.descendants().filter(|n| n.has_tag_name("c")) {
        let r = c.attribute("r").unwrap();
        let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let row: u32 = r[letters.len()..].parse::<u32>().unwrap() - 1;
        let col = letters.bytes().fold(0u32, |a, b| a * 26 + (b - b'A' + 1) as u32) - 1;
        let s: usize = c.attribute("s").unwrap_or("0").parse().unwrap();
        out.insert((row, col), xfs[s].clone());
    }
    out
}

#[test]
fn the_workbook_stores_exact_numbers_and_displays_the_same_figures() {
    use calamine::{Reader, Xlsx};
    let files = edged_files();
    let bytes = &files["workbook.xlsx"];
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let sheet = wb.worksheet_range("Budget").unwrap();
    let formats = cell_formats(bytes, 0);
    let (r, row) =
        sheet.rows().enumerate().find(|(_, r)| r[0] == YEAR && r[1] == label()).expect("workbook row");
    let mut shown = Vec::new();
    // Budget, mean, median, p5, expected variance, chance of overspend.
    for (col, exact) in
        [(2, 1_200_000.0), (4, 1_234_567.5), (5, 1_234_566.49), (6, -1234.5), (8, 34_567.5), (10, 0.485)]
    {
        let v = match &row[col] {
            calamine::Data::Float(x) => *x,
            other => panic!("column {col}: {other:?}"),
        };
        assert_eq!(v, exact, "column {col} stores the exact figure");
        let start = sheet.start().unwrap();
        let fmt = &formats[&(r as u32 + start.0, col as u32 + start.1)];
        shown.push(displayed(fmt, v));
    }
    let shown = shown.join(" ");
    // The variance cell shows the amount; "over" is the terminal's word for its sign.
    assert_shows("the workbook", &shown.replace("£34,568", "£34,568 over"));
}

#[test]
fn csv_and_json_carry_plain_numbers() {
    let files = edged_files();
    let csv = std::str::from_utf8(&files["budget.csv"]).unwrap();
    let mut rd = ::csv::Reader::from_reader(csv.as_bytes());
    let head = rd.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rec = rd
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[col("financial_year")] == YEAR && &r[col("line")] == LINE)
        .unwrap();
    for (name, want) in [
        ("budget", "1200000.00"),
        ("mean", "1234567.50"),
        ("p50", "1234566.49"),
        ("p5", "-1234.50"),
        ("expected_variance", "34567.50"),
        ("p_overspend", "0.485"),
    ] {
        assert_eq!(&rec[col(name)], want, "budget.csv {name}");
    }
    assert!(!csv.contains('£'), "CSV carries plain numbers");
    let json: serde_json::Value = serde_json::from_slice(&files["summary.json"]).unwrap();
    let row = json["budget"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["financial_year"] == YEAR && b["line"] == LINE)
        .unwrap();
    assert_eq!(row["mean"], "1234567.50");
    assert_eq!(row["p5"], "-1234.50");
    assert_eq!(row["p_overspend"], 0.485);
}
