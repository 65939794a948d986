//! The per-placement-type series: looked-after children and spend by placement type add up
//! to the totals every week, and follow the closed form in a one-type scenario.

use crate::common::{assert_close, each_run, mean, n_weeks, preset, scenario, series};
use wfsim::metrics as m;

#[test]
fn per_type_children_and_spend_add_up_to_the_totals_every_week() {
    let s = preset();
    let nw = n_weeks(&s);
    let nt = s.spec().placements.len();
    assert!(nt > 1, "the preset has several placement types");
    each_run(&s, s.default_seed(), 40, true, |run, rec| {
        assert_eq!(rec.weekly.len(), m::with_types(nt) * nw);
        for w in 0..nw {
            let at = |metric: usize| rec.weekly[metric * nw + w];
            let children: f64 = (0..nt).map(|j| at(m::member(m::LOOKED_AFTER_BY_TYPE, j, nt))).sum();
            assert_eq!(children, at(m::LAC), "run {run}, week {w}: children by type");
            // Each type's spend and the line are each rounded to pence from the same
            // placement-days, so they differ by at most half a penny a type.
            let spend: f64 = (0..nt).map(|j| at(m::member(m::SPEND_BY_TYPE, j, nt))).sum();
            let line = at(m::SPEND_LINE0 + m::line::PLACEMENTS);
            assert!(
                (spend - line).abs() <= 0.005 * nt as f64 + 1e-6,
                "run {run}, week {w}: spend by type {spend} against the placements line {line}"
            );
            assert!(spend > 0.0);
        }
    });
}

#[test]
fn the_summary_and_csv_carry_each_types_series() {
    let s = preset();
    let summary = wfsim::sim::simulate(&s, &wfsim::sim::Options::new(30, 3)).expect("simulate");
    let keys: Vec<&str> = summary.placement_types.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "in_house_fostering",
            "independent_fostering_agency",
            "residential",
            "other_with_parents_adoption_kinship"
        ]
    );
    assert_eq!(summary.placement_types[2].name, "residential");
    for w in [0, 50, summary.weeks.len() - 1] {
        // Means are linear: the types' mean children add up to the mean total (each mean
        // is rounded to 4 decimals).
        let by_type: f64 =
            keys.iter().map(|k| summary.value(&format!("looked_after.{k}"), "mean", w).unwrap()).sum();
        let total = summary.value("lac", "mean", w).unwrap();
        assert!((by_type - total).abs() <= 4.0 * 0.00005 + 1e-9, "week {w}: {by_type} against {total}");
        let spend: f64 =
            keys.iter().map(|k| summary.value(&format!("placement_spend.{k}"), "mean", w).unwrap()).sum();
        let line = summary.value("spend_placements", "mean", w).unwrap();
        assert!((spend - line).abs() <= 4.0 * 0.01, "week {w}: {spend} against {line}");
        for stat in ["p5", "p50", "p95"] {
            assert!(summary.value("placement_spend.residential", stat, w).is_some());
        }
    }
    let csv = wfsim::report::csv::series_csv(&summary).expect("csv");
    assert!(csv.lines().any(|l| l.contains(",looked_after.residential,p50,")));
    assert!(csv.lines().any(|l| l.contains(",placement_spend.in_house_fostering,mean,")));
}

#[test]
fn one_types_spend_is_its_children_at_the_unit_cost() {
    // One placement type, as in closed_forms.rs: emergency entries Poisson(2) a working
    // day, daily leaving hazard h = 1/20, so the number looked after settles at exactly
    // Poisson(40). Each working day's children cost 100 / 5 = 20, so a week's spend is
    // 20 x (the five mornings' children), with mean 20 x 5 x 40 = 4,000 a week.
    // Tolerance: the five mornings are positively correlated, so the variance of their
    // sum is at most that of five equal ones, 25 x 40; sd(week's spend) <= 20 x 5 x
    // sqrt(40), and over N runs sd(mean) <= 100 sqrt(40 / N). K = 5 as in closed_forms.rs.
    let runs = 3000u64;
    let s = scenario(
        r#"
        weeks = 60
        [looked_after]
        emergency_entries_per_week = 10
        [[looked_after.placements]]
        name = "Foster care"
        share = 1.0
        mean_weeks = 4
        weekly_cost = "100"
        initial = 40
        "#,
    );
    let nw = n_weeks(&s);
    assert_eq!(s.spec().placements[0].key, "foster_care");
    let (children, spend) = (m::member(m::LOOKED_AFTER_BY_TYPE, 0, 1), m::member(m::SPEND_BY_TYPE, 0, 1));
    let mut last = Vec::new();
    each_run(&s, 6, runs, false, |run, rec| {
        // One type: its series are the totals' exactly (the same additions in the same order).
        assert_eq!(series(rec, children, nw), series(rec, m::LAC, nw), "run {run}");
        let line = m::SPEND_LINE0 + m::line::PLACEMENTS;
        assert_eq!(series(rec, spend, nw), series(rec, line, nw), "run {run}");
        last.push(series(rec, spend, nw)[nw - 1]);
    });
    let n = runs as f64;
    assert_close("mean weekly spend on the one type", mean(&last), 4000.0, 5.0 * 100.0 * (40.0 / n).sqrt());
}
