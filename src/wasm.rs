//! The WebAssembly boundary: the only module that imports wasm-bindgen, js-sys and
//! serde-wasm-bindgen, and it holds no model logic.
//!
//! In the style of ruff's `ruff_wasm`: one handle type ([`Scenario`]) holding an
//! already-validated core scenario, a few free functions, output as plain data (strings,
//! or small data-transfer objects), every error converted by one helper ([`js_error`]) into
//! a JS `Error`, and a panic hook installed once. Core types carry no `#[wasm_bindgen]`.
//!
//! ```js
//! import init, { Scenario, presets, validate } from "./pkg/wfsim.js";
//! await init();
//! const s = Scenario.fromText(presets()[0].toml);   // throws Error with .problems
//! const json = s.run(1000, "20120326", (done, total) => true);  // false cancels
//! ```
//!
//! The summary JSON is the text `Summary::to_json` writes, so a browser run can be compared
//! byte for byte with `wfsim run --json -` (which adds one final newline).

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::Problem;
use crate::error::SimError;
use crate::limits;
use crate::param::families;
use crate::report::csv;
use crate::scenario::{self, presets};
use crate::sim::{self, Options, Summary};

/// Starting from a council's figures, and moving a scenario in time.
mod council;
/// The JS progress callback of the run in progress.
mod progress;
/// The decision analyses split across workers.
#[cfg(feature = "paper")]
mod shares;

/// Installs the panic hook (once; wasm-bindgen calls it when the module is instantiated).
/// A panic is a bug: it is logged with its message and the instance must be re-created.
#[wasm_bindgen(start)]
pub fn init() {
    console_error_panic_hook::set_once();
}

/// The engine version (`wfsim::VERSION`), part of every result's provenance.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// A built-in scenario, as JavaScript sees it.
#[derive(Serialize)]
struct PresetInfo {
    name: &'static str,
    description: &'static str,
    toml: &'static str,
}

/// The built-in scenarios: `[{name, description, toml}]`.
#[wasm_bindgen(unchecked_return_type = "Array<{ name: string; description: string; toml: string }>")]
pub fn presets() -> Result<JsValue, JsValue> {
    let list: Vec<PresetInfo> = presets::PRESETS
        .iter()
        .map(|&(name, description, toml)| PresetInfo { name, description, toml })
        .collect();
    serde_wasm_bindgen::to_value(&list).map_err(|e| js_error(e, &[]))
}

/// The JSON Schema of the scenario format, as JSON text.
#[wasm_bindgen]
pub fn schema() -> String {
    serde_json::to_string_pretty(&scenario::json_schema()).unwrap_or_default()
}

/// The distribution families a parameter can name, as the scenario form shows them:
/// `{families: [{name, label, fields: [{name, label}]}], fields: [{name, label}]}`.
#[wasm_bindgen(
    js_name = distributionFamilies,
    unchecked_return_type = "{ families: Array<{ name: string; label: string; fields: Array<{ name: string; label: string }> }>; fields: Array<{ name: string; label: string }> }"
)]
pub fn distribution_families() -> Result<JsValue, JsValue> {
    serde_wasm_bindgen::to_value(&families::TABLE).map_err(|e| js_error(e, &[]))
}

/// Every problem of a scenario (TOML or JSON text) as `[{path, message}]`; empty when it is
/// valid. A parse error is one problem. Never throws.
#[wasm_bindgen(unchecked_return_type = "Array<{ path: string; message: string }>")]
pub fn validate(text: &str) -> js_sys::Array {
    match scenario::Scenario::from_text(text) {
        Ok(_) => js_sys::Array::new(),
        Err(e) => problems_array(&e.problems()),
    }
}

/// The steady state of a scenario (TOML or JSON text): each stock now and where its flows
/// settle, the hours, and the drift warnings, as `wfsim check --json` prints it, with the
/// dated items outside the horizon among the warnings. Throws on
/// an invalid scenario, as [`Scenario::from_text`] does.
#[wasm_bindgen(js_name = steadyState)]
pub fn steady_state(text: &str) -> Result<String, JsValue> {
    let s = scenario::Scenario::from_text(text).map_err(|e| js_error(&e, &e.problems()))?;
    let mut steady = crate::analysis::steady::steady_state(&s);
    // Dated items outside the horizon are warnings too, named by their field.
    steady.warnings.extend(scenario::shift::outside_horizon(&s).into_iter().map(|p| {
        crate::analysis::steady::Warning { message: p.to_string(), key: p.path, annual_spend_change: None }
    }));
    serde_json::to_string(&steady).map_err(|e| js_error(e, &[]))
}

/// A validated scenario, ready to run; keeps the summary of its last run for the CSV exports.
#[wasm_bindgen]
pub struct Scenario {
    inner: scenario::Scenario,
    last: RefCell<Option<Summary>>,
}

#[wasm_bindgen]
impl Scenario {
    /// Parse and validate TOML or JSON text (JSON if it starts with `{`). Throws an `Error`
    /// whose `problems` property lists every problem as `{path, message}`.
    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(text: &str) -> Result<Scenario, JsValue> {
        let inner = scenario::Scenario::from_text(text).map_err(|e| js_error(&e, &e.problems()))?;
        Ok(Scenario { inner, last: RefCell::new(None) })
    }

    /// The scenario's `name`.
    pub fn name(&self) -> String {
        self.inner.name().to_string()
    }

    /// Hash of the scenario's canonical form (16 hex digits), as in the summary.
    pub fn hash(&self) -> String {
        self.inner.hash().to_string()
    }

    /// `monte_carlo.runs` of the scenario.
    #[wasm_bindgen(js_name = defaultRuns)]
    pub fn default_runs(&self) -> f64 {
        // At most limits::MAX_RUNS, so exact as a JS number.
        self.inner.default_runs() as f64
    }

    /// `monte_carlo.seed` of the scenario.
    #[wasm_bindgen(js_name = defaultSeed)]
    pub fn default_seed(&self) -> f64 {
        // Validation keeps it below 2^53, so exact as a JS number.
        self.inner.default_seed() as f64
    }

    /// The scenario as canonical TOML.
    #[wasm_bindgen(js_name = toToml)]
    pub fn to_toml(&self) -> String {
        self.inner.to_toml()
    }

    /// The scenario's canonical input as pretty JSON.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsValue> {
        serde_json::to_string_pretty(self.inner.input()).map_err(|e| js_error(e, &[]))
    }

    /// Run the Monte Carlo and return the summary JSON text. `seed` is an integer number
    /// below 2^53 or a decimal string. `progress(done, total)` is called after each wave of
    /// runs; returning `false` cancels (the call then throws `Error("cancelled")`), and an
    /// exception it throws cancels the run and is rethrown as it is.
    pub fn run(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] runs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<String, JsValue> {
        let runs = parse_runs(&runs, "runs", limits::MIN_RUNS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let mut opts = Options::new(runs, seed);
        let report = |done: u64, total: u64| progress::report(done, total);
        if progress.is_some() {
            opts.progress = Some(&report);
        }
        let _guard = progress.map(progress::Guard::push);
        let summary = sim::simulate(&self.inner, &opts).map_err(|e| match e {
            SimError::Cancelled => progress::take_thrown().unwrap_or_else(|| js_error(e, &[])),
            e => js_error(e, &[]),
        })?;
        let json = summary.to_json();
        *self.last.borrow_mut() = Some(summary);
        Ok(json)
    }

    /// Run runs `first..last` of a Monte Carlo of `runs` runs (one worker's share) and
    /// return their counted state, to be merged with the other shares' by
    /// [`Scenario::merge_shares`]. `progress(done, total)` counts the share's runs.
    #[wasm_bindgen(js_name = runShare)]
    pub fn run_share(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] runs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
        first: f64,
        last: f64,
        progress: Option<js_sys::Function>,
    ) -> Result<Vec<u8>, JsValue> {
        let runs = parse_runs(&runs, "runs", limits::MIN_RUNS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let mut opts = Options::new(runs, seed);
        let report = |done: u64, total: u64| progress::report(done, total);
        if progress.is_some() {
            opts.progress = Some(&report);
        }
        let _guard = progress.map(progress::Guard::push);
        // Whole numbers below 2^53 convert exactly; anything else is refused as a share.
        let run_index = |x: f64| {
            if x.fract() == 0.0 && (0.0..=limits::MAX_SEED as f64).contains(&x) { x as u64 } else { u64::MAX }
        };
        let mut acc = sim::montecarlo::simulate_share(&self.inner, &opts, run_index(first), run_index(last))
            .map_err(|e| match e {
                SimError::Cancelled => progress::take_thrown().unwrap_or_else(|| js_error(e, &[])),
                e => js_error(e, &[]),
            })?;
        Ok(acc.to_bytes())
    }

    /// Merge the shares' states ([`Scenario::run_share`], in run order) of a Monte Carlo of
    /// `runs` runs and return the summary JSON text: the text [`Scenario::run`] gives.
    #[wasm_bindgen(js_name = mergeShares)]
    pub fn merge_shares(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] runs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array[]")] shares: js_sys::Array,
    ) -> Result<String, JsValue> {
        let runs = parse_runs(&runs, "runs", limits::MIN_RUNS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let bytes: Vec<Vec<u8>> = shares.iter().map(|b| js_sys::Uint8Array::new(&b).to_vec()).collect();
        let parts: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
        let summary =
            sim::montecarlo::finish_shares(&self.inner, runs, seed, &parts).map_err(|m| js_error(m, &[]))?;
        let json = summary.to_json();
        *self.last.borrow_mut() = Some(summary);
        Ok(json)
    }

    /// The weekly series of the last run as tidy CSV (`week,metric,statistic,value`).
    #[wasm_bindgen(js_name = lastSeriesCsv)]
    pub fn last_series_csv(&self) -> Result<String, JsValue> {
        self.with_last(csv::series_csv)
    }

    /// The budget table of the last run as CSV.
    #[wasm_bindgen(js_name = lastBudgetCsv)]
    pub fn last_budget_csv(&self) -> Result<String, JsValue> {
        self.with_last(csv::budget_csv)
    }
}

/// The decision analyses and the budget paper: only in the second module (feature `paper`,
/// www/src/pkg/full/), which the app loads when they are first asked for, so the main module
/// (runs only) stays small.
#[cfg(feature = "paper")]
#[wasm_bindgen]
impl Scenario {
    /// What the decision analyses can be asked about: `{params, metrics, lines,
    /// financial_years, first_date, last_date}` (params: the numeric parameter paths).
    #[wasm_bindgen(
        js_name = analysisOptions,
        unchecked_return_type = "{ params: string[]; metrics: string[]; lines: string[]; financial_years: string[]; first_date: string; last_date: string }"
    )]
    pub fn analysis_options(&self) -> Result<JsValue, JsValue> {
        let cal = self.inner.calendar();
        let opts = AnalysisOptions {
            params: self.inner.params().iter().map(|p| p.path.clone()).collect(),
            metrics: crate::metrics::NAMES.to_vec(),
            lines: crate::metrics::LINES.iter().copied().chain([crate::metrics::TOTAL.name]).collect(),
            financial_years: cal.financial_years().iter().map(|f| f.label.clone()).collect(),
            first_date: cal.first_date().map(|d| d.to_string()).unwrap_or_default(),
            last_date: cal.last_date().map(|d| d.to_string()).unwrap_or_default(),
        };
        serde_wasm_bindgen::to_value(&opts).map_err(|e| js_error(e, &[]))
    }

    /// The budget paper of the last run (the files of `wfsim report`), each as
    /// `{name, bytes}`; `scenarioText` is the scenario file's text (for the sources shown
    /// with each assumption), or omitted.
    #[wasm_bindgen(js_name = lastReportFiles, unchecked_return_type = "Array<{ name: string; bytes: Uint8Array }>")]
    pub fn last_report_files(&self, scenario_text: Option<String>) -> Result<js_sys::Array, JsValue> {
        use crate::report::paper::{PaperOptions, budget_paper};
        let last = self.last.borrow();
        let Some(summary) = &*last else {
            return Err(js_error("no run yet: call run() first", &[]));
        };
        let opts = PaperOptions { scenario_text, ..PaperOptions::default() };
        let files = budget_paper(&self.inner, summary, &opts).map_err(|e| js_error(e, &[]))?;
        Ok(files
            .into_iter()
            .map(|(name, bytes)| {
                let o = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&o, &"name".into(), &name.as_str().into());
                let _ =
                    js_sys::Reflect::set(&o, &"bytes".into(), &js_sys::Uint8Array::from(bytes.as_slice()));
                JsValue::from(o)
            })
            .collect())
    }

    /// Paired comparison (common random numbers) of `variant` with this scenario as the
    /// base: the `wfsim.compare/2` JSON text, as `wfsim compare --json` writes it.
    #[wasm_bindgen(js_name = compareWith)]
    pub fn compare_with(
        &self,
        variant: &Scenario,
        #[wasm_bindgen(unchecked_param_type = "number")] runs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
    ) -> Result<String, JsValue> {
        let runs = parse_runs(&runs, "runs", limits::MIN_RUNS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let c = crate::analysis::compare::compare(&self.inner, &[&variant.inner], runs, seed, None)
            .map_err(|m| js_error(m, &[]))?;
        serde_json::to_string_pretty(&c).map_err(|e| js_error(e, &[]))
    }

    /// Sensitivity of an outcome, read as `wfsim sensitivity --metric METRIC --at WHEN
    /// [--line LINE]` reads it ([`crate::analysis::Outcome::parse`]): a weekly metric
    /// (`spend` and `spend_<line>` too) in the week of `when` (a date, `YYYY-MM-DD`), or a
    /// spend metric's total over financial year `when` (`"2012-13"`); `line` turns `spend`
    /// into `spend_<line>`. Returns the `wfsim sensitivity --json` text.
    pub fn sensitivity(
        &self,
        metric: &str,
        when: &str,
        line: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "number")] runs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
    ) -> Result<String, JsValue> {
        let runs = parse_runs(&runs, "runs", limits::MIN_RUNS_ACROSS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let outcome = crate::analysis::Outcome::parse(&self.inner, metric, when, line.as_deref())
            .map_err(|m| js_error(m, &[]))?;
        let r = crate::analysis::sensitivity::sensitivity(&self.inner, &outcome, runs, seed, None)
            .map_err(|m| js_error(m, &[]))?;
        serde_json::to_string_pretty(&r).map_err(|e| js_error(e, &[]))
    }

    /// Check targets (one per entry, as `wfsim targets` reads them) without running:
    /// `[{index, message}]` for those that cannot be read; empty when all can.
    #[wasm_bindgen(js_name = checkTargets, unchecked_return_type = "Array<{ index: number; message: string }>")]
    pub fn check_targets(&self, targets: Vec<String>) -> Result<JsValue, JsValue> {
        let errors: Vec<TargetError> = targets
            .iter()
            .enumerate()
            .filter_map(|(index, t)| {
                crate::analysis::targets::parse(&self.inner, t)
                    .err()
                    .map(|e| TargetError { index, message: e.to_string() })
            })
            .collect();
        serde_wasm_bindgen::to_value(&errors).map_err(|e| js_error(e, &[]))
    }

    /// The probability of each target over `runs` runs: the `wfsim.targets/1` JSON text (the
    /// provenance header and `targets: [{target, probability, standard_error}]`). Throws if
    /// a target cannot be read.
    #[wasm_bindgen(js_name = evaluateTargets)]
    pub fn evaluate_targets(
        &self,
        targets: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "number")] runs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
    ) -> Result<String, JsValue> {
        use crate::analysis::targets;
        let runs = parse_runs(&runs, "runs", limits::MIN_RUNS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let parsed: Vec<targets::Target> = targets
            .iter()
            .map(|t| targets::parse(&self.inner, t))
            .collect::<Result<_, _>>()
            .map_err(|m| js_error(m, &[]))?;
        let r = targets::evaluate(&self.inner, &parsed, runs, seed, None).map_err(|m| js_error(m, &[]))?;
        serde_json::to_string_pretty(&r).map_err(|e| js_error(e, &[]))
    }

    /// Calibrate the parameters at `paths` to observations (CSV text `date,metric,value`) by
    /// approximate Bayesian computation: `draws` draws from the priors, the closest share
    /// `accept` kept. Returns the `wfsim.calibration/2` JSON text (with `calibrated_toml`).
    /// `progress(done, total)` as for [`run`](Self::run).
    #[allow(clippy::too_many_arguments)]
    pub fn calibrate(
        &self,
        observations_csv: &str,
        paths: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "number")] draws: JsValue,
        accept: f64,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<String, JsValue> {
        use crate::analysis::calibrate;
        let draws = parse_runs(&draws, "draws", limits::MIN_RUNS_ACROSS).map_err(|m| js_error(m, &[]))?;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let obs = calibrate::read_observations(observations_csv).map_err(|m| js_error(m, &[]))?;
        let report = |done: u64, total: u64| progress::report(done, total);
        let has_progress = progress.is_some();
        let _guard = progress.map(progress::Guard::push);
        let cb: Option<&(dyn Fn(u64, u64) -> bool + Sync)> = if has_progress { Some(&report) } else { None };
        let c = calibrate::calibrate(&self.inner, &obs, &paths, draws, accept, seed, None, cb)
            .map_err(|m| progress::take_thrown().unwrap_or_else(|| js_error(m, &[])))?;
        serde_json::to_string_pretty(&c).map_err(|e| js_error(e, &[]))
    }
}

#[cfg(feature = "paper")]
#[derive(Serialize)]
struct AnalysisOptions {
    params: Vec<String>,
    metrics: Vec<&'static str>,
    lines: Vec<&'static str>,
    financial_years: Vec<String>,
    first_date: String,
    last_date: String,
}

#[cfg(feature = "paper")]
#[derive(Serialize)]
struct TargetError {
    index: usize,
    message: String,
}

impl Scenario {
    fn with_last(
        &self,
        f: impl FnOnce(&Summary) -> Result<String, crate::error::ReportError>,
    ) -> Result<String, JsValue> {
        match &*self.last.borrow() {
            Some(s) => f(s).map_err(|e| js_error(e, &[])),
            None => Err(js_error("no run yet: call run() first", &[])),
        }
    }
}

/// A number of runs (or draws, `what`) from JS: a whole number, checked against
/// [`limits::runs`] with the analysis's least `min`.
fn parse_runs(v: &JsValue, what: &str, min: u64) -> Result<u64, String> {
    match v.as_f64() {
        // Below 2^53, so the conversion is exact; the limit then names the value as given.
        Some(x) if x.fract() == 0.0 && (0.0..=limits::MAX_SEED as f64).contains(&x) => {
            limits::runs(x as u64, min).map_err(|e| format!("{what}: {e}"))
        }
        _ => Err(format!(
            "{what}: {} is not allowed; use a whole number from {min} to {}",
            describe(v),
            limits::MAX_RUNS
        )),
    }
}

/// Seed: a whole number from 0 to 2^53 - 1 ([`limits::seed`]), or a decimal string.
fn parse_seed(v: &JsValue) -> Result<u64, String> {
    if let Some(x) = v.as_f64() {
        if x.fract() == 0.0 && (0.0..=limits::MAX_SEED as f64).contains(&x) {
            return Ok(x as u64);
        }
    } else if let Some(s) = v.as_string()
        && !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = s.parse::<u64>()
    {
        return limits::seed(n).map_err(|e| format!("seed: {e}"));
    }
    Err(format!(
        "seed: {} is not allowed; use a whole number from 0 to 2^53 - 1 (9007199254740991), or a decimal string",
        describe(v)
    ))
}

/// A JS value as a message shows it: numbers as JS writes them, strings quoted.
fn describe(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        format!("{s:?}")
    } else if v.as_f64().is_some() {
        String::from(
            js_sys::Number::from(v.clone()).to_string_with_radix(10).unwrap_or_else(|_| "a number".into()),
        )
    } else if v.is_undefined() {
        "undefined".into()
    } else if v.is_null() {
        "null".into()
    } else {
        format!("a value of type {}", v.js_typeof().as_string().unwrap_or_default())
    }
}

/// `[{path, message}]` as plain JS objects.
fn problems_array(problems: &[Problem]) -> js_sys::Array {
    problems
        .iter()
        .map(|p| {
            let o = js_sys::Object::new();
            // Setting a string key on a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&o, &"path".into(), &p.path.as_str().into());
            let _ = js_sys::Reflect::set(&o, &"message".into(), &p.message.as_str().into());
            JsValue::from(o)
        })
        .collect()
}

/// Every error crossing into JavaScript goes through here: a JS `Error` with the message,
/// and, for a scenario's problems, a `problems` property listing them as `{path, message}`.
fn js_error(message: impl std::fmt::Display, problems: &[Problem]) -> JsValue {
    let error = js_sys::Error::new(&message.to_string());
    if !problems.is_empty() {
        // As above: a fresh Error object accepts any property.
        let _ = js_sys::Reflect::set(&error, &"problems".into(), &problems_array(problems));
    }
    error.into()
}

/// The optimiser (`wfsim optimise`): the browser's Optimise tab.
#[cfg(feature = "paper")]
#[wasm_bindgen]
impl Scenario {
    /// Search the `[optimise]` block in `specText` (TOML or JSON) on this scenario from
    /// `seed`: the `wfsim.optimise/1` JSON text, with the frontier chart added as
    /// `frontier_svg`. A bad spec throws an Error whose `problems` name each field.
    /// `progress(done, total)` as for [`run`](Self::run); false cancels.
    pub fn optimise(
        &self,
        spec_text: &str,
        #[wasm_bindgen(unchecked_param_type = "number | string")] seed: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<String, JsValue> {
        use crate::analysis::optimise::{self, Method, OptimiseSpec};
        use crate::error::AnalysisError;
        let seed = parse_seed(&seed).map_err(|m| js_error(m, &[]))?;
        let spec_error = |e: AnalysisError| match &e {
            AnalysisError::Spec(p) => js_error(&e, p),
            _ => js_error(&e, &[]),
        };
        let plan =
            OptimiseSpec::from_text(spec_text).and_then(|s| s.plan(&self.inner)).map_err(spec_error)?;
        let report = |done: u64, total: u64| progress::report(done, total);
        let has_progress = progress.is_some();
        let _guard = progress.map(progress::Guard::push);
        let cb: Option<&(dyn Fn(u64, u64) -> bool + Sync)> = if has_progress { Some(&report) } else { None };
        let o = optimise::optimise(&self.inner, &plan, seed, None, Method::Race, cb)
            .map_err(|m| progress::take_thrown().unwrap_or_else(|| js_error(m, &[])))?;
        let svg = crate::report::optimise::frontier_svg(&o).map_err(|e| js_error(e, &[]))?;
        let mut json = serde_json::to_value(&o).map_err(|e| js_error(e, &[]))?;
        if let Some(obj) = json.as_object_mut() {
            obj.insert("frontier_svg".into(), serde_json::Value::String(svg));
        }
        serde_json::to_string_pretty(&json).map_err(|e| js_error(e, &[]))
    }
}
