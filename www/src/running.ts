// Running the working scenario in the runner worker: progress and elapsed time while it runs,
// Cancel, the outcome (results, problems, a crash) in the run message; and keeping a run as
// the baseline to compare the next ones with.

import { clone } from './doc';
import { $, clear, h } from './dom';
import type { EngineError } from './engine';
import { int, seconds } from './format';
import { renderResults, updateBaselineInfo } from './resultspane';
import { currentRuns, currentSeed, updateRunButton } from './settings';
import { runner, state } from './state';
import { scheduleSave } from './store';
import type { Summary } from './types';
import { showProblems } from './validation';

let progressTimer: number | undefined;
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
  const started = performance.now();
  const progress = $<HTMLProgressElement>('progress');
  const text = $('progress-text');
  $('progress-row').hidden = false;
  $('cancel').hidden = false;
  $<HTMLButtonElement>('keep-baseline').disabled = true;
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
  try {
    const out = await runner.run(JSON.stringify(doc), runs, seed, (d, total) => {
      done = d;
      progress.max = total;
      progress.value = d;
    });
    const summary = JSON.parse(out.summaryText) as Summary;
    state.current = {
      summaryText: out.summaryText,
      summary,
      seriesCsv: out.seriesCsv,
      budgetCsv: out.budgetCsv,
      doc,
      elapsedMs: performance.now() - started,
      finishedAt: new Date().toISOString(),
    };
    $('run-message').textContent =
      `Finished ${int(summary.runs)} runs in ${seconds(state.current.elapsedMs)}.`;
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
    $<HTMLButtonElement>('keep-baseline').disabled =
      !state.current || state.current === state.baseline;
    updateRunButton();
    restoreFocus(focused);
  }
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

/** Run, Cancel, Enter in the run settings, and the baseline's Keep and Clear buttons. */
export function wireRunning() {
  $('run').addEventListener('click', () => void runSimulation());
  $('cancel').addEventListener('click', () => runner.cancel());
  for (const id of ['runs', 'seed'])
    $(id).addEventListener('input', () => {
      updateRunButton();
      scheduleSave();
    });
  for (const id of ['runs', 'seed'])
    $(id).addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter' && !$<HTMLButtonElement>('run').disabled)
        void runSimulation();
    });
  $('keep-baseline').addEventListener('click', () => {
    state.baseline = state.current;
    $<HTMLButtonElement>('keep-baseline').disabled = true;
    updateBaselineInfo();
    renderResults();
    $('run-message').textContent = 'Kept these results as the baseline.';
  });
  $('clear-baseline').addEventListener('click', () => {
    state.baseline = undefined;
    $<HTMLButtonElement>('keep-baseline').disabled = !state.current;
    updateBaselineInfo();
    renderResults();
  });
  runner.onCrash = (message) => {
    $('run-message').className = 'run-message bad';
    $('run-message').textContent =
      `The engine stopped unexpectedly (${message}). It has been restarted; your scenario and results are safe.`;
  };
}
