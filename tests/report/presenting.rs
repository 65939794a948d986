//! The workbook for presenting: number formats by metric kind, dates as dates, frozen
//! headings and inputs by section (read back from the file), and the workbook rendered by
//! LibreOffice to PDF (landscape, one page wide, £ amounts and reader labels as printed).

use super::agreement::{LINE, SHOWN, YEAR, cell_formats, edged_summary};
use super::*;
use wfsim::report::workbook::{MONEY_FORMAT, MONEY_PENCE_FORMAT};

fn workbook_bytes() -> Vec<u8> {
    fixture().files["workbook.xlsx"].clone()
}

/// A file of the xlsx (zip) as text.
fn part(xlsx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn weekly_sheet_has_formats_by_metric_kind_dates_and_frozen_headings() {
    use calamine::{Reader, Xlsx};
    let bytes = workbook_bytes();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let weekly = wb.worksheet_range("Weekly").unwrap();
    let formats = cell_formats(&bytes, 2);
    let heads: Vec<String> = weekly.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let col =
        |h: &str| heads.iter().position(|x| x == h).unwrap_or_else(|| panic!("no column {h:?} in {heads:?}"));
    for (head, want) in [
        ("Total spend (£): median", MONEY_FORMAT),
        ("Looked-after placements spend (£): mean", MONEY_FORMAT),
        ("Initial assessments completed on time (share of completions): 25th percentile", "0%"),
        ("Permanent social workers (FTE): mean", "#,##0.0"),
        ("Vacancies (FTE): 95th percentile", "#,##0.0"),
        ("Looked-after children (children): median", "#,##0"),
        ("Referrals (referrals): 5th percentile", "#,##0"),
        ("Caseload per social worker (cases per worker): mean", "0.0"),
    ] {
        let c = col(head) as u32;
        for r in [1u32, 40, weekly.height() as u32 - 1] {
            assert_eq!(formats.get(&(r, c)).map(String::as_str), Some(want), "{head}, row {r}");
        }
    }
    // Dates as dates, in a format people read.
    assert_eq!(heads[0], "Week ending (Friday)");
    assert!(matches!(weekly.get((1, 0)), Some(calamine::Data::DateTime(_))), "{:?}", weekly.get((1, 0)));
    assert_eq!(formats[&(1, 0)], "d mmm yyyy");
    // Frozen: the heading row and the date column.
    let xml = part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(
        xml.contains("xSplit=\"1\"") && xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
        "{}",
        &xml[..600]
    );
}

#[test]
fn inputs_sheet_is_grouped_by_section_with_labels_and_units() {
    use calamine::{Reader, Xlsx};
    use wfsim::report::input_labels::SECTIONS;
    let bytes = workbook_bytes();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let inputs = wb.worksheet_range("Inputs").unwrap();
    let rows: Vec<Vec<String>> = inputs.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(&rows[0][..3], ["Input", "Value as written", "Unit"]);
    // Section headings in the model's order, each once.
    let titles: Vec<&str> = rows
        .iter()
        .filter_map(|r| SECTIONS.iter().find(|s| r[0] == s.0 && r[7].is_empty()).map(|s| s.0))
        .collect();
    let order: Vec<usize> = titles.iter().map(|t| SECTIONS.iter().position(|s| s.0 == *t).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "sections out of order: {titles:?}");
    for t in ["Scenario and time", "Workforce", "Agency", "Costs", "Budget", "Initial state"] {
        assert!(titles.contains(&t), "no section {t:?}: {titles:?}");
    }
    // Every input under its section, with the editor's label and unit.
    let find = |path: &str| rows.iter().position(|r| r[7] == path).unwrap_or_else(|| panic!("no {path}"));
    let section_of =
        |i: usize| rows[..i].iter().rev().find(|r| r[7].is_empty()).map(|r| r[0].clone()).unwrap();
    let t = find("workforce.turnover");
    assert_eq!(
        (rows[t][0].as_str(), rows[t][2].as_str()),
        ("Permanent staff turnover", "share leaving per year")
    );
    assert_eq!(section_of(t), "Workforce");
    let b = find("budget.placements.2012-13");
    assert_eq!((rows[b][0].as_str(), rows[b][2].as_str()), ("Looked-after placements, 2012-13", "£"));
    assert_eq!(section_of(b), "Budget");
    let formats = cell_formats(&bytes, 1);
    assert_eq!(formats[&(b as u32, 1)], MONEY_PENCE_FORMAT);
    let rate = find("costs.agency_day_rate");
    assert_eq!(rows[rate][0], "Agency day rate");
    assert_eq!(formats[&(rate as u32, 1)], MONEY_PENCE_FORMAT);
    // No code name stands where a reader's label should.
    assert!(rows.iter().skip(1).all(|r| !r[0].contains('_')), "a code name in the label column");
}

fn tool(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .and_then(|p| std::env::split_paths(&p).map(|d| d.join(name)).find(|p| p.is_file()))
}

/// The workbook as LibreOffice prints it: converted to PDF headless, then read back page by
/// page with poppler's pdftotext and pdfinfo.
#[test]
fn libreoffice_prints_the_budget_landscape_one_page_wide_in_pounds() {
    let Some(soffice) = tool("soffice") else {
        assert!(
            std::env::var_os("WFSIM_REQUIRE_SOFFICE").is_none(),
            "soffice (LibreOffice) is missing and WFSIM_REQUIRE_SOFFICE is set: install it with \
             `apt-get install -y --no-install-recommends libreoffice-calc poppler-utils` (scripts/test tools does)"
        );
        eprintln!(
            "\n\n**************************************************************************\n\
             SKIPPED libreoffice_prints_the_budget_landscape_one_page_wide_in_pounds:\n\
             soffice (LibreOffice) is not installed. Install libreoffice-calc and\n\
             poppler-utils, or set WFSIM_REQUIRE_SOFFICE=1 to make this a failure.\n\
             **************************************************************************\n"
        );
        return;
    };
    let (pdftotext, pdfinfo) = (tool("pdftotext"), tool("pdfinfo"));
    let (Some(pdftotext), Some(pdfinfo)) = (pdftotext, pdfinfo) else {
        panic!(
            "LibreOffice is installed but poppler-utils (pdftotext, pdfinfo) is not: apt-get install poppler-utils"
        );
    };
    let f = fixture();
    let opts = PaperOptions { no_png: true, cumulative: CumulativeMode::Approximate, ..options() };
    let files: BTreeMap<String, Vec<u8>> =
        budget_paper(&f.scenario, &edged_summary(), &opts).unwrap().into_iter().collect();
    let dir = temp_dir("soffice");
    let xlsx = dir.join("workbook.xlsx");
    std::fs::write(&xlsx, &files["workbook.xlsx"]).unwrap();
    let out = Command::new(&soffice)
        .arg(format!("-env:UserInstallation=file://{}", dir.join("profile").display()))
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&xlsx)
        .output()
        .unwrap();
    let pdf = dir.join("workbook.pdf");
    assert!(
        pdf.is_file(),
        "no PDF: {} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new(pdftotext).args(["-layout"]).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    let pages: Vec<&str> = text.split('\u{c}').collect();
    // The Budget sheet's pages come first, up to the Inputs sheet's heading.
    let n_budget =
        pages.iter().position(|p| p.contains("Value as written")).expect("the Inputs sheet printed");
    assert!(n_budget >= 1, "no Budget pages");
    for (i, p) in pages[..n_budget].iter().enumerate() {
        // One page wide, headings repeated: each page has the first and the last column.
        assert!(
            p.contains("Budget line") && p.contains("Part year"),
            "Budget page {} is not the full width:\n{p}",
            i + 1
        );
        assert!(
            !p.contains("permanent_staffing") && !p.contains("early_help"),
            "code names on page {}",
            i + 1
        );
    }
    let budget = pages[..n_budget].join("\n");
    for label in ["Looked-after placements", "Permanent staffing", "Agency staffing", "Total"] {
        assert!(budget.contains(label), "no {label:?} on the Budget pages");
    }
    // The edged row as LibreOffice shows it: the terminal's figures, to the pound.
    let label = wfsim::metrics::line_by_name(LINE).unwrap().label;
    let row = budget.lines().find(|l| l.contains(YEAR) && l.contains(label)).expect("the edged row printed");
    for want in SHOWN {
        let want = want.trim_end_matches(" over");
        assert!(row.contains(want), "LibreOffice shows {row:?}, not {want:?}");
    }
    // Landscape: wider than tall.
    let info =
        Command::new(pdfinfo).args(["-f", "1", "-l", &n_budget.to_string()]).arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let sizes: Vec<(f64, f64)> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let dims: Vec<f64> = l
                .split(" size: ")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (dims[0], dims[1])
        })
        .collect();
    assert_eq!(sizes.len(), n_budget, "{info}");
    assert!(sizes.iter().all(|(w, h)| w > h), "not landscape: {sizes:?}");
    // The Inputs sheet prints its section headings and labels.
    let inputs = pages[n_budget..]
        .iter()
        .take_while(|p| !p.contains("Week ending"))
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    for want in ["Workforce", "Permanent staff turnover", "share leaving per year"] {
        assert!(inputs.contains(want), "no {want:?} on the Inputs pages");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
