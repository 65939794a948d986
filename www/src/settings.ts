// The run settings in the header (runs and seed) and the Run button: enabled only when the
// scenario has no problems and both settings are whole numbers in range, with a line saying why.

import { parseInteger, ungrouped } from './doc';
import { $ } from './dom';
import { MAX_WORKERS, suggestedWorkers } from './pool';
import { pool, state } from './state';
import type { JsonObject } from './types';

export function currentRuns(): number | null {
  const n = parseInteger($<HTMLInputElement>('runs').value);
  return n !== null && n >= 1 && n <= 1_000_000 ? n : null;
}

/** The seed as a decimal string (it may exceed what a float holds exactly), or null. */
export function currentSeed(): string | null {
  const t = ungrouped($<HTMLInputElement>('seed').value);
  if (t === null || !/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n <= Number.MAX_SAFE_INTEGER ? String(BigInt(t)) : null;
}

/** Where the chosen number of workers is kept: a setting of this browser, not of a scenario. */
const WORKERS_KEY = 'wfsim-workers';

/** The workers field as a number from 1 to `MAX_WORKERS`, or null. */
export function currentWorkers(): number | null {
  const n = parseInteger($<HTMLInputElement>('workers').value);
  return n !== null && n >= 1 && n <= MAX_WORKERS ? n : null;
}

/** The workers field from this browser's choice (or one per core), and the pool sized to it. */
export function initWorkers() {
  const kept = Number(localStorage.getItem(WORKERS_KEY));
  const n = Number.isInteger(kept) && kept >= 1 && kept <= MAX_WORKERS ? kept : suggestedWorkers();
  $<HTMLInputElement>('workers').value = String(n);
  pool.setSize(n);
}

/** After an edit of the workers field: a valid number resizes the pool and is kept. */
export function workersEdited() {
  const n = currentWorkers();
  if (n !== null) {
    pool.setSize(n);
    localStorage.setItem(WORKERS_KEY, String(n));
  }
  updateRunButton();
}

export function setRunSettings(runs: number | undefined, seed: string | undefined) {
  if (runs) $<HTMLInputElement>('runs').value = String(runs);
  if (seed) $<HTMLInputElement>('seed').value = seed;
}

/** The scenario's own `monte_carlo` runs and seed, if it has them, into the header fields. */
export function syncRunSettingsFromDoc() {
  const mc = state.doc.monte_carlo as JsonObject | undefined;
  if (mc && typeof mc.runs === 'number') $<HTMLInputElement>('runs').value = String(mc.runs);
  if (mc && typeof mc.seed === 'number') $<HTMLInputElement>('seed').value = String(mc.seed);
}

export function updateRunButton() {
  const run = $<HTMLButtonElement>('run');
  const runs = currentRuns();
  const seed = currentSeed();
  const problems = state.problems.length > 0 || state.textDraft !== undefined;
  const workers = currentWorkers();
  const bad = runs === null || seed === null || workers === null || problems;
  run.disabled = state.running || !state.schema || bad;
  const help = $('run-help');
  help.classList.toggle('bad', bad);
  if (runs === null)
    help.textContent = `Runs must be a whole number from 1 to 1,000,000${commaNote('runs')}.`;
  else if (seed === null)
    help.textContent = `The seed must be a whole number from 0 to 9,007,199,254,740,991${commaNote('seed')}.`;
  else if (workers === null)
    help.textContent = `Workers must be a whole number from 1 to ${MAX_WORKERS}${commaNote('workers')}.`;
  else if (problems) help.textContent = 'Fix the problems in the scenario to run it.';
  else
    help.textContent =
      'Same scenario, runs and seed give the same results, here or in the command-line tool, on any number of workers.';
}

/** A note for a comma that does not group thousands ("1,5"), which is refused, not read as 15. */
function commaNote(id: string): string {
  const v = $<HTMLInputElement>(id).value.trim();
  return v.includes(',') && ungrouped(v) === null
    ? ` (“${v}”: a comma may only group thousands, as in 10,000)`
    : '';
}
