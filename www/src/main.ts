// The wfsim browser app's entry: loads the engine's info (presets, schema, distribution
// families) in the tools worker, restores the working scenario, and wires the modules: the
// views (views.ts), validation, running, results, files, share links and the analysis panel.
// The page's state is in state.ts; each module renders from it.

import './style.css';
import { AnalysisPanel, setChecker } from './analysis';
import { watchResize } from './chartcard';
import { wireCouncil } from './council';
import { $, h } from './dom';
import type { EngineInfo } from './engine';
import { replaceDoc, useScenarioText, wireFiles } from './files';
import { updateHeader } from './header';
import { wireRunning } from './running';
import { Schema, type RootSchema } from './schema';
import {
  currentSeed,
  initWorkers,
  setRunSettings,
  syncRunSettingsFromDoc,
  updateRunButton,
} from './settings';
import { takeSharedScenario, wireSharing } from './sharing';
import { loadOptions, noteOrigin, setFieldLabeller, study } from './options';
import { wireOptionsCard } from './optionscard';
import { redrawCharts } from './resultspane';
import { analyst, notesFor, pool, state, tools, ui } from './state';
import * as store from './store';
import { parseScenario } from './toml';
import { refreshAnalysisOptions, validateSoon } from './validation';
import { setupEditor, updateTextWarning, wireViews } from './views';
import { mountOptimise } from './optimise';

function wire() {
  wireCouncil();
  wireViews();
  wireRunning();
  wireFiles();
  wireSharing();
  // Parsing targets is a quick check: the tools worker, never queued behind an analysis.
  setChecker(tools);
  ui.panel = new AnalysisPanel($('analysis'), {
    worker: analyst,
    pool,
    scenarioText: () =>
      state.problems.length || state.textDraft !== undefined
        ? undefined
        : JSON.stringify(state.doc),
    seed: () => currentSeed() ?? '1',
    activate: () => refreshAnalysisOptions(),
    useScenario: (toml) =>
      useScenarioText(
        toml,
        {
          message:
            'Loaded the calibrated scenario: the fitted parameters now have their fitted distributions.',
        },
        'The calibrated scenario could not be read',
      ),
  });
  mountOptimise($('analysis'), {
    worker: analyst,
    scenarioText: () =>
      state.problems.length || state.textDraft !== undefined
        ? undefined
        : JSON.stringify(state.doc),
    seed: () => currentSeed() ?? '1',
  });
  tools.onCrash = () => validateSoon(200);
  wireOptionsCard({
    open: (doc, name) =>
      replaceDoc(doc, {
        message: `Opened the option “${name}” as the working scenario.`,
        origin: false,
      }),
    baseChanged: () => redrawCharts(),
  });
  watchResize();
}

async function start() {
  wire();
  let info: EngineInfo;
  try {
    info = await tools.info();
  } catch (e) {
    $('form').textContent =
      `The engine could not be loaded: ${(e as Error).message}. Reload the page to try again.`;
    return;
  }
  state.presets = info.presets;
  state.schema = new Schema(JSON.parse(info.schema) as RootSchema);
  const select = $<HTMLSelectElement>('preset-select');
  for (const p of info.presets)
    select.append(h('option', { value: p.name, title: p.description }, p.name));
  document.querySelector('.brand p')!.textContent =
    `Children’s social care workforce and budget simulator · engine ${info.version}`;

  const saved = store.load();
  if (saved) {
    state.doc = saved.doc;
    state.fallback = saved.fallback ?? {};
    state.textDraft = saved.textDraft;
    state.textFormat = saved.textFormat ?? 'toml';
    state.presetName = saved.preset;
    state.notesFrom = saved.notesFrom;
    setRunSettings(saved.runs, saved.seed);
  } else if (info.presets.length) {
    state.doc = parseScenario(info.presets[0].toml);
    state.presetName = info.presets[0].name;
    syncRunSettingsFromDoc();
  }
  state.notes = notesFor(state.presetName, state.notesFrom);
  loadOptions();
  if (!study.origin) noteOrigin(state.doc, state.presetName ? 'preset' : 'as restored');
  if (!$<HTMLInputElement>('runs').value) $<HTMLInputElement>('runs').value = '1000';
  if (!$<HTMLInputElement>('seed').value) $<HTMLInputElement>('seed').value = '1';
  initWorkers();
  setupEditor(state.schema, info.families);
  const editor = ui.editor!;
  setFieldLabeller((path) => editor.describe(path).split(' › ').at(-1) ?? path);
  if (saved?.open) {
    editor.open.clear();
    saved.open.forEach((g) => editor.open.add(g));
  }
  editor.render();
  updateTextWarning();
  updateHeader();
  if (!takeSharedScenario()) {
    if (saved) $('save-state').textContent = 'Restored your working scenario from this browser';
    validateSoon(0);
  }
  updateRunButton();
  document.body.dataset.ready = 'true';
}

// Test hooks (used by the end-to-end tests; harmless otherwise).
(window as unknown as { wfsimTest: unknown }).wfsimTest = {
  killWorker: (i: number) => pool.killForTest(i),
  workers: () => pool.size,
  /** Milliseconds for `runs` runs of the working scenario on `workers` workers (scripts/bench). */
  time: async (runs: number, seed: string, workers: number) => {
    pool.setSize(workers);
    const t0 = performance.now();
    await pool.run({ text: JSON.stringify(state.doc), runs, seed });
    return performance.now() - t0;
  },
  state: () => ({
    problems: state.problems,
    hasResult: Boolean(state.current),
    running: state.running,
    finishedAt: state.current?.finishedAt ?? '',
    summaryText: state.current?.summaryText ?? '',
  }),
  /** The JSON text of the last sensitivity or calibration. */
  analysisText: () => ui.panel?.lastJson ?? '',
};

if (import.meta.env.PROD && 'serviceWorker' in navigator && location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => undefined);
  });
}

void start();
