// The Options card above the results: the kept options (each a named run of a scenario) with
// the base and the options compared with it chosen in place, renamed, opened or removed; and
// the side-by-side comparison (sidebyside.ts), made on the worker pool: every option on the
// same runs and seed (common random numbers), then each paired with the base in the engine.

import { clone } from './doc';
import { $, clear, h } from './dom';
import type { EngineError } from './engine';
import { int, isoToText, seconds } from './format';
import { metricInfo } from './layout';
import {
  MAX_COMPARED,
  baseOption,
  clearOptions,
  comparedOptions,
  onOptionsChange,
  remove,
  rename,
  resultKey,
  setBase,
  setCompared,
  study,
  type RunOption,
} from './options';
import {
  OPTION_COLORS,
  budgetSideBySide,
  changesList,
  compareWeeks,
  metricsTable,
  optionsChart,
  optionsChartId,
  pairedBudget,
  pairedHeadlines,
  questionsSideBySide,
  spendChart,
  type Side,
} from './sidebyside';
import type { RunOutput } from './engine';
import { currentRuns, currentSeed } from './settings';
import { analyst, pool, state } from './state';
import type { Comparison, JsonObject, RunResult } from './types';

type Variant = Comparison['variants'][number];

/** Charts shown side by side (more can be added). */
const CHARTS = ['agency_fte', 'vacancies', 'ia_backlog', 'caseload_per_worker'];

interface Shown {
  runs: number;
  seed: string;
  /** The week of the key metrics table. */
  week?: string;
  charts: string[];
}

let shown: Shown | undefined;
let job = 0;
let busy = false;
/** Paired comparisons by base, option, runs and seed: made once. */
const pairedCache = new Map<string, Promise<Variant>>();
/** Make the working scenario `doc` (files.ts sets it: replacing the scenario has an Undo). */
let openScenario: (doc: JsonObject, name: string) => void = () => {};
/** After the base's result for the current run changes (the charts overlay it). */
let baseChanged: () => void = () => {};

export function wireOptionsCard(hooks: {
  open: (doc: JsonObject, name: string) => void;
  baseChanged: () => void;
}) {
  openScenario = hooks.open;
  baseChanged = hooks.baseChanged;
  onOptionsChange(() => {
    updateBaseline();
    renderCard();
  });
  renderCard();
}

/** A run's output as the page keeps it. */
export function toResult(out: RunOutput, doc: JsonObject, elapsedMs = out.elapsedMs): RunResult {
  return {
    summaryText: out.summaryText,
    summary: JSON.parse(out.summaryText),
    seriesCsv: out.seriesCsv,
    budgetCsv: out.budgetCsv,
    doc: clone(doc),
    elapsedMs,
    finishedAt: new Date().toISOString(),
  };
}

/** The base option's result on the current run's runs and seed, for the charts' overlay. */
function updateBaseline() {
  const cur = state.current;
  const base = baseOption();
  const r = cur && base?.results.get(resultKey(cur.summary.runs, cur.summary.seed));
  const next = r && JSON.stringify(r.doc) !== JSON.stringify(cur.doc) ? r : undefined;
  if (next !== state.baseline) {
    state.baseline = next;
    baseChanged();
  }
}

function status(): HTMLElement {
  return $('options-status');
}

// ---- the card -------------------------------------------------------------------------------

function renderCard() {
  const card = $('options');
  clear(card);
  card.hidden = study.options.length === 0;
  if (card.hidden) return;
  const base = baseOption();
  const rows = study.options.map((o) => optionRow(o, o.id === base?.id));
  card.append(
    h('h2', { id: 'h-options' }, 'Options'),
    h(
      'p',
      { class: 'help' },
      `Each run is kept here under its name. Choose a base and up to ${MAX_COMPARED} options to set against it: they run on the same runs and seed (common random numbers), so the differences are the options’, not chance. Kept in this browser and in share links.`,
    ),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { id: 'options-table', class: 'options-table' },
        h('caption', { class: 'visually-hidden' }, 'Kept options'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Base'),
            h('th', { scope: 'col' }, 'Compare'),
            h('th', { scope: 'col' }, 'Name'),
            h('th', { scope: 'col' }, 'Results'),
            h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
    h(
      'div',
      { class: 'options-actions' },
      h(
        'button',
        {
          type: 'button',
          id: 'options-compare',
          class: 'primary',
          disabled: !base || comparedOptions().length === 0,
          onclick: () => void compareNow(),
        },
        'Compare side by side',
      ),
      h(
        'button',
        { type: 'button', id: 'options-clear', onclick: () => clearOptions() },
        'Clear all options',
      ),
    ),
    h('div', { id: 'options-status', class: 'run-message', role: 'status', 'aria-live': 'polite' }),
    h('div', { id: 'sbs' }),
  );
  if (shown) renderSideBySide();
}

function optionRow(o: RunOption, isBase: boolean): HTMLElement {
  const compared = study.compared.includes(o.id);
  const name = h('input', {
    type: 'text',
    id: `opt-name-${o.id}`,
    value: o.name,
    'aria-label': `Name of option ${o.name}`,
    autocomplete: 'off',
  });
  name.addEventListener('change', () => rename(o.id, name.value));
  const results = [...o.results.values()];
  const last = results.at(-1);
  return h(
    'tr',
    { 'data-option-id': String(o.id), class: isBase ? 'base' : compared ? 'compared' : '' },
    h(
      'td',
      {},
      h('input', {
        type: 'radio',
        name: 'option-base',
        id: `opt-base-${o.id}`,
        checked: isBase,
        'aria-label': `Make ${o.name} the base`,
        onchange: () => {
          setBase(o.id);
          if (shown) void compareNow(shown.runs, shown.seed);
        },
      }),
    ),
    h(
      'td',
      {},
      h('input', {
        type: 'checkbox',
        id: `opt-cmp-${o.id}`,
        checked: compared,
        disabled: isBase || (!compared && study.compared.length >= MAX_COMPARED),
        'aria-label': `Compare ${o.name} with the base`,
        onchange: (e: Event) => {
          setCompared(o.id, (e.target as HTMLInputElement).checked);
          if (shown) void compareNow(shown.runs, shown.seed);
        },
      }),
    ),
    h('td', {}, name),
    h(
      'td',
      { class: 'sub-num' },
      last
        ? `${int(last.summary.runs)} runs, seed ${last.summary.seed}`
        : 'not run in this session',
    ),
    h(
      'td',
      { class: 'option-tools' },
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          'aria-label': `Open ${o.name} in the editor`,
          onclick: () => openScenario(o.doc, o.name),
        },
        'Open',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          id: `opt-remove-${o.id}`,
          'aria-label': `Remove ${o.name}`,
          onclick: () => remove(o.id),
        },
        'Remove',
      ),
    ),
  );
}

// ---- the comparison -------------------------------------------------------------------------

/**
 * Set the compared options against the base on `runs` and `seed` (the last run's, or the run
 * bar's): run what has no result on them yet (on the pool), then pair each with the base.
 */
export async function compareNow(runs?: number, seed?: string) {
  const base = baseOption();
  const vs = comparedOptions();
  const cur = state.current;
  runs ??= cur?.summary.runs ?? currentRuns() ?? undefined;
  seed ??= cur ? String(cur.summary.seed) : (currentSeed() ?? undefined);
  if (!base || !vs.length || runs === undefined || seed === undefined) return;
  if (busy) pool.cancel();
  const my = ++job;
  busy = true;
  const key = resultKey(runs, seed);
  const missing = [base, ...vs].filter((o) => !o.results.has(key));
  const box = status();
  clear(box);
  box.className = 'run-message';
  const t0 = performance.now();
  const bar = h('progress', { class: 'an-progress', max: 1, value: 0 });
  const text = h('span', {});
  box.append(
    bar,
    ' ',
    text,
    ' ',
    h(
      'button',
      { type: 'button', class: 'small', id: 'options-cancel', onclick: () => pool.cancel() },
      'Cancel',
    ),
  );
  let done = 0;
  let total = missing.length * runs;
  const paint = () => {
    text.textContent = `Running ${missing.length} option${missing.length === 1 ? '' : 's'} on ${int(runs)} runs, seed ${seed}: ${int(done)} of ${int(total)} runs · ${seconds(performance.now() - t0)}`;
    bar.max = total;
    bar.value = done;
  };
  const timer = window.setInterval(paint, 250);
  try {
    if (missing.length) {
      paint();
      const outs = await pool.runAll(
        missing.map((o) => ({ text: JSON.stringify(o.doc), runs, seed })),
        (d, t) => {
          done = d;
          total = t;
        },
      );
      outs.forEach((out, i) => missing[i].results.set(key, toResult(out, missing[i].doc)));
    }
    if (my !== job) return;
    clear(box);
    box.textContent = `${vs.length + 1} options on the same ${int(runs)} runs, seed ${seed}${missing.length ? ` (${missing.length} run in ${seconds(performance.now() - t0)})` : ''}.`;
    shown = { runs, seed, week: shown?.week, charts: shown?.charts ?? [...CHARTS] };
    updateBaseline();
    renderCard();
  } catch (e) {
    if (my !== job) return;
    const err = e as EngineError;
    box.className = `run-message ${err.cancelled ? '' : 'bad'}`;
    box.textContent = err.cancelled
      ? 'Comparison cancelled.'
      : `The options could not run: ${err.message}`;
  } finally {
    clearInterval(timer);
    if (my === job) busy = false;
  }
}

function pairedJob(base: RunOption, v: RunOption, runs: number, seed: string): Promise<Variant> {
  const k = `${runs}|${seed}|${JSON.stringify(base.doc)}|${JSON.stringify(v.doc)}`;
  let p = pairedCache.get(k);
  if (!p) {
    p = analyst
      .compare(JSON.stringify(base.doc), JSON.stringify(v.doc), runs, seed)
      .then((json) => (JSON.parse(json) as Comparison).variants[0]);
    pairedCache.set(k, p);
    p.catch(() => pairedCache.delete(k));
  }
  return p;
}

/** The side-by-side tables and charts of what `shown` says, from the options' results. */
function renderSideBySide() {
  const out = document.getElementById('sbs');
  if (!out || !shown) return;
  const { runs, seed } = shown;
  const key = resultKey(runs, seed);
  const base = baseOption();
  const vs = comparedOptions().filter((o) => o.results.has(key));
  if (!base || !base.results.has(key) || !vs.length) return;
  const sideOf = (o: RunOption, i: number): Side => ({
    option: o,
    result: o.results.get(key)!,
    color: OPTION_COLORS[i % OPTION_COLORS.length],
  });
  const baseSide = sideOf(base, 0);
  const sides = vs.map((o, i) => sideOf(o, i + 1));
  const all = [baseSide, ...sides];
  const paired = new Map<number, Variant | Error>();
  const weeks = baseSide.result.summary.weeks;
  const choices = compareWeeks(weeks);
  const week = shown.week && weeks.includes(shown.week) ? shown.week : weeks[choices.at(-1) ?? 0];
  const weekSelect = h(
    'select',
    { id: 'sbs-week' },
    ...choices.map((i) =>
      h(
        'option',
        { value: weeks[i], selected: weeks[i] === week },
        `week ending ${isoToText(weeks[i])}`,
      ),
    ),
  );
  const metricsBox = h('div', { class: 'table-scroll' }, metricsTable(all, week));
  weekSelect.addEventListener('change', () => {
    shown!.week = weekSelect.value;
    clear(metricsBox);
    metricsBox.append(metricsTable(all, weekSelect.value));
  });
  const pairedBox = h('div', { class: 'table-scroll' }, pairedHeadlines(baseSide, sides, paired));
  const pairedBudgetBox = h('div', { class: 'table-scroll' });
  const charts = h('div', { class: 'chart-grid' });
  const draws: (() => void)[] = [];
  const chartFigure = (metric: string) => {
    const plot = h('div', { class: 'plot' });
    const fig = h(
      'figure',
      { class: 'chart', id: optionsChartId(metric) },
      h(
        'figcaption',
        {},
        h('span', { class: 'chart-title' }, metricInfo(metric).label),
        h('span', { class: 'chart-sub' }, 'median by week; dashed: the base, with its 90% band'),
      ),
      plot,
    );
    draws.push(() => {
      clear(plot);
      plot.append(optionsChart(metric, all, Math.max(280, Math.floor(plot.clientWidth || 480))));
    });
    return fig;
  };
  for (const m of shown.charts)
    if (baseSide.result.summary.series[m]) charts.append(chartFigure(m));
  const addChart = h(
    'select',
    { id: 'sbs-add-chart' },
    h('option', { value: '' }, 'Choose a metric…'),
    ...Object.keys(baseSide.result.summary.series)
      .filter((m) => !shown!.charts.includes(m))
      .map((m) => h('option', { value: m }, `${metricInfo(m).label} (${m})`)),
  );
  addChart.addEventListener('change', () => {
    if (!addChart.value) return;
    shown!.charts.push(addChart.value);
    renderSideBySide();
  });
  const spend = h('div', { class: 'plot', id: 'sbs-spend-chart' });
  draws.push(() => {
    clear(spend);
    spend.append(spendChart(all, Math.max(320, Math.floor(spend.clientWidth || 640))));
  });
  const questions = questionsSideBySide(all);
  clear(out);
  out.append(
    h(
      'section',
      { id: 'sec-options', 'aria-labelledby': 'h-sbs' },
      h(
        'h3',
        { id: 'h-sbs' },
        `Side by side: ${sides.length} option${sides.length === 1 ? '' : 's'} against ${base.name} (${int(runs)} runs, seed ${seed})`,
      ),
      pairedBox,
      h(
        'div',
        { class: 'an-field' },
        h('label', { for: 'sbs-week' }, 'Key metrics in the'),
        weekSelect,
      ),
      metricsBox,
      h('div', { class: 'table-scroll' }, budgetSideBySide(all)),
      h(
        'details',
        { class: 'sbs-more' },
        h('summary', {}, 'Paired differences of the budget, line by line'),
        pairedBudgetBox,
      ),
      questions ? h('div', { class: 'table-scroll' }, questions) : null,
      h('h4', {}, 'Charts'),
      h(
        'div',
        { class: 'legend' },
        ...all.map((s, i) =>
          h(
            'span',
            { class: 'legend-item' },
            h('span', {
              class: `swatch ${i === 0 ? 'dashed' : ''}`,
              style: `--c:${s.color};--o:1`,
            }),
            s.option.name,
          ),
        ),
      ),
      charts,
      h(
        'div',
        { class: 'add-chart' },
        h('label', { for: 'sbs-add-chart' }, 'Add a chart'),
        addChart,
      ),
      h(
        'figure',
        { class: 'chart wide' },
        h(
          'figcaption',
          {},
          h('span', { class: 'chart-title' }, 'Total spend by financial year'),
          h('span', { class: 'chart-sub' }, 'median and 90% of runs; dashed tick: the budget'),
        ),
        spend,
      ),
      h('h4', {}, 'What each option changes from the base'),
      changesList(baseSide, sides),
    ),
  );
  requestAnimationFrame(() => draws.forEach((f) => f()));
  // The paired differences, one option at a time in the analysis worker.
  const my = job;
  void (async () => {
    for (const s of sides) {
      try {
        paired.set(s.option.id, await pairedJob(base, s.option, runs, seed));
      } catch (e) {
        paired.set(s.option.id, e as Error);
      }
      if (my !== job || !pairedBox.isConnected) return;
      clear(pairedBox);
      pairedBox.append(pairedHeadlines(baseSide, sides, paired));
      clear(pairedBudgetBox);
      const pb = pairedBudget(sides, paired);
      if (pb) pairedBudgetBox.append(pb);
    }
  })();
}
