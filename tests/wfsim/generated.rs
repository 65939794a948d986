//! Files generated from the library that other parts of the project read: they must match
//! what the library would write now.
//!
//! To regenerate after changing the metric table (src/metrics.rs):
//!
//!     WFSIM_UPDATE_GENERATED=1 cargo test --release --test wfsim generated

use std::fmt::Write;
use wfsim::metrics::{BUDGET_LINES, METRICS, TOTAL};

/// The browser app's copy of the metric table.
const TS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/src/metrics.gen.ts");

/// A TypeScript string literal in the app's style (single quotes).
fn ts(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// www/src/metrics.gen.ts: the metric and budget-line tables as a TypeScript module.
fn typescript() -> String {
    let mut o = String::new();
    o.push_str(
        "// Generated from src/metrics.rs (the metric table) by tests/wfsim/generated.rs; do not edit.\n\
         // Regenerate: WFSIM_UPDATE_GENERATED=1 cargo test --release --test wfsim generated\n\n\
         /** What a weekly metric measures. */\n\
         export type MetricKind = 'stock' | 'flow' | 'rate' | 'ratio' | 'money';\n\n\
         export interface MetricDef {\n  /** The name in JSON, CSV and scenario files. */\n  name: string;\n  kind: MetricKind;\n  \
         /** A label a reader knows, capitalised. */\n  label: string;\n  /** A column heading. */\n  short: string;\n  \
         /** What one unit is. */\n  unit: string;\n  /** What the number is, in a line. */\n  meaning: string;\n}\n\n\
         export interface BudgetLineDef {\n  /** The name in JSON, CSV and scenario files. */\n  name: string;\n  \
         /** The name a finance officer knows. */\n  label: string;\n  /** What is charged to it. */\n  meaning: string;\n}\n\n\
         /** Every weekly metric, in output order (spend_<line> last). */\n\
         export const METRIC_TABLE: readonly MetricDef[] = [\n",
    );
    for m in METRICS {
        let _ = writeln!(
            o,
            "  {{ name: {}, kind: {}, label: {}, short: {}, unit: {}, meaning: {} }},",
            ts(m.name),
            ts(m.kind.name()),
            ts(m.label),
            ts(m.short),
            ts(m.unit),
            ts(m.meaning)
        );
    }
    o.push_str("];\n\n/** The budget lines, in report order. */\nexport const BUDGET_LINE_TABLE: readonly BudgetLineDef[] = [\n");
    let line = |l: &wfsim::metrics::Line| {
        format!("{{ name: {}, label: {}, meaning: {} }}", ts(l.name), ts(l.label), ts(l.meaning))
    };
    for l in &BUDGET_LINES {
        let _ = writeln!(o, "  {},", line(l));
    }
    let _ = writeln!(
        o,
        "];\n\n/** The all-lines row of the budget table. */\nexport const TOTAL_LINE: BudgetLineDef = {};",
        line(&TOTAL)
    );
    o
}

#[test]
fn generated_typescript_is_up_to_date() {
    let want = typescript();
    if std::env::var_os("WFSIM_UPDATE_GENERATED").is_some() {
        std::fs::write(TS_PATH, &want).expect("write www/src/metrics.gen.ts");
        return;
    }
    let have = std::fs::read_to_string(TS_PATH).unwrap_or_default();
    assert!(
        have == want,
        "www/src/metrics.gen.ts is out of step with src/metrics.rs; regenerate it with\n    \
         WFSIM_UPDATE_GENERATED=1 cargo test --release --test wfsim generated"
    );
}
