//! Cumulative spend against budget with actual spend to date, part years marked, and no
//! chart for what has nothing to show.

use super::*;
use wfsim::report::cumulative::YearCurve;

const ACTUALS: &str = r#"
[actuals]
to = "2011-11-27"
permanent_staffing = "1500000"
agency_staffing = "800000"
peripatetic_pods = "0"
recruitment = "12000"
early_help = "0"
placements = "9400000"
"#;

#[test]
fn with_actuals_the_first_year_starts_at_them_and_ends_at_the_outturn() {
    let text = format!("{}\n{ACTUALS}", presets::text(PRESET).unwrap());
    let scenario = Scenario::from_toml(&text).unwrap();
    let summary = simulate(&scenario, &Options::new(40, 3)).unwrap();
    let cum = CumulativeSpend::exact(&scenario, &summary).unwrap();
    let first = &cum.years[0];
    assert_eq!(first.financial_year, "2011-12");
    let total: f64 = 1_500_000.0 + 800_000.0 + 12_000.0 + 9_400_000.0;
    assert_eq!(first.actuals.map(|(a, to)| (a.to_f64(), to.to_string())), Some((total, "2011-11-27".into())));
    assert!(!first.part_year, "actuals complete the year");
    for band in [first.p5.as_ref().unwrap(), &first.p50, first.p95.as_ref().unwrap()] {
        assert_eq!(band[0], total, "the curve starts at the actuals");
    }
    let row = summary.budget.iter().find(|r| r.financial_year == "2011-12" && r.line == "total").unwrap();
    let last = *first.p50.last().unwrap();
    assert!((last - row.p50.to_f64()).abs() <= 0.011, "ends at {last}, the table's median is {}", row.p50);
    // Later years have no actuals and start at zero.
    assert!(cum.years[1].actuals.is_none() && cum.years[1].p50[0] == 0.0);
    // The approximate curves start there too.
    let approx = CumulativeSpend::approximate(&scenario, &summary).unwrap();
    assert_eq!(approx.years[0].p50[0], total);

    // The chart says so, and its budget is the full year's.
    let specs = wfsim::report::paper::chart_specs(&scenario, &summary, &cum);
    let chart = specs.iter().find(|c| c.stem == "cumulative-spend-2011-12").unwrap();
    assert!(
        chart.subtitle.contains("Starts at actual spend from 1 April to 27 Nov 2011, £11.7m"),
        "{}",
        chart.subtitle
    );
    assert!(!chart.title.contains("part year"), "{}", chart.title);
    assert!(chart.median_label.contains("actual spend to date"));
    let (b, label) = chart.hline.as_ref().unwrap();
    assert_eq!(*b, row.budget.unwrap().to_f64());
    assert!(label.starts_with("Full-year budget"), "{label}");
    assert_eq!(chart.median[0], Some(total));
}

#[test]
fn without_actuals_a_part_year_is_marked() {
    let f = fixture();
    let cum = CumulativeSpend::compute(&f.scenario, &f.summary).unwrap();
    assert!(cum.years[0].part_year && !cum.years[1].part_year);
    let specs = wfsim::report::paper::chart_specs(&f.scenario, &f.summary, &cum);
    let part = specs.iter().find(|c| c.stem == "cumulative-spend-2011-12").unwrap();
    assert!(part.title.ends_with("2011-12 (part year)"), "{}", part.title);
    assert!(part.subtitle.contains("PART YEAR: only 28 Nov 2011 to"), "{}", part.subtitle);
    let whole = specs.iter().find(|c| c.stem == "cumulative-spend-2012-13").unwrap();
    assert!(!whole.title.contains("part year") && !whole.subtitle.contains("PART YEAR"));
    // Written into the SVG.
    assert!(text("charts/cumulative-spend-2011-12.svg").contains("(part year)"));
}

#[test]
fn nothing_to_show_draws_no_chart() {
    let f = fixture();
    let mut s = f.summary.clone();
    // No pods at all: the pod chart has nothing to draw.
    let pods = s.series.get_mut("pod_fte").unwrap();
    for v in [&mut pods.p5, &mut pods.p25, &mut pods.p50, &mut pods.p75, &mut pods.p95] {
        v.iter_mut().for_each(|x| *x = Some(0.0));
    }
    let mut cum = CumulativeSpend::compute(&f.scenario, &f.summary).unwrap();
    let zeros = |n: usize| Some(vec![0.0; n]);
    let n = cum.years[2].dates.len();
    cum.years[2] = YearCurve {
        p5: zeros(n),
        p25: zeros(n),
        p50: vec![0.0; n],
        p75: zeros(n),
        p95: zeros(n),
        budget: None,
        actuals: None,
        ..cum.years[2].clone()
    };
    let stems: Vec<String> =
        wfsim::report::paper::chart_specs(&f.scenario, &s, &cum).into_iter().map(|c| c.stem).collect();
    assert!(!stems.contains(&"pod-fte".to_string()), "{stems:?}");
    assert!(!stems.contains(&"cumulative-spend-2013-14".to_string()), "{stems:?}");
    assert!(stems.contains(&"cumulative-spend-2012-13".to_string()) && stems.contains(&"lac".to_string()));
    // A budget alone is worth a chart (spend of nothing against it).
    cum.years[2].budget = Some("1000".parse().unwrap());
    let stems: Vec<String> =
        wfsim::report::paper::chart_specs(&f.scenario, &s, &cum).into_iter().map(|c| c.stem).collect();
    assert!(stems.contains(&"cumulative-spend-2013-14".to_string()));
    let flat = wfsim::report::paper::chart_specs(&f.scenario, &s, &cum)
        .into_iter()
        .find(|c| c.stem == "cumulative-spend-2013-14")
        .unwrap();
    let svg = charts::to_svg(&flat).unwrap();
    assert_no_long_decimals("a flat chart", &svg);
}

/// No axis or label prints a number as "0.000000": at most two decimals anywhere.
fn assert_no_long_decimals(name: &str, svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()) {
        let long = t.split(|c: char| !c.is_ascii_digit() && c != '.').any(|w| {
            w.split_once('.')
                .is_some_and(|(a, b)| !a.is_empty() && b.len() > 2 && b.chars().all(|c| c.is_ascii_digit()))
        });
        assert!(!long, "{name}: {t:?}");
    }
}

#[test]
fn no_chart_prints_long_decimals() {
    for name in chart_names(".svg") {
        assert_no_long_decimals(name, text(name));
    }
}
