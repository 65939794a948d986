//! The backtest of MODEL.md: the Peterborough preset against the seed's figures for the
//! week containing 14 March 2012, at 1,000 runs with the preset's own seed.

use chrono::NaiveDate;
use wfsim::scenario::presets;
use wfsim::sim::{Options, simulate};

#[test]
fn starting_state_is_the_seeds_724_cases() {
    // 724 open cases in the team on 28 Nov 2011 = 192 IA + 78 CA outstanding + 454 awaiting.
    let s = presets::load("peterborough-2012").expect("preset");
    let input = s.input();
    let count = |items: &[wfsim::scenario::QueueItemsInput]| -> f64 {
        items
            .iter()
            .map(|i| match &i.count {
                wfsim::param::Param::Fixed(v) => *v,
                other => panic!("initial counts are fixed in the preset, got {other:?}"),
            })
            .sum()
    };
    let ia = count(&input.initial.initial_assessments);
    let ca = count(&input.initial.core_assessments);
    let awaiting = match &input.initial.awaiting_transfer {
        wfsim::param::Param::Fixed(v) => *v,
        other => panic!("fixed awaiting_transfer expected, got {other:?}"),
    };
    assert_eq!((ia, ca, awaiting), (192.0, 78.0, 454.0));
    assert_eq!(ia + ca + awaiting, 724.0);
    assert_eq!(input.start, NaiveDate::from_ymd_opt(2011, 11, 28).unwrap());
}

#[test]
fn fourteenth_of_march_2012_is_reproduced() {
    let s = presets::load("peterborough-2012").expect("preset");
    let summary = simulate(&s, &Options::new(1000, s.default_seed())).expect("simulate");
    let date = NaiveDate::from_ymd_opt(2012, 3, 14).unwrap();
    let w = s.calendar().week_containing(date).expect("week of 14 March 2012");
    let get = |m: &str, stat: &str| summary.value(m, stat, w).unwrap_or_else(|| panic!("{m} {stat} missing"));

    let cases = get("assessment_team_cases", "p50");
    assert!(
        (cases - 296.0).abs() <= 0.15 * 296.0,
        "median assessment_team_cases {cases} not within 15% of 296"
    );
    let ia = get("ia_overdue", "p50");
    assert!(ia <= 20.0, "median ia_overdue {ia} > 20");
    let ca = get("ca_overdue", "p50");
    assert!(ca <= 10.0, "median ca_overdue {ca} > 10");
    for (metric, observed) in [("assessment_team_cases", 296.0), ("ia_overdue", 7.0), ("ca_overdue", 2.0)] {
        let (lo, hi) = (get(metric, "p5"), get(metric, "p95"));
        assert!(
            lo <= observed && observed <= hi,
            "{metric}: observed {observed} outside p5..p95 = {lo}..{hi}"
        );
    }
}
