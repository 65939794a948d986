//! Files generated from the library that other parts of the project read: they must match
//! what the library would write now.
//!
//! The TypeScript is written as Prettier formats it (www/prettier.config.mjs), so that the
//! browser app's format check passes on it. To regenerate after changing the metric table
//! (src/metrics.rs):
//!
//!     WFSIM_UPDATE_GENERATED=1 cargo test --release --test wfsim generated

use std::fmt::Write;
use wfsim::metrics::{BUDGET_LINES, FAMILIES, METRICS, TOTAL};

/// The browser app's copy of the metric table.
const TS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/src/metrics.gen.ts");

/// Prettier's print width and quote preference in www/prettier.config.mjs.
const WIDTH: usize = 100;

/// A TypeScript string literal as Prettier writes it with `singleQuote`: single quotes
/// unless double quotes need fewer escapes.
fn ts(s: &str) -> String {
    let (single, double) = (s.matches('\'').count(), s.matches('"').count());
    let q = if double < single { '"' } else { '\'' };
    let body = s.replace('\\', "\\\\").replace(q, &format!("\\{q}"));
    format!("{q}{body}{q}")
}

/// An object literal, one property a line (which Prettier keeps), at `indent` spaces;
/// a property too wide for one line has its value on the next, as Prettier breaks it.
fn object(fields: &[(&str, &str)], indent: usize, end: &str) -> String {
    let pad = " ".repeat(indent);
    let mut o = String::from("{\n");
    for (key, value) in fields {
        let line = format!("{pad}  {key}: {},", ts(value));
        if line.chars().count() <= WIDTH {
            let _ = writeln!(o, "{line}");
        } else {
            let _ = writeln!(o, "{pad}  {key}:\n{pad}    {},", ts(value));
        }
    }
    let _ = write!(o, "{pad}}}{end}");
    o
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
        let fields = [
            ("name", m.name),
            ("kind", m.kind.name()),
            ("label", m.label),
            ("short", m.short),
            ("unit", m.unit),
            ("meaning", m.meaning),
        ];
        let _ = writeln!(o, "  {}", object(&fields, 2, ","));
    }
    o.push_str("];\n\n/** The budget lines, in report order. */\nexport const BUDGET_LINE_TABLE: readonly BudgetLineDef[] = [\n");
    let line = |l: &wfsim::metrics::Line, indent, end| {
        object(&[("name", l.name), ("label", l.label), ("meaning", l.meaning)], indent, end)
    };
    for l in &BUDGET_LINES {
        let _ = writeln!(o, "  {}", line(l, 2, ","));
    }
    let _ = writeln!(
        o,
        "];\n\n/** The all-lines row of the budget table. */\nexport const TOTAL_LINE: BudgetLineDef = {}",
        line(&TOTAL, 0, ";")
    );
    o.push_str(
        "\n/** A family of weekly metrics with a member per placement type of the scenario: the\n \
         * member for the type with key `k` is named `<prefix>.<k>` and labelled\n \
         * `<label>: <type name>` (the summary's `placement_types` give keys and names). */\n\
         export interface FamilyDef {\n  prefix: string;\n  kind: MetricKind;\n  label: string;\n  short: string;\n  \
         unit: string;\n  meaning: string;\n}\n\n\
         /** The per-placement-type families, in record order. */\n\
         export const FAMILY_TABLE: readonly FamilyDef[] = [\n",
    );
    for f in FAMILIES {
        let fields = [
            ("prefix", f.prefix),
            ("kind", f.kind.name()),
            ("label", f.label),
            ("short", f.short),
            ("unit", f.unit),
            ("meaning", f.meaning),
        ];
        let _ = writeln!(o, "  {}", object(&fields, 2, ","));
    }
    o.push_str("];\n");
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
