// The wfsim browser app: wires the scenario editor, the engine workers, the results and the
// files together. State lives here; each part renders from it.

import './style.css';
import { zipSync } from 'fflate';
import { AnalysisPanel, setChecker } from './analysis';
import { CHART_COLORS, OBSERVED_SOURCE, chartTable, fanChart, showsObserved } from './charts';
import { clone, localProblems, parseInteger, sanitized } from './doc';
import { clear, h, slug } from './dom';
import { downloadBlob, downloadText, fileStem, standaloneSvg, svgToPng } from './download';
import { Editor } from './editor';
import { EngineError, EngineWorker, type EngineInfo } from './engine';
import { int, seconds } from './format';
import { CHART_SECTIONS, metricInfo } from './layout';
import { budgetTable, compareTables, eventsList, provenance } from './results';
import { showPaired } from './paired';
import { Schema, type RootSchema } from './schema';
import { decodeShare, shareUrl } from './share';
import * as store from './store';
import { ParseError, extractNotes, looksLikeJson, parseScenario, toToml, type Notes } from './toml';
import type { Json, JsonObject, Preset, Problem, RunResult, Summary } from './types';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

interface State {
  info?: EngineInfo;
  schema?: Schema;
  presets: Preset[];
  doc: JsonObject;
  fallback: Record<string, Json>;
  presetName?: string;
  notes?: Notes;
  view: 'form' | 'text';
  textFormat: 'toml' | 'json';
  /** Text in the text view that does not parse (kept, never thrown away). */
  textDraft?: string;
  problems: Problem[];
  current?: RunResult;
  baseline?: RunResult;
  running: boolean;
  extraCharts: string[];
}

const state: State = {
  presets: [],
  doc: {},
  fallback: {},
  view: 'form',
  textFormat: 'toml',
  problems: [],
  running: false,
  extraCharts: [],
};

const tools = new EngineWorker('wfsim-tools');
const runner = new EngineWorker('wfsim-runner');
/** Decision analyses (paired comparison, sensitivity, targets, calibration): a worker of their own. */
const analyst = new EngineWorker('wfsim-analysis');
setChecker(tools);
let panel: AnalysisPanel | undefined;
let editor: Editor | undefined;

// ---- notices ------------------------------------------------------------------------------

function notify(
  message: string,
  action?: { label: string; run: () => void },
  kind: 'info' | 'error' = 'info',
) {
  const box = $('notice');
  clear(box);
  box.className = `notice ${kind}`;
  box.append(h('span', {}, message));
  if (action)
    box.append(
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: () => {
            action.run();
            clear(box);
          },
        },
        action.label,
      ),
    );
  box.append(
    h(
      'button',
      {
        type: 'button',
        class: 'small ghost',
        'aria-label': 'Dismiss message',
        onclick: () => clear(box),
      },
      '×',
    ),
  );
}

// ---- persistence --------------------------------------------------------------------------

let saveTimer: number | undefined;
function scheduleSave() {
  $('save-state').textContent = 'Saving…';
  clearTimeout(saveTimer);
  saveTimer = window.setTimeout(saveNow, 250);
}

function saveNow() {
  clearTimeout(saveTimer);
  const ok = store.save({
    doc: state.doc,
    fallback: state.fallback,
    textDraft: state.textDraft,
    textFormat: state.textFormat,
    runs: currentRuns() ?? undefined,
    seed: currentSeed() ?? undefined,
    open: editor ? [...editor.open] : undefined,
    preset: state.presetName,
  });
  $('save-state').textContent = ok
    ? 'All changes saved in this browser'
    : 'Could not save in this browser (storage full or blocked)';
}

// ---- the working document -------------------------------------------------------------------

function notesFor(presetName: string | undefined): Notes | undefined {
  const p = state.presets.find((x) => x.name === presetName);
  return p ? extractNotes(p.toml) : undefined;
}

/** Replace the whole working scenario (preset, file, share link), keeping the old one for Undo. */
function replaceDoc(
  doc: JsonObject,
  opts: { presetName?: string; message: string; undo?: boolean },
) {
  const previous = {
    doc: state.doc,
    fallback: state.fallback,
    presetName: state.presetName,
    textDraft: state.textDraft,
  };
  state.doc = doc;
  state.fallback = {};
  state.textDraft = undefined;
  state.presetName =
    opts.presetName ??
    (state.presets.some((p) => p.name === doc.name) ? (doc.name as string) : undefined);
  state.notes = notesFor(state.presetName);
  syncRunSettingsFromDoc();
  afterDocReplaced();
  notify(
    opts.message,
    opts.undo === false
      ? undefined
      : {
          label: 'Undo',
          run: () => {
            state.doc = previous.doc;
            state.fallback = previous.fallback;
            state.presetName = previous.presetName;
            state.textDraft = previous.textDraft;
            state.notes = notesFor(state.presetName);
            afterDocReplaced();
          },
        },
  );
}

function afterDocReplaced() {
  editor?.render();
  if (state.view === 'text') fillText(true);
  updateTextWarning();
  saveNow();
  validateSoon(0);
  updateStale();
}

function syncRunSettingsFromDoc() {
  const mc = state.doc.monte_carlo as JsonObject | undefined;
  if (mc && typeof mc.runs === 'number') $<HTMLInputElement>('runs').value = String(mc.runs);
  if (mc && typeof mc.seed === 'number') $<HTMLInputElement>('seed').value = String(mc.seed);
}

// ---- validation -----------------------------------------------------------------------------

let validateTimer: number | undefined;
let validateSeq = 0;
let validateFromText = false;

function validateSoon(delay = 350) {
  clearTimeout(validateTimer);
  validateTimer = window.setTimeout(() => void validate(), delay);
}

/** The decision analysis panel's choices (parameters, metrics, years) for a valid scenario. */
function refreshAnalysisOptions(text: string, seq: number) {
  if (state.problems.length || state.textDraft !== undefined) return;
  tools
    .analysisOptions(text)
    .then((o) => seq === validateSeq && panel?.setOptions(o))
    .catch(() => undefined);
}

async function validate() {
  if (!state.schema) return;
  const seq = ++validateSeq;
  const local = localProblems(state.schema, state.doc);
  const text =
    validateFromText && state.view === 'text' && !state.textDraft && local.length === 0
      ? $<HTMLTextAreaElement>('scenario-text').value
      : JSON.stringify(sanitized(state.doc, local, state.fallback), null, 1);
  let engine: Problem[];
  try {
    engine = await tools.validate(text);
  } catch (e) {
    if (seq !== validateSeq) return;
    engine = [{ path: '', message: `The check could not run: ${(e as Error).message}` }];
  }
  if (seq !== validateSeq) return;
  const localPaths = new Set(local.map((p) => p.path));
  state.problems = [...local, ...engine.filter((p) => !localPaths.has(p.path))];
  showProblems();
  if (panel?.active) refreshAnalysisOptions(text, seq);
}

function showProblems() {
  const box = $('problems');
  clear(box);
  const unmatched = editor ? editor.showProblems(state.problems) : state.problems;
  const textProblems = state.textDraft !== undefined;
  const n = state.problems.length;
  if (n === 0 && !textProblems) {
    box.className = 'problems ok';
    box.append(h('p', {}, '✓ The scenario is valid.'));
  } else {
    box.className = 'problems bad';
    const matched = state.problems.filter((p) => !unmatched.includes(p));
    box.append(
      h(
        'p',
        { class: 'problems-title' },
        n === 1 ? '1 problem to fix before running' : `${n} problems to fix before running`,
      ),
    );
    if (unmatched.length) {
      const ul = h('ul', { id: 'top-problems' });
      for (const p of unmatched)
        ul.append(
          h('li', {}, p.path ? h('code', {}, p.path) : null, p.path ? ': ' : '', p.message),
        );
      box.append(ul);
    }
    if (matched.length) {
      const ul = h('ul', { class: 'jump' });
      for (const p of matched.slice(0, 8)) {
        ul.append(
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                onclick: () => {
                  showView('form');
                  editor?.reveal(p.path);
                },
              },
              editor ? editor.describe(p.path) : p.path,
            ),
            `: ${p.message}`,
          ),
        );
      }
      if (matched.length > 8)
        ul.append(h('li', {}, `and ${matched.length - 8} more, shown next to their fields`));
      box.append(ul);
    }
  }
  updateRunButton();
}

// ---- editor host ------------------------------------------------------------------------------

const RERENDER_ON_CHANGE = /^(start|weeks)$|\.name$|^events\[|\.grade$/;

function setupEditor(schema: Schema) {
  editor = new Editor($('form'), {
    schema,
    families: state.info!.families,
    doc: () => state.doc,
    notes: () => state.notes,
    get fallback() {
      return state.fallback;
    },
    edited: () => {
      validateFromText = false;
      scheduleSave();
      validateSoon();
      updateStale();
    },
    restructured: () => {
      validateFromText = false;
      editor?.render();
      showProblems();
      scheduleSave();
      validateSoon(100);
      updateStale();
    },
  });
  $('form').addEventListener('change', (e) => {
    const field = (e.target as HTMLElement).closest<HTMLElement>('.field');
    const path = field?.dataset.path ?? '';
    if (RERENDER_ON_CHANGE.test(path)) {
      // After the focus has moved on (Tab), so that it is kept on the new element.
      setTimeout(() => {
        editor?.render();
        showProblems();
      }, 0);
    }
  });
  $('form').addEventListener('toggle', () => scheduleSave(), true);
}

// ---- views: form and text -------------------------------------------------------------------

function showView(view: 'form' | 'text') {
  state.view = view;
  const formTab = $('tab-form');
  const textTab = $('tab-text');
  formTab.setAttribute('aria-selected', String(view === 'form'));
  textTab.setAttribute('aria-selected', String(view === 'text'));
  formTab.tabIndex = view === 'form' ? 0 : -1;
  textTab.tabIndex = view === 'text' ? 0 : -1;
  $('panel-form').hidden = view !== 'form';
  $('panel-text').hidden = view !== 'text';
  if (view === 'text') fillText(false);
  else {
    updateTextWarning();
    editor?.render();
    showProblems();
  }
}

function docText(format: 'toml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(state.doc, null, 2)}\n`;
  return toToml(state.doc, state.notes);
}

function fillText(force: boolean) {
  const ta = $<HTMLTextAreaElement>('scenario-text');
  $<HTMLSelectElement>('text-format').value = state.textFormat;
  if (state.textDraft !== undefined && !force) {
    ta.value = state.textDraft;
    textStatus();
    return;
  }
  ta.value = docText(state.textFormat);
  textStatus();
}

let textParseError: string | undefined;
function textStatus() {
  const s = $('text-status');
  s.className = `text-status ${textParseError ? 'bad' : ''}`;
  s.textContent = textParseError
    ? textParseError
    : state.textDraft !== undefined
      ? ''
      : 'Edits here update the form as you type.';
}

let textTimer: number | undefined;
function onTextInput() {
  clearTimeout(textTimer);
  const ta = $<HTMLTextAreaElement>('scenario-text');
  state.textDraft = ta.value; // kept until it parses
  scheduleSave();
  textTimer = window.setTimeout(() => {
    try {
      const doc = parseScenario(ta.value);
      state.doc = doc;
      state.fallback = {};
      state.textDraft = undefined;
      state.textFormat = looksLikeJson(ta.value) ? 'json' : 'toml';
      textParseError = undefined;
      validateFromText = true;
      updateStale();
      validateSoon(0);
    } catch (e) {
      textParseError = e instanceof ParseError ? e.message : String(e);
      state.problems = [{ path: '', message: `The text cannot be read: ${textParseError}` }];
      showProblems();
    }
    textStatus();
    scheduleSave();
  }, 300);
}

function updateTextWarning() {
  const w = $('text-warning');
  clear(w);
  w.hidden = state.textDraft === undefined;
  if (state.textDraft === undefined) return;
  w.append(
    h(
      'p',
      {},
      'The text view has changes that cannot be read yet (a syntax error). The form shows the last version that could be read.',
    ),
    h(
      'button',
      { type: 'button', class: 'small', onclick: () => showView('text') },
      'Back to the text',
    ),
    ' ',
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        onclick: () => {
          state.textDraft = undefined;
          textParseError = undefined;
          updateTextWarning();
          saveNow();
          validateSoon(0);
        },
      },
      'Discard the text changes',
    ),
  );
}

// ---- running --------------------------------------------------------------------------------

function currentRuns(): number | null {
  const n = parseInteger($<HTMLInputElement>('runs').value);
  return n !== null && n >= 1 && n <= 1_000_000 ? n : null;
}

function currentSeed(): string | null {
  const t = $<HTMLInputElement>('seed')
    .value.trim()
    .replace(/[\s,_]/g, '');
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n <= Number.MAX_SAFE_INTEGER ? String(BigInt(t)) : null;
}

function updateRunButton() {
  const run = $<HTMLButtonElement>('run');
  const runs = currentRuns();
  const seed = currentSeed();
  const problems = state.problems.length > 0 || state.textDraft !== undefined;
  run.disabled = state.running || !state.schema || problems || runs === null || seed === null;
  const help = $('run-help');
  help.classList.toggle('bad', runs === null || seed === null || problems);
  if (runs === null) help.textContent = 'Runs must be a whole number from 1 to 1,000,000.';
  else if (seed === null)
    help.textContent = 'The seed must be a whole number from 0 to 9,007,199,254,740,991.';
  else if (problems) help.textContent = 'Fix the problems in the scenario to run it.';
  else
    help.textContent =
      'Same scenario, runs and seed give the same results, here or in the command-line tool.';
}

let progressTimer: number | undefined;
async function runSimulation() {
  const runs = currentRuns();
  const seed = currentSeed();
  if (runs === null || seed === null || state.running) return;
  state.running = true;
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
  }
}

// ---- results ---------------------------------------------------------------------------------

function updateStale() {
  const banner = document.getElementById('stale');
  if (!banner || !state.current) return;
  const stale = JSON.stringify(state.current.doc) !== JSON.stringify(state.doc);
  banner.hidden = !stale;
}

function updateBaselineInfo() {
  const info = $('baseline-info');
  const b = state.baseline;
  info.hidden = !b;
  $('clear-baseline').hidden = !b;
  if (b)
    info.textContent = `Baseline kept: ${b.summary.scenario.name} (hash ${b.summary.scenario.hash}), ${int(b.summary.runs)} runs, seed ${b.summary.seed}. Edit the scenario and run again with the same seed to compare.`;
}

const chartRenders: (() => void)[] = [];

function renderResults() {
  const body = $('results-body');
  clear(body);
  chartRenders.length = 0;
  const cur = state.current;
  if (!cur) return;
  const s = cur.summary;
  const comparing = state.baseline && state.baseline !== cur ? state.baseline : undefined;
  body.append(
    h(
      'p',
      { id: 'stale', class: 'warn', hidden: true },
      'You have changed the scenario since this run. Run again to update the results.',
    ),
    provenance(cur),
    h(
      'nav',
      { class: 'in-page', 'aria-label': 'Results sections' },
      comparing ? h('a', { href: '#sec-compare' }, 'Comparison') : null,
      h('a', { href: '#sec-budget' }, 'Budget'),
      s.events.length || s.campaigns.length
        ? h('a', { href: '#sec-questions' }, 'Questions')
        : null,
      h('a', { href: '#sec-charts' }, 'Charts'),
      h('a', { href: '#sec-downloads' }, 'Downloads'),
    ),
  );
  if (comparing) {
    const paired = h(
      'div',
      { id: 'paired-compare' },
      h('h3', {}, 'Paired differences (same runs and seed)'),
    );
    body.append(
      h(
        'section',
        { id: 'sec-compare', class: 'card', 'aria-labelledby': 'h-compare' },
        h('h2', { id: 'h-compare' }, 'Comparison with the baseline'),
        paired,
        compareTables(comparing, cur),
      ),
    );
    void showPaired(paired, comparing, cur, analyst);
  }
  body.append(
    h(
      'section',
      { id: 'sec-budget', class: 'card', 'aria-labelledby': 'h-budget' },
      h('h2', { id: 'h-budget' }, 'Budget'),
      budgetTable(s),
    ),
  );
  const q = eventsList(s);
  if (q)
    body.append(
      h(
        'section',
        { id: 'sec-questions', class: 'card', 'aria-labelledby': 'h-questions' },
        h('h2', { id: 'h-questions' }, 'Questions'),
        q,
      ),
    );

  // Charts.
  const charts = h(
    'section',
    { id: 'sec-charts', class: 'card', 'aria-labelledby': 'h-charts' },
    h('h2', { id: 'h-charts' }, 'Charts by week'),
  );
  charts.append(legend(Boolean(comparing), showsObserved(s)));
  const sections = CHART_SECTIONS.map((sec) => ({
    ...sec,
    metrics: sec.metrics.filter((m) => s.series[m]),
  }));
  if (state.extraCharts.length)
    sections.push({ title: 'More', metrics: state.extraCharts.filter((m) => s.series[m]) });
  for (const sec of sections) {
    if (!sec.metrics.length) continue;
    const grid = h('div', { class: 'chart-grid' });
    for (const m of sec.metrics) grid.append(chartCard(m, cur, comparing));
    charts.append(h('h3', {}, sec.title), grid);
  }
  const shown = new Set(sections.flatMap((x) => x.metrics));
  const more = h(
    'select',
    { id: 'add-chart' },
    h('option', { value: '' }, 'Choose a metric…'),
    ...Object.keys(s.series)
      .filter((m) => !shown.has(m))
      .map((m) => h('option', { value: m }, `${metricInfo(m).label} (${m})`)),
  );
  more.addEventListener('change', () => {
    if (!more.value) return;
    state.extraCharts.push(more.value);
    renderResults();
    document.getElementById(`chart-${slug(more.value)}`)?.scrollIntoView({ block: 'center' });
  });
  charts.append(
    h('div', { class: 'add-chart' }, h('label', { for: 'add-chart' }, 'Add a chart'), more),
  );
  body.append(charts);

  // Downloads.
  const stem = `${fileStem(s.scenario.name)}-${s.scenario.hash}-${s.runs}runs-seed${s.seed}`;
  body.append(
    h(
      'section',
      { id: 'sec-downloads', class: 'card', 'aria-labelledby': 'h-downloads' },
      h('h2', { id: 'h-downloads' }, 'Downloads'),
      h(
        'div',
        { class: 'downloads' },
        h(
          'button',
          {
            type: 'button',
            id: 'dl-series-csv',
            onclick: () => downloadText(`${stem}-series.csv`, cur.seriesCsv, 'text/csv'),
          },
          'Weekly series (CSV)',
        ),
        h(
          'button',
          {
            type: 'button',
            id: 'dl-budget-csv',
            onclick: () => downloadText(`${stem}-budget.csv`, cur.budgetCsv, 'text/csv'),
          },
          'Budget table (CSV)',
        ),
        h(
          'button',
          {
            type: 'button',
            id: 'dl-summary-json',
            onclick: () =>
              downloadText(`${stem}-summary.json`, cur.summaryText, 'application/json'),
          },
          'Full summary (JSON)',
        ),
        h(
          'button',
          {
            type: 'button',
            id: 'dl-report',
            class: 'primary',
            onclick: () => void makeReport(cur),
          },
          'Download report (zip)',
        ),
        h(
          'button',
          {
            type: 'button',
            id: 'dl-run-scenario',
            onclick: () =>
              downloadText(
                `${fileStem(s.scenario.name)}-${s.scenario.hash}.toml`,
                toToml(cur.doc, state.notes),
                'application/toml',
              ),
          },
          'Scenario of this run (TOML)',
        ),
      ),
      h('div', {
        id: 'report-status',
        class: 'run-message',
        role: 'status',
        'aria-live': 'polite',
      }),
      h(
        'p',
        { class: 'help' },
        'The report is the budget paper of wfsim report, made by the same Rust code in this browser: summary.html (printable), summary.md, workbook.xlsx, budget.csv, the charts as SVG and the scenario. The weekly series CSV has one row per week, metric and statistic (mean and percentiles), as the command-line tool writes it. Each chart has its own SVG and PNG downloads.',
      ),
    ),
  );
  updateStale();
  requestAnimationFrame(() => chartRenders.forEach((f) => f()));
}

// ---- the report ----------------------------------------------------------

let reportUrl: string | undefined;
async function makeReport(cur: RunResult) {
  const box = $('report-status');
  const s = cur.summary;
  clear(box);
  box.className = 'run-message';
  const started = performance.now();
  const text = h('span', {}, 'Making the report…');
  box.append(text);
  const button = $<HTMLButtonElement>('dl-report');
  button.disabled = true;
  try {
    const files = await runner.report(
      JSON.stringify(cur.doc),
      s.runs,
      String(s.seed),
      toToml(cur.doc, state.notes),
      (done, total) => {
        text.textContent = `Making the report: the runs again in the report module, ${int(done)} of ${int(total)}…`;
      },
    );
    const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, f.bytes])), {
      level: 6,
      mtime: new Date('2000-01-01T00:00:00Z'),
    });
    const name = `wfsim-report-${fileStem(s.scenario.name)}-${s.seed}.zip`;
    downloadBlob(name, new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    const html = files.find((f) => f.name === 'summary.html');
    if (reportUrl) URL.revokeObjectURL(reportUrl);
    reportUrl = html
      ? URL.createObjectURL(
          new Blob([html.bytes as Uint8Array<ArrayBuffer>], { type: 'text/html' }),
        )
      : undefined;
    clear(box);
    box.append(
      `Report ready (${files.length} files, ${seconds(performance.now() - started)}): ${name}. `,
    );
    if (reportUrl)
      box.append(
        h(
          'a',
          { id: 'open-report-html', href: reportUrl, target: '_blank', rel: 'noopener' },
          'Open summary.html',
        ),
      );
  } catch (e) {
    box.className = 'run-message bad';
    box.textContent = `The report could not be made: ${(e as Error).message}`;
  } finally {
    button.disabled = false;
  }
}

function legend(comparing: boolean, observed: boolean): HTMLElement {
  const swatch = (color: string, opacity: number, label: string, dashed = false) =>
    h(
      'span',
      { class: 'legend-item' },
      h('span', {
        class: `swatch ${dashed ? 'dashed' : ''}`,
        style: `--c:${color};--o:${opacity}`,
      }),
      label,
    );
  return h(
    'div',
    { class: 'legend' },
    swatch(CHART_COLORS.variant, 1, comparing ? 'Variant (this run): median' : 'Median'),
    swatch(CHART_COLORS.variant, 0.45, 'middle 50% of runs'),
    swatch(CHART_COLORS.variant, 0.2, '90% of runs'),
    comparing ? swatch(CHART_COLORS.baseline, 1, 'Baseline: median and 90% of runs', true) : null,
    observed
      ? h(
          'span',
          { class: 'legend-item' },
          h('span', { class: 'diamond', 'aria-hidden': 'true' }, '◇'),
          `observed (${OBSERVED_SOURCE})`,
        )
      : null,
  );
}

function chartCard(metric: string, cur: RunResult, baseline?: RunResult): HTMLElement {
  const info = metricInfo(metric);
  const plot = h('div', { class: 'plot' });
  const id = `chart-${slug(metric)}`;
  const title = info.label;
  const fig = h(
    'figure',
    { class: 'chart', id, 'data-metric': metric },
    h(
      'figcaption',
      {},
      h('span', { class: 'chart-title' }, title),
      info.help ? h('span', { class: 'chart-sub' }, info.help) : null,
    ),
    plot,
  );
  const s = cur.summary;
  const footer = `wfsim ${s.engine_version} · ${s.scenario.name} (hash ${s.scenario.hash}) · ${int(s.runs)} runs · seed ${s.seed}${baseline ? ` · baseline seed ${baseline.summary.seed}` : ''}`;
  const subtitle = `${info.help ? `${info.help}. ` : ''}Median, middle 50% and 90% of runs${baseline ? '; dashed: baseline' : ''}.`;
  const svgText = () => {
    const svg = plot.querySelector('svg');
    return svg ? standaloneSvg(svg as SVGSVGElement, title, subtitle, footer) : '';
  };
  const stem = `${fileStem(s.scenario.name)}-${metric}`;
  const tools = h(
    'div',
    { class: 'chart-tools' },
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        'aria-label': `Download ${title} chart as SVG`,
        onclick: () => downloadText(`${stem}.svg`, svgText(), 'image/svg+xml'),
      },
      'SVG',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        'aria-label': `Download ${title} chart as PNG`,
        onclick: async () => {
          try {
            downloadBlob(`${stem}.png`, await svgToPng(svgText()));
          } catch (e) {
            notify(`Could not make the PNG: ${(e as Error).message}`, undefined, 'error');
          }
        },
      },
      'PNG',
    ),
  );
  const values = h('details', { class: 'chart-values' }, h('summary', {}, 'Values'));
  values.addEventListener('toggle', () => {
    if (values.open && values.childElementCount === 1)
      values.append(chartTable(metric, cur.summary, baseline?.summary));
  });
  fig.append(h('div', { class: 'chart-foot' }, tools, values));
  const draw = () => {
    const width = Math.max(280, Math.floor(plot.clientWidth || 480));
    clear(plot);
    plot.append(fanChart({ metric, summary: cur.summary, baseline: baseline?.summary, width }));
    plot.dataset.width = String(width);
  };
  chartRenders.push(draw);
  return fig;
}

let resizeTimer: number | undefined;
function watchResize() {
  const ro = new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      document.querySelectorAll<HTMLElement>('.chart .plot').forEach((p) => {
        const w = Math.floor(p.clientWidth);
        if (p.dataset.width && Math.abs(Number(p.dataset.width) - w) > 8) {
          const i = [...document.querySelectorAll('.chart .plot')].indexOf(p);
          chartRenders[i]?.();
        }
      });
    }, 150);
  });
  ro.observe($('results-scroll'));
}

// ---- files and sharing ---------------------------------------------------------------------

function scenarioStem(): string {
  return fileStem(typeof state.doc.name === 'string' ? state.doc.name : 'scenario');
}

async function openFile(file: File) {
  const text = await file.text();
  try {
    const doc = parseScenario(text);
    replaceDoc(doc, { message: `Opened ${file.name}.` });
  } catch (e) {
    // Keep the text: it goes to the text view with its error, nothing is lost.
    state.textDraft = text;
    state.textFormat = looksLikeJson(text) ? 'json' : 'toml';
    textParseError = e instanceof ParseError ? e.message : String(e);
    showView('text');
    notify(
      `${file.name} could not be read: ${textParseError}. It is in the text view to fix.`,
      undefined,
      'error',
    );
    state.problems = [{ path: '', message: `The text cannot be read: ${textParseError}` }];
    showProblems();
    saveNow();
  }
}

function openShare() {
  const panel = $('share-panel');
  const url = shareUrl(state.doc, currentRuns() ?? undefined, currentSeed() ?? undefined);
  $<HTMLInputElement>('share-url').value = url;
  $('share-status').textContent = `${int(url.length)} characters.`;
  panel.hidden = false;
  $<HTMLInputElement>('share-url').select();
  $('share-url').focus();
}

async function copyShare() {
  const input = $<HTMLInputElement>('share-url');
  try {
    await navigator.clipboard.writeText(input.value);
    $('share-status').textContent = 'Link copied to the clipboard.';
  } catch {
    input.select();
    $('share-status').textContent = 'Select the link and copy it (Ctrl+C).';
  }
}

/** A scenario in the URL fragment becomes the working scenario (old one kept for Undo). */
function takeSharedScenario(): boolean {
  if (!location.hash.includes('s=')) return false;
  try {
    const shared = decodeShare(location.hash);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    if (!shared) return false;
    replaceDoc(shared.doc, {
      message: `Opened the shared scenario “${String(shared.doc.name ?? '')}”. It is now your working scenario.`,
    });
    if (shared.runs) $<HTMLInputElement>('runs').value = String(shared.runs);
    if (shared.seed) $<HTMLInputElement>('seed').value = shared.seed;
    saveNow();
    updateRunButton();
    return true;
  } catch (e) {
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    notify((e as Error).message, undefined, 'error');
    return false;
  }
}

// ---- wiring --------------------------------------------------------------------------------

function wire() {
  $('tab-form').addEventListener('click', () => showView('form'));
  $('tab-text').addEventListener('click', () => showView('text'));
  for (const id of ['tab-form', 'tab-text'])
    $(id).addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const next = state.view === 'form' ? 'text' : 'form';
        showView(next);
        $(`tab-${next}`).focus();
        e.preventDefault();
      }
    });
  $('scenario-text').addEventListener('input', onTextInput);
  $('text-format').addEventListener('change', () => {
    const f = $<HTMLSelectElement>('text-format').value as 'toml' | 'json';
    if (state.textDraft !== undefined) {
      $<HTMLSelectElement>('text-format').value = state.textFormat;
      notify(
        'Fix or discard the text that cannot be read before switching format.',
        undefined,
        'error',
      );
      return;
    }
    state.textFormat = f;
    fillText(true);
    saveNow();
  });
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
  $('load-preset').addEventListener('click', () => {
    const name = $<HTMLSelectElement>('preset-select').value;
    const p = state.presets.find((x) => x.name === name);
    if (!p) return;
    try {
      replaceDoc(parseScenario(p.toml), {
        presetName: p.name,
        message: `Loaded the preset ${p.name}.`,
      });
    } catch (e) {
      notify(`The preset could not be read: ${(e as Error).message}`, undefined, 'error');
    }
  });
  $('open-file').addEventListener('click', () => $<HTMLInputElement>('file-input').click());
  $('file-input').addEventListener('change', () => {
    const input = $<HTMLInputElement>('file-input');
    const f = input.files?.[0];
    if (f) void openFile(f);
    input.value = '';
  });
  $('save-toml').addEventListener('click', () =>
    downloadText(
      `${scenarioStem()}.toml`,
      toToml(
        state.doc,
        state.notes,
        `${String(state.doc.name ?? 'scenario')}: saved from the wfsim web app on ${new Date().toISOString().slice(0, 10)}.`,
      ),
      'application/toml',
    ),
  );
  $('save-json').addEventListener('click', () =>
    downloadText(
      `${scenarioStem()}.json`,
      `${JSON.stringify(state.doc, null, 2)}\n`,
      'application/json',
    ),
  );
  $('share').addEventListener('click', openShare);
  $('copy-share').addEventListener('click', () => void copyShare());
  $('close-share').addEventListener('click', () => {
    $('share-panel').hidden = true;
    $('share').focus();
  });
  window.addEventListener('hashchange', () => takeSharedScenario());
  panel = new AnalysisPanel($('analysis'), {
    worker: analyst,
    scenarioText: () =>
      state.problems.length || state.textDraft !== undefined
        ? undefined
        : JSON.stringify(state.doc),
    seed: () => currentSeed() ?? '1',
    activate: () => refreshAnalysisOptions(JSON.stringify(state.doc), validateSeq),
    useScenario: (toml) => {
      try {
        replaceDoc(parseScenario(toml), {
          message:
            'Loaded the calibrated scenario: the fitted parameters now have their fitted distributions.',
        });
      } catch (e) {
        notify(
          `The calibrated scenario could not be read: ${(e as Error).message}`,
          undefined,
          'error',
        );
      }
    },
  });
  runner.onCrash = (message) => {
    $('run-message').className = 'run-message bad';
    $('run-message').textContent =
      `The engine stopped unexpectedly (${message}). It has been restarted; your scenario and results are safe.`;
  };
  tools.onCrash = () => validateSoon(200);
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
  state.info = info;
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
    if (saved.runs) $<HTMLInputElement>('runs').value = String(saved.runs);
    if (saved.seed) $<HTMLInputElement>('seed').value = saved.seed;
  } else if (info.presets.length) {
    state.doc = parseScenario(info.presets[0].toml);
    state.presetName = info.presets[0].name;
    syncRunSettingsFromDoc();
  }
  state.notes = notesFor(state.presetName);
  if (!$<HTMLInputElement>('runs').value) $<HTMLInputElement>('runs').value = '1000';
  if (!$<HTMLInputElement>('seed').value) $<HTMLInputElement>('seed').value = '1';
  setupEditor(state.schema);
  if (saved?.open) {
    editor!.open.clear();
    saved.open.forEach((g) => editor!.open.add(g));
  }
  editor!.render();
  updateTextWarning();
  if (!takeSharedScenario()) {
    if (saved) $('save-state').textContent = 'Restored your working scenario from this browser';
    validateSoon(0);
  }
  updateRunButton();
  document.body.dataset.ready = 'true';
}

// Test hooks (used by the end-to-end tests; harmless otherwise).
(window as unknown as { wfsimTest: unknown }).wfsimTest = {
  crashRunner: () => runner.crashForTest().catch(() => undefined),
  state: () => ({
    problems: state.problems,
    hasResult: Boolean(state.current),
    running: state.running,
    finishedAt: state.current?.finishedAt ?? '',
  }),
};

if (import.meta.env.PROD && 'serviceWorker' in navigator && location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => undefined);
  });
}

void start();
