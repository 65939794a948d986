//! Calibration to observed figures by approximate Bayesian computation (ABC rejection,
//! Pritchard et al. 1999; Beaumont, Zhang and Balding 2002 for the scaling).
//!
//! Each of `draws` runs takes the parameters being fitted from their priors (a parameter's
//! own distribution if it is uncertain, otherwise uniform from half to one and a half
//! times its value, inside its allowed range) and everything else as the scenario says;
//! the run's values at the observed dates are compared with the observations by a
//! distance, `sqrt(mean(((simulated - observed) / s)^2))` with `s` the spread (standard
//! deviation) of that quantity across all draws; the closest `accept` share of draws is
//! kept as a sample from the approximate posterior. Fitted values are reported with their
//! posterior percentiles, and each observation with the accepted runs' percentiles. The
//! calibrated scenario gives each fitted parameter its posterior 90% interval
//! (`{ p5, p95 }`), or its posterior median when that interval is a point.

use super::rows::Row;
use super::{Outcome, Provenance, Stats, describe, map_range, with_value};
use crate::error::{AnalysisError, SimError};
use crate::limits;
use crate::rng::{key_of, param_uniform};
use crate::scenario::Scenario;
use crate::sim::run::Engine;
use chrono::NaiveDate;
use serde::Serialize;

/// One observed figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Observation {
    pub date: NaiveDate,
    pub metric: String,
    pub value: f64,
}

/// Read observations from CSV text with the header `date,metric,value`.
pub fn read_observations(text: &str) -> Result<Vec<Observation>, AnalysisError> {
    let at = |line: Option<usize>| {
        move |e: AnalysisError| AnalysisError::Observations { line, source: Box::new(e) }
    };
    let mut r =
        csv::ReaderBuilder::new().trim(csv::Trim::All).comment(Some(b'#')).from_reader(text.as_bytes());
    let headers = r.headers().map_err(|e| at(None)(AnalysisError::Csv(e.to_string())))?.clone();
    let col = |name: &'static str| {
        headers.iter().position(|h| h == name).ok_or_else(|| at(None)(AnalysisError::MissingColumn(name)))
    };
    let (cd, cm, cv) = (col("date")?, col("metric")?, col("value")?);
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let bad = at(Some(i + 2));
        let rec = rec.map_err(|e| bad(AnalysisError::Csv(e.to_string())))?;
        let get = |c: usize| rec.get(c).unwrap_or("").to_string();
        let date: NaiveDate = get(cd).parse().map_err(|_| bad(AnalysisError::NotADate(get(cd))))?;
        let value: f64 = get(cv).parse().map_err(|_| bad(AnalysisError::NotANumber(get(cv))))?;
        if !value.is_finite() {
            return Err(bad(AnalysisError::NotFinite(value)));
        }
        out.push(Observation { date, metric: get(cm), value });
    }
    if out.is_empty() {
        return Err(at(None)(AnalysisError::NoRows));
    }
    Ok(out)
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FittedParam {
    pub path: String,
    pub prior: String,
    pub posterior: Option<Stats>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FittedObservation {
    pub date: NaiveDate,
    pub metric: String,
    pub observed: f64,
    /// Whether it was used (observations on or before the start date describe the initial
    /// state and are not fitted).
    pub fitted: bool,
    /// The accepted runs' values.
    pub simulated: Option<Stats>,
}

/// The calibration (`"schema": "wfsim.calibration/2"`); the header's `runs` are the draws.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Calibration {
    #[serde(flatten)]
    pub provenance: Provenance,
    pub method: &'static str,
    /// Draws from the priors, one run each (the header's `runs`).
    pub draws: u64,
    pub accepted: usize,
    /// The largest accepted distance.
    pub tolerance: f64,
    pub params: Vec<FittedParam>,
    pub observations: Vec<FittedObservation>,
    /// The calibrated scenario, as TOML.
    pub calibrated_toml: String,
}

/// Salt of the prior draws' streams, so they are independent of the scenario's own draws.
const PRIOR_SALT: u64 = 0xCA11_B8A7_E000_0001;

/// Fit the parameters at `paths` to `observations` (see the module documentation), with
/// at least two draws: each observed quantity is scaled by its spread across the draws.
#[allow(clippy::too_many_arguments)] // each is a separate, documented choice of the caller
pub fn calibrate(
    scenario: &Scenario,
    observations: &[Observation],
    paths: &[String],
    draws: u64,
    accept: f64,
    seed: u64,
    threads: Option<usize>,
    progress: Option<&(dyn Fn(u64, u64) -> bool + Sync)>,
) -> Result<Calibration, AnalysisError> {
    let setup = Setup::new(scenario, observations, paths, draws, accept, seed)?;
    let rows = setup.rows(0, draws, threads, progress)?;
    setup.assemble(&rows)
}

/// A calibration read and checked: what each worker's share of the draws and the assembly
/// of all of them need.
pub struct Setup<'a> {
    scenario: &'a Scenario,
    observations: &'a [Observation],
    draws: u64,
    accept: f64,
    seed: u64,
    /// The parameters and their priors: (index, low, high) for a uniform prior, or None to
    /// use the parameter's own distribution.
    fit: Vec<(usize, Option<(f64, f64)>)>,
    start: NaiveDate,
    /// The observations after the start, as outcomes, and their values.
    used: Vec<Outcome>,
    observed: Vec<f64>,
}

impl<'a> Setup<'a> {
    /// Check the calibration's arguments (as [`calibrate`] takes them) against the scenario.
    pub fn new(
        scenario: &'a Scenario,
        observations: &'a [Observation],
        paths: &[String],
        draws: u64,
        accept: f64,
        seed: u64,
    ) -> Result<Setup<'a>, AnalysisError> {
        limits::runs(draws, limits::MIN_RUNS_ACROSS).map_err(AnalysisError::limit("draws"))?;
        limits::seed(seed).map_err(AnalysisError::limit("seed"))?;
        if !(accept > 0.0 && accept <= 1.0) {
            return Err(AnalysisError::Accept(accept));
        }
        if paths.is_empty() {
            return Err(AnalysisError::NoFit);
        }
        let mut fit = Vec::new();
        for path in paths {
            let Some(i) = scenario.params().iter().position(|p| &p.path == path) else {
                let known: Vec<&str> = scenario.params().iter().map(|p| p.path.as_str()).take(8).collect();
                return Err(AnalysisError::UnknownParam { path: path.clone(), examples: known.join(", ") });
            };
            let p = &scenario.params()[i];
            if p.dist.is_fixed() {
                let v = p.dist.median();
                if v == 0.0 {
                    return Err(AnalysisError::ZeroPrior(path.clone()));
                }
                let (a, b) = (p.domain.clamp(v * 0.5), p.domain.clamp(v * 1.5));
                fit.push((i, Some((a.min(b), a.max(b)))));
            } else {
                fit.push((i, None));
            }
        }
        let start = scenario.calendar().first_date().unwrap_or(scenario.input().start);
        let mut used = Vec::new();
        for o in observations {
            if o.date <= start {
                continue;
            }
            used.push(Outcome::metric(scenario, &o.metric, o.date).map_err(|e| {
                AnalysisError::Observation { metric: o.metric.clone(), date: o.date, source: Box::new(e) }
            })?);
        }
        let observed: Vec<f64> = observations.iter().filter(|o| o.date > start).map(|o| o.value).collect();
        if used.is_empty() {
            return Err(AnalysisError::Observations {
                line: None,
                source: Box::new(AnalysisError::NothingToFit),
            });
        }
        Ok(Setup { scenario, observations, draws, accept, seed, fit, start, used, observed })
    }

    /// Draws `first..last` (one worker's share): per draw, the fitted parameters' values and
    /// the run's values at the observations. `progress(done, last - first)` is called
    /// between chunks and cancels when it returns false.
    pub fn rows(
        &self,
        first: u64,
        last: u64,
        threads: Option<usize>,
        progress: Option<&(dyn Fn(u64, u64) -> bool + Sync)>,
    ) -> Result<Vec<Row>, AnalysisError> {
        let (scenario, seed, draws) = (self.scenario, self.seed, self.draws);
        if first > last || last > draws {
            return Err(AnalysisError::Share(format!("draws {first} to {last} are not a share of {draws}")));
        }
        let engine = Engine::new(scenario);
        let nw = engine.n_weeks();
        map_range(first, last, 256, threads, progress, |d, ws, rec| -> Result<Row, SimError> {
            scenario.draw_into(seed, d, &mut rec.values);
            let mut theta = Vec::with_capacity(self.fit.len());
            for &(i, prior) in &self.fit {
                let p = &scenario.params()[i];
                let u = param_uniform(seed ^ PRIOR_SALT, d, key_of(&p.path));
                let v = match prior {
                    Some((lo, hi)) => lo + (hi - lo) * u,
                    None => p.dist.quantile(u),
                };
                rec.values[i] = v;
                theta.push(v);
            }
            engine.run_with_values(seed, d, ws, rec, false)?;
            Ok((theta, self.used.iter().map(|o| o.read(rec, nw)).collect()))
        })
    }

    /// The calibration from every draw's row ([`Setup::rows`]), in draw order.
    pub fn assemble(&self, rows: &[Row]) -> Result<Calibration, AnalysisError> {
        let Setup { scenario, observations, draws, accept, seed, ref fit, start, ref used, ref observed } =
            *self;
        let widths = (fit.len(), used.len());
        if rows.len() as u64 != draws || rows.iter().any(|r| (r.0.len(), r.1.len()) != widths) {
            return Err(AnalysisError::Share(format!(
                "the rows are not those of {draws} draws of this calibration"
            )));
        }
        // Scale each observed quantity by its spread across the draws.
        let scales: Vec<f64> = (0..used.len())
            .map(|k| {
                let col: Vec<f64> = rows.iter().map(|r| r.1[k]).collect();
                describe(&col).map(|s| s.sd).filter(|s| *s > 0.0).unwrap_or(1.0)
            })
            .collect();
        let mut scored: Vec<(f64, usize)> = rows
            .iter()
            .enumerate()
            .map(|(d, r)| {
                let sum: f64 =
                    r.1.iter()
                        .zip(observed)
                        .zip(&scales)
                        .map(|((s, o), sc)| if s.is_finite() { ((s - o) / sc).powi(2) } else { 1e6 })
                        .sum();
                ((sum / used.len() as f64).sqrt(), d)
            })
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let keep = ((draws as f64 * accept).round() as usize).clamp(1, scored.len());
        let accepted: Vec<usize> = scored[..keep].iter().map(|x| x.1).collect();
        let tolerance = scored[keep - 1].0;

        let params: Vec<FittedParam> = fit
            .iter()
            .enumerate()
            .map(|(j, &(i, prior))| {
                let p = &scenario.params()[i];
                let vals: Vec<f64> = accepted.iter().map(|&d| rows[d].0[j]).collect();
                FittedParam {
                    path: p.path.clone(),
                    prior: match prior {
                        Some((lo, hi)) => {
                            format!(
                                "uniform {lo} to {hi} (half to one and a half times the scenario's value)"
                            )
                        }
                        None => "the scenario's distribution".into(),
                    },
                    posterior: describe(&vals),
                }
            })
            .collect();
        let mut fitted = Vec::new();
        let mut k = 0;
        for o in observations {
            if o.date <= start {
                fitted.push(FittedObservation {
                    date: o.date,
                    metric: o.metric.clone(),
                    observed: o.value,
                    fitted: false,
                    simulated: None,
                });
                continue;
            }
            let vals: Vec<f64> = accepted.iter().map(|&d| rows[d].1[k]).collect();
            fitted.push(FittedObservation {
                date: o.date,
                metric: o.metric.clone(),
                observed: o.value,
                fitted: true,
                simulated: describe(&vals),
            });
            k += 1;
        }
        // The calibrated scenario.
        let mut calibrated = scenario.clone();
        for fp in &params {
            let Some(s) = fp.posterior else { continue };
            let value = if s.p95 > s.p5 && s.p5 > 0.0 {
                serde_json::json!({ "p5": round6(s.p5), "p95": round6(s.p95) })
            } else {
                serde_json::json!(round6(s.p50))
            };
            calibrated = with_value(calibrated.input(), &fp.path, value)
                .or_else(|_| with_value(calibrated.input(), &fp.path, serde_json::json!(round6(s.p50))))?;
        }
        Ok(Calibration {
            provenance: Provenance::new("wfsim.calibration/2", scenario, draws, seed),
            method: "approximate Bayesian computation, rejection (closest share of draws by scaled distance)",
            draws,
            accepted: keep,
            tolerance,
            params,
            observations: fitted,
            calibrated_toml: calibrated.to_toml(),
        })
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The calibration as readable text.
pub fn text(c: &Calibration) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let p = &c.provenance;
    let _ = writeln!(
        o,
        "wfsim {} | calibration of {} ({}) | {} | {} draws, {} accepted | seed {}",
        p.engine_version, p.scenario.name, p.scenario.hash, c.method, c.draws, c.accepted, p.seed
    );
    let _ = writeln!(o, "\nFitted parameters: posterior median (90% interval)");
    for p in &c.params {
        let s = p
            .posterior
            .map(|s| format!("{:.4} ({:.4} to {:.4})", s.p50, s.p5, s.p95))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(o, "  {:<44} {}   prior: {}", p.path, s, p.prior);
    }
    let _ = writeln!(o, "\nFit: observed against the accepted runs' median (90% interval)");
    for f in &c.observations {
        match (f.fitted, f.simulated) {
            (true, Some(s)) => {
                let _ = writeln!(
                    o,
                    "  {} {:<24} observed {:>8}  simulated {:.1} ({:.1} to {:.1})",
                    f.date, f.metric, f.observed, s.p50, s.p5, s.p95
                );
            }
            _ => {
                let _ = writeln!(
                    o,
                    "  {} {:<24} observed {:>8}  (initial state, not fitted)",
                    f.date, f.metric, f.observed
                );
            }
        }
    }
    o
}
