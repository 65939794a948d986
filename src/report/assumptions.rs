//! The scenario's assumptions as rows: every value of the (validated, defaults filled in)
//! input with its field path, the value as written, and for uncertain parameters the median
//! and 90% interval of the distribution actually drawn from (after clamping to the allowed
//! range). With the scenario's TOML text, each row also gets the comment written after the
//! value (in the presets: the source, or "assumption" and why), and values the file left
//! out are marked as defaults.

use crate::scenario::Scenario;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One assumption.
#[derive(Clone, Debug, PartialEq)]
pub struct Assumption {
    /// Field path, such as `workforce.turnover` or `pods[0].weekly_price`.
    pub path: String,
    /// The value as written: a number, text, or a distribution such as
    /// `{ p5 = 0.18, p95 = 0.34 }`.
    pub value: String,
    /// The value as a number, if it is one.
    pub number: Option<f64>,
    /// For an uncertain parameter: (5th percentile, median, 95th percentile) drawn from.
    pub drawn: Option<(f64, f64, f64)>,
    /// The comment after the value in the scenario file, "default" if the file does not set
    /// it, or empty.
    pub source: String,
}

const DIST_KEYS: [&str; 14] = [
    "dist", "mean", "sd", "mu", "sigma", "alpha", "beta", "shape", "scale", "min", "mode", "max", "p5", "p95",
];

fn is_distribution(m: &serde_json::Map<String, Value>) -> bool {
    !m.is_empty()
        && m.iter().all(|(k, v)| {
            DIST_KEYS.contains(&k.as_str()) && (v.is_number() || (k == "dist" && v.is_string()))
        })
}

/// A number as written: integers without a decimal point, others in Rust's shortest form.
pub fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.as_f64().map(number_text).unwrap_or_else(|| n.to_string()),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(scalar_text).collect::<Vec<_>>().join(", "),
        Value::Object(m) => {
            let inner: Vec<String> = m
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => format!("{k} = \"{s}\""),
                    other => format!("{k} = {}", scalar_text(other)),
                })
                .collect();
            format!("{{ {} }}", inner.join(", "))
        }
    }
}

fn flatten(path: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) if !is_distribution(m) => {
            for (k, x) in m {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                flatten(&p, x, out);
            }
        }
        Value::Array(a) if a.iter().any(|x| x.is_object() || x.is_array()) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{path}[{i}]"), x, out);
            }
        }
        Value::Null => {}
        other => out.push((path.to_string(), other.clone())),
    }
}

/// Comments after values in TOML text, by field path, and the set of paths the text sets.
fn comments(text: &str) -> (BTreeMap<String, String>, BTreeSet<String>) {
    let mut found = BTreeMap::new();
    let mut present = BTreeSet::new();
    let Ok(doc) = toml::de::DeTable::parse(text) else { return (found, present) };
    walk_table("", doc.get_ref(), text, &mut found, &mut present);
    (found, present)
}

fn line_comment(text: &str, end: usize) -> Option<String> {
    let rest = text.get(end..)?;
    let line = rest.split('\n').next().unwrap_or("");
    let t = line.trim_start();
    t.strip_prefix('#').map(|c| c.trim().to_string()).filter(|c| !c.is_empty())
}

fn walk_table(
    path: &str,
    t: &toml::de::DeTable<'_>,
    text: &str,
    found: &mut BTreeMap<String, String>,
    present: &mut BTreeSet<String>,
) {
    for (k, v) in t.iter() {
        let key: &str = k.get_ref();
        let p = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
        walk_value(&p, v, text, found, present);
    }
}

fn walk_value(
    path: &str,
    v: &toml::Spanned<toml::de::DeValue<'_>>,
    text: &str,
    found: &mut BTreeMap<String, String>,
    present: &mut BTreeSet<String>,
) {
    use toml::de::DeValue;
    let span = v.span();
    let src = text.get(span.clone()).unwrap_or("");
    let inline = !(src.starts_with("[[") || src.starts_with('[') && matches!(v.get_ref(), DeValue::Table(_)));
    match v.get_ref() {
        DeValue::Table(t) if !src.trim_start().starts_with('{') || !looks_like_distribution(t) => {
            walk_table(path, t, text, found, present);
            if src.trim_start().starts_with('{') {
                record(path, span.end, text, found, present);
            }
        }
        DeValue::Array(a)
            if a.iter().any(|x| matches!(x.get_ref(), DeValue::Table(_) | DeValue::Array(_))) =>
        {
            for (i, x) in a.iter().enumerate() {
                walk_value(&format!("{path}[{i}]"), x, text, found, present);
            }
            if inline && src.starts_with('[') {
                record(path, span.end, text, found, present);
            }
        }
        _ => record(path, span.end, text, found, present),
    }
}

fn looks_like_distribution(t: &toml::de::DeTable<'_>) -> bool {
    !t.is_empty() && t.iter().all(|(k, _)| DIST_KEYS.contains(&k.get_ref().as_ref()))
}

fn record(
    path: &str,
    end: usize,
    text: &str,
    found: &mut BTreeMap<String, String>,
    present: &mut BTreeSet<String>,
) {
    present.insert(path.to_string());
    if let Some(c) = line_comment(text, end) {
        found.insert(path.to_string(), c);
    }
}

/// Every assumption of a scenario, in the input's field order. `text`: the scenario file's
/// TOML, for comments (JSON or `None`: no comments).
pub fn assumptions(scenario: &Scenario, text: Option<&str>) -> Vec<Assumption> {
    let json = serde_json::to_value(scenario.input()).unwrap_or(Value::Null);
    let mut flat = Vec::new();
    flatten("", &json, &mut flat);
    let drawn: BTreeMap<&str, (f64, f64, f64)> = scenario
        .params()
        .iter()
        .filter(|p| !p.dist.is_fixed())
        .map(|p| (p.path.as_str(), (p.dist.quantile(0.05), p.dist.quantile(0.5), p.dist.quantile(0.95))))
        .collect();
    let toml_text = text.filter(|t| !t.trim_start().starts_with('{'));
    let (found, present) = toml_text.map(comments).unwrap_or_default();
    flat.into_iter()
        .filter(|(path, _)| path != "name" && path != "description" && path != "budget.partial_years")
        .map(|(path, v)| {
            let source = match found.get(&path) {
                Some(c) => c.clone(),
                None if toml_text.is_some() && !present.contains(&path) => "default".to_string(),
                None => String::new(),
            };
            Assumption {
                value: scalar_text(&v),
                number: v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse::<f64>().ok())),
                drawn: drawn.get(path.as_str()).copied(),
                source,
                path,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_by_path() {
        let text = "a = 1 # one\n[t]\nx = { p5 = 1, p95 = 2 }  # interval\n[[l]]\ny = \"3\" # three\n[[l]]\ny = \"4\"\n";
        let (c, p) = comments(text);
        assert_eq!(c.get("a").map(String::as_str), Some("one"));
        assert_eq!(c.get("t.x").map(String::as_str), Some("interval"));
        assert_eq!(c.get("l[0].y").map(String::as_str), Some("three"));
        assert!(!c.contains_key("l[1].y"));
        assert!(p.contains("l[1].y"));
    }

    #[test]
    fn distributions_are_leaves() {
        let v: Value = serde_json::json!({"w": {"turnover": {"p5": 0.18, "p95": 0.34}, "n": 81}});
        let mut out = Vec::new();
        flatten("", &v, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(scalar_text(&out[1].1), "{ p5 = 0.18, p95 = 0.34 }");
    }
}
