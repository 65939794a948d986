// The page's state: the working scenario and what is derived from it (problems, the last run,
// the base option's result), the engine workers and their pool, and the components built once (the form, the
// analysis panel). Every other module reads and changes this one object.

import type { AnalysisPanel } from './analysis';
import type { Editor } from './editor';
import { EngineWorker } from './engine';
import { WorkerPool } from './pool';
import type { Schema } from './schema';
import { extractNotes, type Notes } from './toml';
import type { Json, JsonObject, Preset, Problem, RunResult } from './types';

export interface State {
  schema?: Schema;
  presets: Preset[];
  doc: JsonObject;
  /** Last readable value of each field, used to validate the rest while one is unreadable. */
  fallback: Record<string, Json>;
  presetName?: string;
  /** The source comments by field, with the value each was for (shown in the form, kept in
   * saved TOML while the value is unchanged): a preset's, or those of `notesFrom`. */
  notes?: Notes;
  /** The TOML the notes came from when it is not a preset (a derived or opened scenario). */
  notesFrom?: string;
  view: 'form' | 'text';
  textFormat: 'toml' | 'json';
  /** Text in the text view that does not parse (kept, never thrown away). */
  textDraft?: string;
  problems: Problem[];
  current?: RunResult;
  /** The base option's result on the current run's runs and seed (the charts overlay it). */
  baseline?: RunResult;
  running: boolean;
  /** Metrics the user added a chart for. */
  extraCharts: string[];
  /** The placement type whose charts are shown (its key; the first type if unset). */
  placementType?: string;
}

export const state: State = {
  presets: [],
  doc: {},
  fallback: {},
  view: 'form',
  textFormat: 'toml',
  problems: [],
  running: false,
  extraCharts: [],
};

/** Validation and the engine's info: never queued behind a run. */
export const tools = new EngineWorker('wfsim-tools');
/** Reports (the budget paper, in the full module). */
export const runner = new EngineWorker('wfsim-runner');
/** Monte Carlos: the working scenario's runs and the options', spread over the cores. */
export const pool = new WorkerPool('wfsim-pool');
/** Decision analyses (paired comparison, sensitivity, targets, calibration): a worker of their own. */
export const analyst = new EngineWorker('wfsim-analysis');

/** Components made once the engine has loaded. */
export const ui: { editor?: Editor; panel?: AnalysisPanel } = {};

/** The source notes of a preset by its name, else of `notesFrom` (the TOML a scenario came from). */
export function notesFor(presetName: string | undefined, notesFrom?: string): Notes | undefined {
  const p = state.presets.find((x) => x.name === presetName);
  if (p) return extractNotes(p.toml);
  return notesFrom ? extractNotes(notesFrom) : undefined;
}
