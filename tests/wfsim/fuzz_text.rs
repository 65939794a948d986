//! Fuzzing the parsers: arbitrary text, arbitrary bytes and mutations of the preset (TOML
//! and JSON) never panic; a text that validates is simulated once with checks on.

use crate::common::each_run;
use crate::properties::config;
use proptest::prelude::*;
use wfsim::scenario::Scenario;

/// Validates `text`; if it is valid, simulates one short run with checks on. Errors are
/// fine; a panic fails the property (proptest reports it with the input).
fn parse_and_maybe_run(text: &str) {
    if let Ok(s) = Scenario::from_text(text) {
        // Mutations can make a scenario valid but very large (weeks, counts); one run with
        // checks keeps the cost bounded.
        each_run(&s, 1, 1, true, |_, _| {});
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    DeleteBytes(usize, usize),
    DuplicateBytes(usize, usize),
    ReplaceByte(usize, u8),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    ReplaceNumber(usize, &'static str),
}

const EXTREMES: [&str; 16] = [
    "0",
    "-1",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "4294967296",
    "18446744073709551616",
    "0.0000001",
    "\"79228162514264337593543950335\"",
    "\"-0.01\"",
    "1040",
    "1041",
    "2.5",
    "\"\"",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..20).prop_map(|(a, n)| Mutation::DeleteBytes(a, n)),
        (any::<usize>(), 1usize..20).prop_map(|(a, n)| Mutation::DuplicateBytes(a, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::ReplaceByte(a, b)),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), 0usize..EXTREMES.len()).prop_map(|(a, i)| Mutation::ReplaceNumber(a, EXTREMES[i])),
    ]
}

fn apply(text: &str, muts: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for mu in muts {
        let n = bytes.len().max(1);
        match *mu {
            Mutation::DeleteBytes(a, k) => {
                let a = a % n;
                let b = (a + k).min(bytes.len());
                bytes.drain(a.min(bytes.len())..b);
            }
            Mutation::DuplicateBytes(a, k) => {
                let a = (a % n).min(bytes.len());
                let b = (a + k).min(bytes.len());
                let chunk = bytes[a..b].to_vec();
                bytes.splice(b..b, chunk);
            }
            Mutation::ReplaceByte(a, v) => {
                if !bytes.is_empty() {
                    bytes[a % n] = v;
                }
            }
            Mutation::DeleteLine(i)
            | Mutation::DuplicateLine(i)
            | Mutation::SwapLines(i, _)
            | Mutation::ReplaceNumber(i, _) => {
                let s = String::from_utf8_lossy(&bytes).into_owned();
                let mut lines: Vec<String> = s.lines().map(str::to_string).collect();
                if lines.is_empty() {
                    continue;
                }
                let i = i % lines.len();
                match *mu {
                    Mutation::DeleteLine(_) => {
                        lines.remove(i);
                    }
                    Mutation::DuplicateLine(_) => {
                        let l = lines[i].clone();
                        lines.insert(i, l);
                    }
                    Mutation::SwapLines(_, j) => {
                        let j = j % lines.len();
                        lines.swap(i, j);
                    }
                    Mutation::ReplaceNumber(_, v) => {
                        // The value of the i-th `key = value` line (TOML; comments dropped)
                        // or `"key": value,` line (JSON; the trailing comma kept).
                        let sep = |l: &str| {
                            if l.contains(" = ") {
                                Some(" = ")
                            } else if l.contains("\": ") {
                                Some(": ")
                            } else {
                                None
                            }
                        };
                        let candidates: Vec<usize> =
                            (0..lines.len()).filter(|&k| sep(&lines[k]).is_some()).collect();
                        if let Some(&k) = candidates.get(i % candidates.len().max(1)) {
                            let sep = sep(&lines[k]).unwrap_or(" = ");
                            let key = lines[k].split(sep).next().unwrap_or("").to_string();
                            let comma = if lines[k].trim_end().ends_with(',') { "," } else { "" };
                            lines[k] = format!("{key}{sep}{v}{comma}");
                        }
                    }
                    _ => unreachable!(),
                }
                bytes = lines.join("\n").into_bytes();
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn preset_text() -> &'static str {
    wfsim::scenario::presets::text("peterborough-2012").unwrap()
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        parse_and_maybe_run(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        parse_and_maybe_run(&String::from_utf8_lossy(&bytes));
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn mutations_of_the_preset_never_panic(muts in proptest::collection::vec(mutation(), 1..6)) {
        parse_and_maybe_run(&apply(preset_text(), &muts));
    }

    #[test]
    fn mutations_of_the_preset_json_never_panic(muts in proptest::collection::vec(mutation(), 1..6)) {
        let json = serde_json::to_string_pretty(crate::common::preset().input()).unwrap();
        parse_and_maybe_run(&apply(&json, &muts));
    }

    #[test]
    fn mutations_of_a_small_scenario_never_panic(muts in proptest::collection::vec(mutation(), 1..4)) {
        parse_and_maybe_run(&apply(&crate::common::toml_with(""), &muts));
    }
}
