// Types of the engine's JSON output (the summary `wfsim.summary/1`, src/sim/summary.rs, and
// the decision analyses') and of the scenario document edited in the page.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A problem with a scenario: `path` like `workforce.turnover` or `pods[0].start`. */
export interface Problem {
  path: string;
  message: string;
}

export interface SeriesStats {
  mean: (number | null)[];
  p5: (number | null)[];
  p10: (number | null)[];
  p25: (number | null)[];
  p50: (number | null)[];
  p75: (number | null)[];
  p90: (number | null)[];
  p95: (number | null)[];
}

export interface BudgetRow {
  financial_year: string;
  line: string;
  budget: string | null;
  actuals: string | null;
  mean: string;
  p5: string;
  p10: string;
  p25: string;
  p50: string;
  p75: string;
  p90: string;
  p95: string;
  variance: string;
  expected_variance: string;
  p_overspend: number;
  partial: boolean;
  days_simulated: number;
  days_in_year: number;
}

export interface EventResult {
  label: string;
  probability: number;
  standard_error: number;
}

export interface CampaignResult {
  name: string;
  target_hires: number;
  hires_p50: number;
  hires_p5: number;
  hires_p95: number;
  p_target_met: number;
}

export interface Summary {
  schema: string;
  engine_version: string;
  scenario: { name: string; hash: string };
  runs: number;
  seed: number;
  weeks: string[];
  series: Record<string, SeriesStats>;
  budget: BudgetRow[];
  events: EventResult[];
  campaigns: CampaignResult[];
  /** The scenario's placement types: each key names the series `looked_after.<key>` and
   * `placement_spend.<key>`. */
  placement_types: { key: string; name: string }[];
}

/** One finished run as the page keeps it. */
export interface RunResult {
  summaryText: string;
  summary: Summary;
  seriesCsv: string;
  budgetCsv: string;
  /** The scenario document that was run (a deep copy). */
  doc: JsonObject;
  /** Wall-clock milliseconds the run took in the worker. */
  elapsedMs: number;
  /** When it finished (ISO timestamp). */
  finishedAt: string;
}

/** A distribution's field and its label in the form (`{ name: 'sd', label: 'standard deviation' }`). */
export interface DistField {
  name: string;
  label: string;
}

/** The distribution families the engine accepts (src/families.rs), as the form offers them. */
export interface DistFamilies {
  families: { name: string; label: string; fields: DistField[] }[];
  /** Every field a distribution may have, with its label. */
  fields: DistField[];
}

export interface Preset {
  name: string;
  description: string;
  toml: string;
}

// ---- the decision analyses' output (wfsim.compare/2, wfsim.sensitivity/2, wfsim.targets/1,
// wfsim.calibration/2), each headed like the summary: schema, engine_version,
// scenario {name, hash}, runs, seed ----

/** The scenario an output was computed from. */
export interface ScenarioId {
  name: string;
  hash: string;
}

export interface Stats {
  mean: number;
  sd: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  n: number;
}

/** A paired mean difference (variant minus base) with its 90% confidence interval. */
export interface PairedMean {
  mean: number;
  ci90_low: number;
  ci90_high: number;
  /** Every run's difference is zero: the variant changes nothing here. */
  no_change: boolean;
}

export interface Comparison {
  runs: number;
  seed: number;
  variants: {
    scenario: ScenarioId;
    headlines: {
      name: string;
      base_mean: number;
      variant_mean: number;
      paired: PairedMean | null;
      difference: Stats | null;
      p_variant_better: number;
    }[];
    budget: {
      financial_year: string;
      line: string;
      paired: PairedMean | null;
      difference: Stats | null;
      p_variant_lower: number;
    }[];
  }[];
}

export interface Sensitivity {
  outcome: string;
  runs: number;
  seed: number;
  base_mean: number;
  tornado: {
    path: string;
    how: string;
    low_value: number;
    high_value: number;
    low_mean: number;
    high_mean: number;
    swing: number;
  }[];
  rank_correlations: { path: string; spearman: number }[];
}

export interface TargetResult {
  target: string;
  probability: number;
  standard_error: number;
}

export interface Targets {
  scenario: ScenarioId;
  runs: number;
  seed: number;
  targets: TargetResult[];
}

export interface Calibration {
  draws: number;
  accepted: number;
  tolerance: number;
  params: { path: string; prior: string; posterior: Stats | null }[];
  observations: {
    date: string;
    metric: string;
    observed: number;
    fitted: boolean;
    simulated: Stats | null;
  }[];
  calibrated_toml: string;
}
