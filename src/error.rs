//! Errors, one enum per phase (scenario, simulation, analysis, report), each message
//! lowercase and naming the offending value; [`LimitError`] is the shared out-of-range case.

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

/// A number outside its limit ([`crate::limits`]). The message names the value and the
/// range; the error that holds it names the field (`runs: 0 is not allowed; use 1 to
/// 1000000`), as the scenario's validation puts the path in front.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    #[error("{value} is not allowed; use {min} to {max}")]
    Range { value: u64, min: u64, max: u64 },
    #[error("{0} is too large; use 0 to 2^53 - 1 (9007199254740991)")]
    Seed(u64),
    #[error("{0} entries is too many; at most {max}", max = crate::limits::MAX_LIST)]
    List(usize),
}

/// Errors starting or running a simulation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    #[error("runs: {0}")]
    Runs(LimitError),
    #[error("seed: {0}")]
    Seed(LimitError),
    #[error("cancelled")]
    Cancelled,
    /// Runs `first..last` are not a share of a Monte Carlo of `runs` runs.
    #[error("share: runs {first}..{last} are not a share of {runs} runs")]
    Share { first: u64, last: u64, runs: u64 },
    /// A conservation check failed (only when checks are on): a bug in the engine. The text
    /// says where: `run 3, day 41 (2012-01-24): referrals: 10 != 9`.
    #[error("conservation check failed: {0}")]
    Check(String),
}

/// The engine's conservation check writes what it found as text, and a failed check is the
/// only way a run fails, so text from inside a run is a [`SimError::Check`].
impl From<String> for SimError {
    fn from(found: String) -> Self {
        SimError::Check(found)
    }
}

/// Errors of the decision analyses ([`crate::analysis`]): reading outcomes, targets,
/// observations and parameter settings, and running them.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// Runs, draws or a seed outside its limit; `what` names the field.
    #[error("{what}: {source}")]
    Limit { what: &'static str, source: LimitError },
    #[error(transparent)]
    Sim(#[from] SimError),
    /// A scenario made by the analysis (a variant, the calibrated scenario) is not valid.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    #[error("{0:?} is not a weekly metric; use one of {names}", names = crate::metrics::NAMES.join(", "))]
    UnknownMetric(String),
    #[error("{0:?} is not a budget line; use one of {lines} or total", lines = crate::metrics::LINES.join(", "))]
    UnknownLine(String),
    #[error("{date} is outside the simulated weeks ({first} to {last})")]
    DateOutside { date: chrono::NaiveDate, first: String, last: String },
    #[error("{year:?} is not a simulated financial year; use one of {known}")]
    UnknownYear { year: String, known: String },
    /// An outcome's date or financial year is neither.
    #[error("{0:?} is neither a date (YYYY-MM-DD) nor a financial year (2012-13)")]
    NotWhen(String),
    /// A financial year's outcome must be a spend.
    #[error("{0:?} has no yearly figure; a financial year goes with spend or spend_<line>")]
    NotSpend(String),
    /// A budget line given both in the metric's name and on its own, differently.
    #[error(
        "{metric:?} and line {line:?} disagree; give the line once (spend_<line>, or spend with the line)"
    )]
    LineMismatch { metric: String, line: String },
    #[error("{0:?} is not a number")]
    NotANumber(String),
    #[error("{0} is not a finite number")]
    NotFinite(f64),
    #[error("{0:?} is not a date (YYYY-MM-DD)")]
    NotADate(String),
    #[error(
        "write METRIC OP VALUE on DATE (ia_backlog <= 10 on 2012-03-14) or LINE YEAR spend OP budget|VALUE (agency_staffing 2012-13 spend <= budget)"
    )]
    TargetSyntax,
    #[error("{0:?} is not a number or \"budget\"")]
    NotAThreshold(String),
    #[error("the scenario gives no budget for {line} in {year}")]
    NoBudget { line: String, year: String },
    /// A target that cannot be read, with why.
    #[error("target {text:?}: {source}")]
    Target { text: String, source: Box<AnalysisError> },
    /// A parameter path (`--set`, `fit`) that does not lead to a value.
    #[error("{path}: {problem}")]
    Path { path: String, problem: PathProblem },
    /// A comparison's variant must simulate the same days as the base.
    #[error("{name}: a variant must have the same start and horizon as the base ({start} to {last})")]
    VariantCalendar { name: String, start: chrono::NaiveDate, last: chrono::NaiveDate },
    #[error("accept: {0} is not a share between 0 and 1")]
    Accept(f64),
    #[error("fit: name at least one parameter path (for example workforce.turnover)")]
    NoFit,
    #[error("fit: {path:?} is not a numeric parameter of this scenario (for example {examples})")]
    UnknownParam { path: String, examples: String },
    #[error(
        "fit: {0} is 0, so half to one and a half times it is no range; give it a distribution as its prior"
    )]
    ZeroPrior(String),
    /// The observations file: a problem on a line (counting the header as line 1) or in all.
    #[error("observations{}: {source}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Observations { line: Option<usize>, source: Box<AnalysisError> },
    #[error("no {0:?} column (need date,metric,value)")]
    MissingColumn(&'static str),
    #[error("{0}")]
    Csv(String),
    #[error("no rows")]
    NoRows,
    #[error("none after the start date; nothing to fit")]
    NothingToFit,
    /// An observation that cannot be fitted.
    #[error("observation {metric} on {date}: {source}")]
    Observation { metric: String, date: chrono::NaiveDate, source: Box<AnalysisError> },
    #[error("cancelled")]
    Cancelled,
    /// An optimisation spec's problems, each with its field (`optimise.variables[0].step`).
    #[error("{}", display_problems(.0))]
    Spec(Vec<Problem>),
    /// The rows a worker computed for its share of an analysis cannot be read back.
    #[error("a worker's share of the analysis: {0}")]
    Share(String),
}

impl AnalysisError {
    /// Runs (or draws) outside `min..=MAX_RUNS`.
    pub(crate) fn limit(what: &'static str) -> impl FnOnce(LimitError) -> AnalysisError {
        move |source| AnalysisError::Limit { what, source }
    }
}

/// Why a parameter path does not lead to a value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathProblem {
    #[error("empty path")]
    Empty,
    #[error("{0:?} is not a field or list element")]
    NotAField(String),
    #[error("{0:?} is not inside a table")]
    NotInATable(String),
    #[error("{0:?} is not a list")]
    NotAList(String),
    #[error("{name} has {len} entries, no [{index}]")]
    NoEntry { name: String, len: usize, index: usize },
    /// The value does not fit the field (serde's words).
    #[error("{0}")]
    Value(String),
}

/// Errors writing outputs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Format(String),
    /// Re-running the summary's runs (cumulative spend) failed.
    #[error(transparent)]
    Sim(#[from] SimError),
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
    Analysis(#[from] AnalysisError),
    #[error(transparent)]
    Report(#[from] ReportError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
