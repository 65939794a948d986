// Types of the engine's JSON summary (`wfsim.summary/1`, src/sim/summary.rs) and of
// the scenario document edited in the page.

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
  budget_full_year: string | null;
  mean: string;
  p5: string;
  p10: string;
  p25: string;
  p50: string;
  p75: string;
  p90: string;
  p95: string;
  variance: string | null;
  p_overspend: number | null;
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

export interface Preset {
  name: string;
  description: string;
  toml: string;
}
