//! Paired comparison: each variant runs on the same per-run random streams as the base
//! (common random numbers), so the difference is taken run by run.

use super::provenance::scenario_id;
use super::{Provenance, Stats, describe, map_runs};
use crate::error::{AnalysisError, SimError};
use crate::limits;
use crate::metrics::{self as m, LINES};
use crate::money::Money;
use crate::scenario::Scenario;
use crate::sim::run::Engine;
use crate::sim::summary::ScenarioId;
use serde::Serialize;

/// A headline measure and which direction is better.
#[derive(Clone, Copy, Debug)]
struct Headline {
    name: &'static str,
    lower_is_better: bool,
}

const HEADLINES: [Headline; 4] = [
    Headline { name: "spend (all lines, whole horizon)", lower_is_better: true },
    Headline { name: "backlog (IA + CA, mean over weeks)", lower_is_better: true },
    Headline { name: "IA on-time rate (mean over weeks)", lower_is_better: false },
    Headline { name: "agency share of social workers (mean over weeks)", lower_is_better: true },
];

/// One run's paired record: weekly differences, base and variant headlines, budget
/// differences.
type PairedRun = (Vec<f64>, [f64; 4], [f64; 4], Vec<Money>);

/// Per-run headline values.
fn headlines(rec: &crate::sim::RunRecord, n_weeks: usize, n_fy: usize) -> [f64; 4] {
    let width = LINES.len() + 1;
    let spend: Money = (0..n_fy).map(|fy| rec.budget[fy * width + LINES.len()]).sum();
    let series = |metric: usize| &rec.weekly[metric * n_weeks..(metric + 1) * n_weeks];
    let mean = |v: &mut dyn Iterator<Item = f64>| {
        let (s, n) = v.filter(|x| x.is_finite()).fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
        if n > 0 { s / n as f64 } else { f64::NAN }
    };
    let backlog = mean(&mut series(m::IA_BACKLOG).iter().zip(series(m::CA_BACKLOG)).map(|(a, b)| a + b));
    let on_time = mean(&mut series(m::IA_ON_TIME).iter().copied());
    let agency_share = mean(
        &mut series(m::AGENCY_FTE)
            .iter()
            .zip(series(m::PERMANENT_FTE))
            .map(|(a, p)| if a + p > 0.0 { a / (a + p) } else { f64::NAN }),
    );
    [spend.to_f64(), backlog, on_time, agency_share]
}

/// The headline of a paired difference (variant minus base): the mean of the run-by-run
/// differences, which is the difference of the expected values, with its 90% confidence
/// interval, mean ± t(0.95, n−1)·sd/√n (the Monte Carlo uncertainty of that mean, small
/// because common random numbers cancel the noise both sides share). Not the difference
/// of the two medians, which a paired comparison does not estimate.
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct PairedMean {
    pub mean: f64,
    pub ci90_low: f64,
    pub ci90_high: f64,
    /// Every run's difference is zero: the variant changes nothing here.
    pub no_change: bool,
}

impl PairedMean {
    /// From the run-by-run differences; `mean` overrides the float mean (money is exact).
    fn of(diffs: &[f64], mean: Option<f64>) -> Option<PairedMean> {
        let s = describe(diffs)?;
        let mean = mean.unwrap_or(s.mean);
        let half = if s.n > 1 { t95(s.n - 1) * s.sd / (s.n as f64).sqrt() } else { 0.0 };
        let no_change = diffs.iter().all(|d| *d == 0.0);
        Some(PairedMean { mean, ci90_low: mean - half, ci90_high: mean + half, no_change })
    }
}

/// The 95th percentile of Student's t with `df` degrees of freedom (a two-sided 90%
/// interval), by bisection on its CDF: P(T <= t) = 1 − I_{df/(df+t²)}(df/2, 1/2)/2.
fn t95(df: usize) -> f64 {
    let df = df as f64;
    let upper = |t: f64| 0.5 * crate::special::beta_i(df / 2.0, 0.5, df / (df + t * t));
    let (mut lo, mut hi) = (0.0f64, 1000.0f64);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if upper(mid) > 0.05 { lo = mid } else { hi = mid }
    }
    0.5 * (lo + hi)
}

/// The difference (variant minus base) of one measure.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Diff {
    pub name: String,
    /// Mean and percentiles of the per-run differences.
    pub difference: Option<Stats>,
}

/// A headline measure's comparison.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct HeadlineDiff {
    pub name: String,
    pub base_mean: f64,
    pub variant_mean: f64,
    /// The headline: the paired mean difference and its 90% confidence interval.
    pub paired: Option<PairedMean>,
    /// Mean and percentiles of the run-by-run differences (p5 to p95: where 90% of runs'
    /// differences lie; p50: the median of the differences).
    pub difference: Option<Stats>,
    /// Share of runs where the variant is better (ties count half).
    pub p_variant_better: f64,
}

/// One variant against the base.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct VariantResult {
    /// The variant's name and hash, as the header gives the base's.
    pub scenario: ScenarioId,
    pub headlines: Vec<HeadlineDiff>,
    /// Per budget line and financial year.
    pub budget: Vec<BudgetDiff>,
    /// Per metric, at each week: percentiles of the difference.
    pub weekly: Vec<WeeklyDiff>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BudgetDiff {
    pub financial_year: String,
    pub line: String,
    /// The headline: the paired mean difference (exact to the penny) and its 90%
    /// confidence interval.
    pub paired: Option<PairedMean>,
    pub difference: Option<Stats>,
    pub p_variant_lower: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct WeeklyDiff {
    pub metric: String,
    pub mean: Vec<Option<f64>>,
    pub p5: Vec<Option<f64>>,
    pub p50: Vec<Option<f64>>,
    pub p95: Vec<Option<f64>>,
}

/// The comparison (`"schema": "wfsim.compare/2"`); the header's scenario is the base.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Comparison {
    #[serde(flatten)]
    pub provenance: Provenance,
    pub weeks: Vec<String>,
    pub variants: Vec<VariantResult>,
}

/// Compare variants with a base, run by run on common random numbers. The variants must
/// have the same start and horizon as the base.
pub fn compare(
    base: &Scenario,
    variants: &[&Scenario],
    runs: u64,
    seed: u64,
    threads: Option<usize>,
) -> Result<Comparison, AnalysisError> {
    limits::runs(runs, limits::MIN_RUNS).map_err(AnalysisError::limit("runs"))?;
    limits::seed(seed).map_err(AnalysisError::limit("seed"))?;
    for v in variants {
        if v.calendar().n_days() != base.calendar().n_days() || v.input().start != base.input().start {
            return Err(AnalysisError::VariantCalendar {
                name: v.name().to_string(),
                start: base.input().start,
                last: base.calendar().last_date().unwrap_or(base.input().start),
            });
        }
    }
    let eb = Engine::new(base);
    let nw = eb.n_weeks();
    let n_fy = eb.n_fy();
    let width = LINES.len() + 1;
    let mut out = Vec::new();
    for v in variants {
        let ev = Engine::new(v);
        // Per run: base headlines, variant headlines, and the differences of every weekly
        // metric and budget cell.
        let per_run = map_runs(runs, threads, |r, ws, rec| -> Result<PairedRun, SimError> {
            ev.run(seed, r, ws, rec, false)?;
            let weekly_v = rec.weekly.clone();
            let budget_v = rec.budget.clone();
            let hv = headlines(rec, nw, n_fy);
            eb.run(seed, r, ws, rec, false)?;
            let hb = headlines(rec, nw, n_fy);
            let weekly: Vec<f64> = weekly_v.iter().zip(&rec.weekly).map(|(a, b)| a - b).collect();
            let budget: Vec<Money> = budget_v.iter().zip(&rec.budget).map(|(a, b)| *a - *b).collect();
            Ok((weekly, hb, hv, budget))
        });
        let per_run: Vec<_> = per_run.into_iter().collect::<Result<_, _>>()?;
        let n = per_run.len() as f64;
        let headlines = HEADLINES
            .iter()
            .enumerate()
            .map(|(k, h)| {
                let diffs: Vec<f64> = per_run.iter().map(|r| r.2[k] - r.1[k]).collect();
                let better: f64 = per_run
                    .iter()
                    .map(|r| {
                        let (b, v) = (r.1[k], r.2[k]);
                        if !b.is_finite() || !v.is_finite() || b == v {
                            0.5
                        } else if (v < b) == h.lower_is_better {
                            1.0
                        } else {
                            0.0
                        }
                    })
                    .sum();
                let mean_of = |i: usize| {
                    let v: Vec<f64> = per_run.iter().map(|r| if i == 1 { r.1[k] } else { r.2[k] }).collect();
                    describe(&v).map(|s| s.mean).unwrap_or(f64::NAN)
                };
                HeadlineDiff {
                    name: h.name.to_string(),
                    base_mean: mean_of(1),
                    variant_mean: mean_of(2),
                    paired: PairedMean::of(&diffs, None),
                    difference: describe(&diffs),
                    p_variant_better: better / n,
                }
            })
            .collect();
        let fys = base.calendar().financial_years();
        let mut budget = Vec::new();
        for (fi, fy) in fys.iter().enumerate() {
            #[allow(clippy::needless_range_loop)] // li also indexes the per-run budget cells
            for li in 0..width {
                let cells: Vec<Money> = per_run.iter().map(|r| r.3[fi * width + li]).collect();
                let d: Vec<f64> = cells.iter().map(Money::to_f64).collect();
                let exact_mean = crate::money::mean(&cells).map(|m| m.round_pence().to_f64());
                let lower = d.iter().filter(|x| **x < 0.0).count() as f64
                    + 0.5 * d.iter().filter(|x| **x == 0.0).count() as f64;
                budget.push(BudgetDiff {
                    financial_year: fy.label.clone(),
                    line: if li < LINES.len() { LINES[li] } else { m::TOTAL.name }.to_string(),
                    paired: PairedMean::of(&d, exact_mean),
                    difference: describe(&d),
                    p_variant_lower: lower / n,
                });
            }
        }
        let mut weekly = Vec::new();
        let mut col = Vec::with_capacity(per_run.len());
        for (mi, name) in m::NAMES.iter().enumerate() {
            let mut wd = WeeklyDiff {
                metric: name.to_string(),
                mean: vec![None; nw],
                p5: vec![None; nw],
                p50: vec![None; nw],
                p95: vec![None; nw],
            };
            for w in 0..nw {
                col.clear();
                col.extend(per_run.iter().map(|r| r.0[mi * nw + w]));
                if let Some(s) = describe(&col) {
                    wd.mean[w] = Some(s.mean);
                    wd.p5[w] = Some(s.p5);
                    wd.p50[w] = Some(s.p50);
                    wd.p95[w] = Some(s.p95);
                }
            }
            weekly.push(wd);
        }
        out.push(VariantResult { scenario: scenario_id(v), headlines, budget, weekly });
    }
    Ok(Comparison {
        provenance: Provenance::new("wfsim.compare/2", base, runs, seed),
        weeks: (0..nw).map(|w| base.calendar().week_friday(w).to_string()).collect(),
        variants: out,
    })
}

/// Money signed for a difference: "+£1,234", "−£1,234", "£0".
fn signed_gbp(x: f64) -> String {
    let Some(m) = Money::from_f64(x) else { return "-".into() };
    let t = m.format_gbp();
    if m.round_pounds().is_zero() || m.is_negative() { t } else { format!("+{t}") }
}

/// A plain difference, signed, to three decimals.
fn signed(x: f64) -> String {
    if x.abs() < 0.0005 { "0.000".into() } else { format!("{x:+.3}").replace('-', "\u{2212}") }
}

/// "+£233,989 (90% CI +£220,014 to +£247,964)", or "no change".
fn paired_text(p: Option<PairedMean>, f: fn(f64) -> String) -> String {
    match p {
        None => "-".into(),
        Some(p) if p.no_change => "no change".into(),
        Some(p) => format!("{} ({} to {})", f(p.mean), f(p.ci90_low), f(p.ci90_high)),
    }
}

/// What the comparison's figures are, said once under it.
pub const EXPLAINED: &str = "Mean difference: the variant minus the base, run by run on the same random numbers, \
averaged over runs (the change in the expected value); in brackets its 90% confidence interval. 90% of runs: where \
the middle 90% of the run-by-run differences lie. \"no change\": the two sides are identical in every run.";

/// The comparison as readable text: the paired mean difference with its 90% confidence
/// interval as the headline, the spread of run-by-run differences beside it.
/// A chance as "82.8%", or nothing under "no change" (a tie in every run says no more).
fn chance(paired: Option<PairedMean>, p: f64) -> String {
    if paired.is_some_and(|p| p.no_change) { String::new() } else { format!("{:.1}%", p * 100.0) }
}

pub fn text(c: &Comparison) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let p = &c.provenance;
    let _ = writeln!(
        o,
        "wfsim {} | paired comparison against {} ({}) | {} runs | seed {}",
        p.engine_version, p.scenario.name, p.scenario.hash, p.runs, p.seed
    );
    for v in &c.variants {
        let _ = writeln!(
            o,
            "\nVariant {} ({}) minus base, run by run (common random numbers)",
            v.scenario.name, v.scenario.hash
        );
        let _ = writeln!(
            o,
            "{:<50} {:>14} {:>14} {:>44} {:>30} {:>9}",
            "measure", "base mean", "variant mean", "mean difference (90% CI)", "90% of runs", "P(better)"
        );
        for (k, h) in v.headlines.iter().enumerate() {
            // The first headline is money (spend over the horizon).
            let f: fn(f64) -> String = if k == 0 { signed_gbp } else { signed };
            let plain = |x: f64| {
                if k == 0 {
                    Money::from_f64(x).map(|m| m.format_gbp()).unwrap_or_default()
                } else {
                    format!("{x:.3}")
                }
            };
            let spread = match (h.paired, h.difference) {
                (Some(p), _) if p.no_change => String::new(),
                (_, Some(s)) => format!("{} to {}", f(s.p5), f(s.p95)),
                _ => "-".into(),
            };
            let _ = writeln!(
                o,
                "{:<50} {:>14} {:>14} {:>44} {:>30} {:>9}",
                h.name,
                plain(h.base_mean),
                plain(h.variant_mean),
                paired_text(h.paired, f),
                spread,
                chance(h.paired, h.p_variant_better)
            );
        }
        let _ = writeln!(
            o,
            "\n{:<8} {:<26} {:>44} {:>30} {:>9}",
            "year", "budget line", "mean difference (90% CI)", "90% of runs", "P(lower)"
        );
        for b in &v.budget {
            let Some(s) = b.difference else { continue };
            let label = m::line_by_name(&b.line).map_or(b.line.as_str(), |l| l.label);
            let spread = if b.paired.is_some_and(|p| p.no_change) {
                String::new()
            } else {
                format!("{} to {}", signed_gbp(s.p5), signed_gbp(s.p95))
            };
            let _ = writeln!(
                o,
                "{:<8} {:<26} {:>44} {:>30} {:>9}",
                b.financial_year,
                label,
                paired_text(b.paired, signed_gbp),
                spread,
                chance(b.paired, b.p_variant_lower)
            );
        }
    }
    let _ = writeln!(o, "\n{EXPLAINED}");
    o
}
