// Running the working scenario on the worker pool: progress and elapsed time while it runs,
// Cancel, the outcome (results, problems, a crash) in the run message. Each finished run is
// kept as an option (options.ts) under the name typed in the run bar, and set against the
// base when it is not the base itself.

import { clone } from './doc';
import { $, clear, h } from './dom';
import type { EngineError } from './engine';
import { int, seconds } from './format';
import { keepRun, study } from './options';
import { compareNow, toResult } from './optionscard';
import { renderResults } from './resultspane';
import { currentRuns, currentSeed, updateRunButton, workersEdited } from './settings';
import { pool, state } from './state';
import { scheduleSave } from './store';
import { showProblems } from './validation';

let progressTimer: number | undefined;
/** Workers replaced after a crash (their share run again), counted for the run message. */
let crashes = 0;
/** Run the working scenario with the header's runs and seed; the results replace the last. */
async function runSimulation() {
  const runs = currentRuns();
  const seed = currentSeed();
  if (runs === null || seed === null || state.running) return;
  state.running = true;
  // The Run button is disabled while it runs, which drops the keyboard's focus to the page:
  // it is given back at the end (to the control that had it, if that is still there).
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  updateRunButton();
  const doc = clone(state.doc);
  const name = $<HTMLInputElement>('run-name').value.trim();
  const started = performance.now();
  const progress = $<HTMLProgressElement>('progress');
  const text = $('progress-text');
  $('progress-row').hidden = false;
  $('cancel').hidden = false;
  progress.max = runs;
  progress.value = 0;
  let done = 0;
  const paint = () => {
    text.textContent = `${int(done)} of ${int(runs)} runs · ${seconds(performance.now() - started)}`;
  };
  paint();
  progressTimer = window.setInterval(paint, 250);
  $('run-message').textContent = `Running ${int(runs)} runs…`;
  $('run-message').className = 'run-message';
  let compare = false;
  const crashesBefore = crashes;
  try {
    const out = await pool.run({ text: JSON.stringify(doc), runs, seed }, (d, total) => {
      done = d;
      progress.max = total;
      progress.value = d;
    });
    state.current = toResult(out, doc, performance.now() - started);
    const option = keepRun(state.current, name || undefined);
    $<HTMLInputElement>('run-name').value = '';
    compare = option.id !== study.baseId && study.compared.includes(option.id);
    const replaced = crashes - crashesBefore;
    $('run-message').textContent =
      `Finished ${int(runs)} runs in ${seconds(state.current.elapsedMs)}; kept as the option “${option.name}”.` +
      (replaced
        ? ` ${replaced === 1 ? 'A worker' : `${replaced} workers`} stopped unexpectedly and ${replaced === 1 ? 'was' : 'were'} replaced; ${replaced === 1 ? 'its share' : 'their shares'} ran again, so the results are complete.`
        : '');
    renderResults();
  } catch (e) {
    const err = e as EngineError;
    const box = $('run-message');
    clear(box);
    box.className = `run-message ${err.cancelled ? '' : 'bad'}`;
    if (err.cancelled)
      box.textContent = state.current
        ? 'Run cancelled. The results below are from the previous run.'
        : 'Run cancelled.';
    else if (err.problems?.length) {
      box.append(
        h('p', {}, 'The scenario has problems:'),
        h('ul', {}, ...err.problems.map((p) => h('li', {}, `${p.path}: ${p.message}`))),
      );
      state.problems = err.problems;
      showProblems();
    } else box.textContent = err.crashed ? err.message : `The run failed: ${err.message}`;
  } finally {
    clearInterval(progressTimer);
    state.running = false;
    $('progress-row').hidden = true;
    $('cancel').hidden = true;
    updateRunButton();
    restoreFocus(focused);
  }
  // An option set against the base: the base (and the other compared options) on the same
  // runs and seed, side by side.
  if (compare) void compareNow(runs, seed);
}

/** Give the focus back after a run, if it fell to the page (a disabled or removed control). */
function restoreFocus(focused: HTMLElement | null) {
  const lost = !document.activeElement || document.activeElement === document.body;
  if (!lost || !focused || focused === document.body) return;
  (focused.isConnected ? focused : $('run')).focus();
}

/** Run the working scenario if it can run (the Run button says why not otherwise). */
export function requestRun() {
  if ($<HTMLButtonElement>('run').disabled) {
    $('run-help').scrollIntoView({ block: 'nearest' });
    return;
  }
  void runSimulation();
}

/** Run, Cancel, and Enter in the run settings. */
export function wireRunning() {
  $('run').addEventListener('click', () => void runSimulation());
  $('cancel').addEventListener('click', () => pool.cancel());
  for (const id of ['runs', 'seed'])
    $(id).addEventListener('input', () => {
      updateRunButton();
      scheduleSave();
    });
  $('workers').addEventListener('input', workersEdited);
  for (const id of ['runs', 'seed', 'workers', 'run-name'])
    $(id).addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter' && !$<HTMLButtonElement>('run').disabled)
        void runSimulation();
    });
  pool.onCrash = (message) => {
    crashes++;
    $('run-message').className = 'run-message';
    $('run-message').textContent =
      `An engine worker stopped unexpectedly (${message}). It has been replaced and its share is running again.`;
  };
}
