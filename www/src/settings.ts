// The run settings in the header (runs and seed) and the Run button: enabled only when the
// scenario has no problems and both settings are whole numbers in range, with a line saying why.

import { parseInteger, ungrouped } from './doc';
import { $ } from './dom';
import { state } from './state';
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
  run.disabled = state.running || !state.schema || problems || runs === null || seed === null;
  const help = $('run-help');
  help.classList.toggle('bad', runs === null || seed === null || problems);
  if (runs === null)
    help.textContent = `Runs must be a whole number from 1 to 1,000,000${commaNote('runs')}.`;
  else if (seed === null)
    help.textContent = `The seed must be a whole number from 0 to 9,007,199,254,740,991${commaNote('seed')}.`;
  else if (problems) help.textContent = 'Fix the problems in the scenario to run it.';
  else
    help.textContent =
      'Same scenario, runs and seed give the same results, here or in the command-line tool.';
}

/** A note for a comma that does not group thousands ("1,5"), which is refused, not read as 15. */
function commaNote(id: string): string {
  const v = $<HTMLInputElement>(id).value.trim();
  return v.includes(',') && ungrouped(v) === null
    ? ` (“${v}”: a comma may only group thousands, as in 10,000)`
    : '';
}
