//! The agency cap written as a share of the establishment (`agency.cap_share`) rather than
//! in FTE: the same runs as the cap in FTE it rounds to, checked at its path, and binding.

use crate::common::problems;
use wfsim::scenario::{Scenario, presets};
use wfsim::sim::{Options, simulate};

/// The preset with its agency cap line (`cap = 32`) replaced by `line`.
fn preset_with(line: &str) -> String {
    let text = presets::text("peterborough-2012").expect("the preset");
    let old = text.lines().find(|l| l.starts_with("cap = ")).expect("the preset's agency cap");
    text.replacen(old, line, 1)
}

/// The weekly series and the budget table of 300 runs (not the scenario's name and hash).
fn results(text: &str) -> (String, String) {
    let s = Scenario::from_toml(text).expect("valid");
    let summary = simulate(&s, &Options::new(300, 20120326)).expect("simulate");
    (
        serde_json::to_string(&summary.series).expect("json"),
        serde_json::to_string(&summary.budget).expect("json"),
    )
}

#[test]
fn a_cap_share_gives_the_runs_of_the_cap_it_rounds_to() {
    // 81 posts: 10% is 8.1, so 8 workers; 20% is 16.2, so 16.
    for (share, fte) in [(0.1, 8), (0.2, 16)] {
        let by_share = results(&preset_with(&format!("cap = 32\ncap_share = {share}")));
        let by_fte = results(&preset_with(&format!("cap = {fte}")));
        assert!(by_share == by_fte, "cap_share {share} differs from cap {fte}");
    }
    // And the share binds: the preset's cap of 32 gives other runs than 10% of the posts.
    assert!(results(&preset_with("cap = 32")) != results(&preset_with("cap = 32\ncap_share = 0.1")));
}

#[test]
fn a_cap_share_is_checked_at_its_path() {
    let found = problems(&preset_with("cap = 32\ncap_share = 1.5"));
    assert!(
        found.iter().any(|(path, message)| path == "agency.cap_share" && message.contains("1.5")),
        "{found:?}"
    );
}

#[test]
fn a_scenario_without_a_cap_share_does_not_write_one() {
    let s = Scenario::from_toml(&preset_with("cap = 32")).expect("valid");
    assert!(!s.to_toml().contains("cap_share"));
    let with = Scenario::from_toml(&preset_with("cap = 32\ncap_share = 0.1")).expect("valid");
    assert!(with.to_toml().contains("cap_share = 0.1"));
    assert_ne!(s.hash(), with.hash());
}
