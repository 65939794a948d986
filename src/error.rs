//! Errors, one enum per phase, each message lowercase and naming the offending value.

use std::fmt;

/// One problem found while validating a scenario: where it is and what is wrong.
///
/// Displayed as `field.path: message`, for example
/// `workforce.turnover.permanent: 1.7 is not a rate between 0 and 1`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Dotted path of the field, with list indices in brackets (`pods[0].start`).
    pub path: String,
    /// What is wrong, naming the value and what is allowed.
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Collects problems during validation, tracking the current field path.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.list.push(Problem::new(path, message));
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    pub fn len(&self) -> usize {
        self.list.len()
    }
    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }
    pub fn as_slice(&self) -> &[Problem] {
        &self.list
    }
}

/// Errors reading or validating a scenario.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The text could not be parsed (syntax, wrong type, unknown field).
    #[error("{0}")]
    Parse(String),
    /// A field could not be read (wrong type, unknown field, bad date), with its path.
    #[error("{path}: {message}")]
    ParseAt { path: String, message: String },
    /// The scenario parsed but some values are not allowed. Every problem is listed.
    #[error("{}", display_problems(.0))]
    Invalid(Vec<Problem>),
    /// No built-in preset has this name.
    #[error("unknown preset {name:?}; available: {available}")]
    UnknownPreset { name: String, available: String },
}

fn display_problems(p: &[Problem]) -> String {
    p.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
}

impl ScenarioError {
    /// The problems as a list (a parse error is one problem with the path it names, if any).
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            ScenarioError::Invalid(p) => p.clone(),
            ScenarioError::ParseAt { path, message } => vec![Problem::new(path.clone(), message.clone())],
            other => vec![Problem::new("", other.to_string())],
        }
    }
}

/// Errors starting or running a simulation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    #[error("runs: {0} is not allowed; use 1 to {max}", max = crate::limits::MAX_RUNS)]
    Runs(u64),
    #[error("seed: {0} is too large; use 0 to 2^53 - 1 (9007199254740991)")]
    Seed(u64),
    #[error("cancelled")]
    Cancelled,
    /// A conservation check failed (only when checks are on): a bug in the engine.
    #[error("conservation check failed: {0}")]
    Check(String),
}

/// Errors writing outputs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Format(String),
}

/// Any error of the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    #[error(transparent)]
    Sim(#[from] SimError),
    #[error(transparent)]
    Report(#[from] ReportError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
