//! Scenarios: the input format ([`input`]), validation section by section into a
//! [`Scenario`] whose invariants then always hold ([`Spec`], the model's settings), the
//! per-run parameter draws, built-in presets ([`presets`]) and the JSON Schema.
//!
//! Validation collects every problem, each as `field.path: message`.

mod compile;
mod draw;
pub mod input;
pub mod presets;
pub mod shift;
mod spec;

use crate::calendar::Calendar;
use crate::error::ScenarioError;
pub use draw::Copula;
pub use input::*;
use sha2::{Digest, Sha256};
pub use spec::*;

/// A validated scenario, ready to simulate. Built only by [`Scenario::from_input`] (and the
/// parsers that call it), so its invariants always hold.
#[derive(Clone, Debug)]
pub struct Scenario {
    input: ScenarioInput,
    hash: String,
    calendar: Calendar,
    params: Vec<NamedParam>,
    spec: Spec,
    copula: Copula,
}

impl Scenario {
    /// Parse TOML text and validate it. A field that cannot be read is reported with its
    /// path (`workforce.turnover: invalid type: string "high", expected ...`).
    pub fn from_toml(text: &str) -> Result<Scenario, ScenarioError> {
        if let Ok(doc) = text.parse::<toml::Table>() {
            removed_fields(
                doc.get("budget").and_then(|b| b.as_table()).is_some_and(|b| b.contains_key(REMOVED)),
            )?;
        }
        let de = toml::Deserializer::parse(text).map_err(|e| ScenarioError::Parse(toml_error(&e, text)))?;
        let input: ScenarioInput = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            read_error(&path, format!("{}{}", inner.message().trim(), location(inner.span(), text)))
        })?;
        Scenario::from_input(input)
    }

    /// Parse JSON text and validate it, reporting a field that cannot be read by its path.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        // The crate's own JSON of an input carries the field's constant, "pro_rata"; any
        // other value was written by hand for the removed behaviour.
        if let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) {
            let set = doc.get("budget").and_then(|b| b.get(REMOVED));
            removed_fields(set.is_some_and(|v| v != "pro_rata"))?;
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let input: ScenarioInput = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            read_error(&path, format!("json: {}", e.into_inner()))
        })?;
        Scenario::from_input(input)
    }

    /// Parse text as TOML or JSON: JSON if it starts with `{` after whitespace.
    pub fn from_text(text: &str) -> Result<Scenario, ScenarioError> {
        if text.trim_start().starts_with('{') { Self::from_json(text) } else { Self::from_toml(text) }
    }

    /// Validate an input, collecting every problem.
    pub fn from_input(input: ScenarioInput) -> Result<Scenario, ScenarioError> {
        let (spec, calendar, params, problems) = compile::compile(&input);
        if !problems.is_empty() {
            return Err(ScenarioError::Invalid(problems.into_vec()));
        }
        let (spec, calendar) = match (spec, calendar) {
            (Some(s), Some(c)) => (s, c),
            _ => return Err(ScenarioError::Invalid(vec![crate::Problem::new("", "invalid scenario")])),
        };
        let copula = match compile::correlations(&input.correlations, &params) {
            Ok(c) => c,
            Err(problems) => return Err(ScenarioError::Invalid(problems.into_vec())),
        };
        let hash = hash_input(&input);
        Ok(Scenario { input, hash, calendar, params, spec, copula })
    }

    pub fn input(&self) -> &ScenarioInput {
        &self.input
    }
    pub fn name(&self) -> &str {
        &self.input.name
    }
    /// SHA-256 of the scenario's canonical JSON form (first 16 hex digits), for provenance.
    pub fn hash(&self) -> &str {
        &self.hash
    }
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }
    pub fn params(&self) -> &[NamedParam] {
        &self.params
    }
    pub fn spec(&self) -> &Spec {
        &self.spec
    }
    /// Default runs from the scenario.
    pub fn default_runs(&self) -> u64 {
        self.input.monte_carlo.runs
    }
    /// Default seed from the scenario.
    pub fn default_seed(&self) -> u64 {
        self.input.monte_carlo.seed
    }

    /// The scenario as canonical TOML (without the removed `budget.partial_years`, which
    /// stays in the input only so that scenario hashes are unchanged).
    pub fn to_toml(&self) -> String {
        let text = toml::to_string_pretty(&self.input).unwrap_or_default();
        text.replace(&format!("{REMOVED} = \"pro_rata\"\n"), "")
    }
}

/// Hash of the canonical JSON form: serde_json writes struct fields in declaration order
/// and maps are BTreeMaps, so equal scenarios give equal text.
/// `budget.partial_years`: removed, since every year is compared with its full-year budget.
const REMOVED: &str = "partial_years";

/// A scenario that still sets a removed field is told so, rather than silently ignored.
fn removed_fields(partial_years: bool) -> Result<(), ScenarioError> {
    if !partial_years {
        return Ok(());
    }
    Err(ScenarioError::Invalid(vec![crate::Problem::new(
        "budget.partial_years",
        "is no longer used: every year is compared with its full-year budget and a part year is labelled as such; \
give [actuals] for spend before the start. Delete this line.",
    )]))
}

fn hash_input(input: &ScenarioInput) -> String {
    let json = serde_json::to_string(input).unwrap_or_default();
    let digest = Sha256::digest(json.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// A toml syntax error: its message and where it is.
fn toml_error(e: &toml::de::Error, text: &str) -> String {
    format!("toml: {}{}", e.message().trim(), location(e.span(), text))
}

/// " (line L, column C)" for a byte span of the text.
fn location(span: Option<std::ops::Range<usize>>, text: &str) -> String {
    let Some(span) = span else { return String::new() };
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    format!(" (line {line}, column {column})")
}

/// serde_path_to_error's path ("." for the root) as our field path ("" for the root).
/// A field that cannot be read, by its path (`.` is the document itself: no path).
fn read_error(path: &str, message: String) -> ScenarioError {
    if path == "." {
        ScenarioError::Parse(message)
    } else {
        ScenarioError::ParseAt { path: path.to_string(), message }
    }
}

/// The JSON Schema of the scenario format, generated from the same types.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(ScenarioInput);
    serde_json::to_value(&schema).unwrap_or(serde_json::Value::Null)
}
