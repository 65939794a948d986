// Decision analysis in the page: the paired comparison with a kept baseline, sensitivity
// (tornado), targets as probabilities and calibration to observed figures. Every number is
// computed by the engine (src/analysis/ in Rust) in a worker; this module only asks and draws.

import * as Plot from '@observablehq/plot';
import observedCsv from '../../scenarios/peterborough-2012-observed.csv?raw';
import { FONT } from './charts';
import { clear, h } from './dom';
import type { AnalysisOptions, EngineError, EngineWorker } from './engine';
import { gbpNumber, int, num, pct, seconds } from './format';
import { lineName, metricInfo } from './layout';

export const EXAMPLE_OBSERVED = { name: 'peterborough-2012-observed.csv', text: observedCsv };

// ---- engine output types (wfsim.comparison/1, wfsim.sensitivity/1, wfsim.calibration/1) ----

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

interface Comparison {
  runs: number;
  seed: number;
  variants: {
    name: string;
    headlines: {
      name: string;
      base_mean: number;
      variant_mean: number;
      difference: Stats | null;
      p_variant_better: number;
    }[];
    budget: {
      financial_year: string;
      line: string;
      difference: Stats | null;
      p_variant_lower: number;
    }[];
  }[];
}

interface Sensitivity {
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

interface TargetResult {
  target: string;
  probability: number;
  standard_error: number;
  runs: number;
}

interface Calibration {
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

// ---- the paired comparison ------------------------------------------------------------------

const isMoney = (name: string) => name.startsWith('spend');
function measure(name: string, x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (isMoney(name)) return gbpNumber(x);
  if (/rate|share/.test(name)) return `${num(x * 100, 1)} pp`;
  return num(x, 1);
}
const signed = (s: string) => (s.startsWith('-') || s === '–' ? s : `+${s}`);

/** The tables of a paired comparison (engine JSON text). */
export function pairedTables(jsonText: string): HTMLElement {
  const c = JSON.parse(jsonText) as Comparison;
  const v = c.variants[0];
  const wrap = h('div', { class: 'paired' });
  wrap.append(
    h(
      'p',
      { class: 'help' },
      `Baseline and variant run again on the same ${int(c.runs)} runs with seed ${c.seed} (common random numbers): each run's difference is variant minus baseline, so most of the Monte Carlo noise cancels.`,
    ),
  );
  const t = h('table', { id: 'paired-headlines', class: 'compare-metrics' });
  t.append(
    h('caption', {}, 'Headline measures: paired differences (variant − baseline)'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...[
          'Measure',
          'Baseline mean',
          'Variant mean',
          'Median difference',
          '90% interval',
          'P(variant better)',
        ].map((x, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, x)),
      ),
    ),
  );
  const tb = h('tbody');
  for (const r of v.headlines) {
    const d = r.difference;
    const pctName = r.name.replace('on-time rate', 'on-time rate share');
    tb.append(
      h(
        'tr',
        { 'data-measure': r.name },
        h('th', { scope: 'row' }, r.name),
        h(
          'td',
          { class: 'num' },
          isMoney(r.name)
            ? gbpNumber(r.base_mean)
            : /rate|share/.test(r.name)
              ? pct(r.base_mean, 1)
              : num(r.base_mean, 1),
        ),
        h(
          'td',
          { class: 'num' },
          isMoney(r.name)
            ? gbpNumber(r.variant_mean)
            : /rate|share/.test(r.name)
              ? pct(r.variant_mean, 1)
              : num(r.variant_mean, 1),
        ),
        h('td', { class: 'num', 'data-col': 'median' }, d ? signed(measure(pctName, d.p50)) : '–'),
        h(
          'td',
          { class: 'num' },
          d ? `${measure(pctName, d.p5)} to ${measure(pctName, d.p95)}` : '–',
        ),
        h('td', { class: 'num', 'data-col': 'p-better' }, pct(r.p_variant_better, 0)),
      ),
    );
  }
  t.append(tb);
  wrap.append(h('div', { class: 'table-scroll' }, t));

  const bt = h('table', { id: 'paired-budget', class: 'compare-metrics' });
  bt.append(
    h('caption', {}, 'Spend by line and financial year: paired differences (variant − baseline)'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Year', 'Line', 'Median difference', '90% interval', 'P(variant lower)'].map((x, i) =>
          h('th', { scope: 'col', class: i > 1 ? 'num' : '' }, x),
        ),
      ),
    ),
  );
  const bb = h('tbody');
  for (const r of v.budget) {
    const d = r.difference;
    bb.append(
      h(
        'tr',
        { 'data-line': r.line, 'data-fy': r.financial_year },
        h('td', {}, r.financial_year),
        h('th', { scope: 'row' }, r.line === 'total' ? 'Total' : lineName(r.line)),
        h('td', { class: 'num' }, d ? signed(gbpNumber(d.p50)) : '–'),
        h('td', { class: 'num' }, d ? `${gbpNumber(d.p5)} to ${gbpNumber(d.p95)}` : '–'),
        h('td', { class: 'num' }, pct(r.p_variant_lower, 0)),
      ),
    );
  }
  bt.append(bb);
  wrap.append(h('div', { class: 'table-scroll' }, bt));
  return wrap;
}

// ---- the decision analysis panel --------------------------------------------------------------

export interface AnalysisHost {
  worker: EngineWorker;
  /** The working scenario as JSON text, or undefined while it has problems. */
  scenarioText(): string | undefined;
  seed(): string;
  /** Load a calibrated scenario as the working one (with an Undo). */
  useScenario(toml: string): void;
  /** The user first turned to the panel: time to load the analyses' module and options. */
  activate(): void;
}

const el = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function field(label: string, id: string, control: HTMLElement, help?: string): HTMLElement {
  return h(
    'div',
    { class: 'an-field' },
    h('label', { for: id }, label),
    control,
    help ? h('span', { class: 'hint' }, help) : null,
  );
}

function numberInput(id: string, value: string): HTMLInputElement {
  return h('input', { id, type: 'text', inputmode: 'numeric', value, autocomplete: 'off' });
}

function fail(box: HTMLElement, e: unknown) {
  const err = e as EngineError;
  clear(box);
  box.className = `run-message ${err.cancelled ? '' : 'bad'}`;
  box.textContent = err.cancelled ? 'Cancelled.' : err.message;
}

export class AnalysisPanel {
  private options?: AnalysisOptions;
  private tab: 'sensitivity' | 'targets' | 'calibration' = 'sensitivity';
  private csv?: { name: string; text: string };
  private checkSeq = 0;
  private busy = false;
  /** Whether the user has turned to the panel (the module with the analyses is then loaded). */
  active = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: AnalysisHost,
  ) {
    this.render();
    const activate = () => {
      if (this.active) return;
      this.active = true;
      host.activate();
    };
    root.addEventListener('pointerdown', activate);
    root.addEventListener('focusin', activate);
  }

  /** New options (after the scenario changed and is valid). */
  setOptions(o: AnalysisOptions) {
    const before = JSON.stringify(this.options);
    this.options = o;
    if (JSON.stringify(o) !== before) this.fillOptions();
  }

  private render() {
    const tabs = (['sensitivity', 'targets', 'calibration'] as const).map((t) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `an-tab-${t}`,
          'aria-controls': `an-panel-${t}`,
          'aria-selected': String(this.tab === t),
          tabindex: this.tab === t ? 0 : -1,
          onclick: () => this.show(t),
        },
        t === 'sensitivity' ? 'Sensitivity' : t === 'targets' ? 'Targets' : 'Calibration',
      ),
    );
    this.root.append(
      h('h2', { id: 'h-analysis' }, 'Decision analysis'),
      h(
        'p',
        { class: 'help' },
        'On the working scenario, in the engine (as wfsim sensitivity, targets and calibrate); the seed is the one above.',
      ),
      h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Decision analysis' }, ...tabs),
      this.sensitivityPanel(),
      this.targetsPanel(),
      this.calibrationPanel(),
    );
    this.show(this.tab);
  }

  private show(t: typeof this.tab) {
    this.tab = t;
    for (const x of ['sensitivity', 'targets', 'calibration']) {
      const on = x === t;
      el(`an-tab-${x}`).setAttribute('aria-selected', String(on));
      el(`an-tab-${x}`).tabIndex = on ? 0 : -1;
      el(`an-panel-${x}`).hidden = !on;
    }
  }

  private fillOptions() {
    const o = this.options;
    if (!o) return;
    const fill = (id: string, values: string[], label: (v: string) => string, keep = true) => {
      const s = el<HTMLSelectElement>(id);
      const old = keep ? [...s.selectedOptions].map((x) => x.value) : [];
      clear(s);
      for (const v of values)
        s.append(h('option', { value: v, selected: old.includes(v) }, label(v)));
      if (!s.multiple && !old.some((v) => values.includes(v)) && values.length) s.value = values[0];
    };
    const metricLabel = (m: string) => `${metricInfo(m).label} (${m})`;
    fill('sens-metric', ['spend', ...o.metrics], (m) =>
      m === 'spend' ? 'Spend of a budget line (in a financial year)' : metricLabel(m),
    );
    if (!el<HTMLSelectElement>('sens-metric').dataset.touched)
      el<HTMLSelectElement>('sens-metric').value = o.metrics.includes('ia_backlog')
        ? 'ia_backlog'
        : o.metrics[0];
    fill('sens-line', o.lines, (l) => (l === 'total' ? 'Total' : lineName(l)));
    if (!el<HTMLSelectElement>('sens-line').dataset.touched)
      el<HTMLSelectElement>('sens-line').value = 'total';
    fill('sens-fy', o.financial_years, (f) => f);
    const date = el<HTMLInputElement>('sens-date');
    date.min = o.first_date;
    date.max = o.last_date;
    if (!date.value || date.value < o.first_date || date.value > o.last_date)
      date.value = o.last_date;
    fill('cal-params', o.params, (p) => p);
    this.sensitivityKind();
  }

  // ---- sensitivity ----

  private sensitivityPanel(): HTMLElement {
    const metric = h('select', { id: 'sens-metric' });
    metric.addEventListener('change', () => {
      metric.dataset.touched = '1';
      this.sensitivityKind();
    });
    const line = h('select', { id: 'sens-line' });
    line.addEventListener('change', () => (line.dataset.touched = '1'));
    return h(
      'div',
      {
        id: 'an-panel-sensitivity',
        role: 'tabpanel',
        'aria-labelledby': 'an-tab-sensitivity',
        class: 'an-panel',
      },
      h(
        'p',
        { class: 'help' },
        'Moves each parameter in turn to a low and a high value (its 10th and 90th percentiles, or ±20% of a fixed value) on the same paired runs, and ranks the parameters by how far the outcome’s mean moves.',
      ),
      h(
        'div',
        { class: 'an-form' },
        field('Outcome', 'sens-metric', metric),
        h(
          'div',
          { id: 'sens-when-metric' },
          field('Week of', 'sens-date', h('input', { id: 'sens-date', type: 'date' })),
        ),
        h(
          'div',
          { id: 'sens-when-spend', hidden: true },
          field('Budget line', 'sens-line', line),
          field('Financial year', 'sens-fy', h('select', { id: 'sens-fy' })),
        ),
        field('Paired runs per setting', 'sens-runs', numberInput('sens-runs', '100')),
        h(
          'button',
          {
            type: 'button',
            id: 'sens-run',
            class: 'primary',
            onclick: () => void this.runSensitivity(),
          },
          'Run sensitivity',
        ),
      ),
      h('div', { id: 'sens-status', class: 'run-message', role: 'status', 'aria-live': 'polite' }),
      h('div', { id: 'sens-out' }),
    );
  }

  private sensitivityKind() {
    const spend = el<HTMLSelectElement>('sens-metric').value === 'spend';
    el('sens-when-metric').hidden = spend;
    el('sens-when-spend').hidden = !spend;
  }

  /** Runs a job with an elapsed-time (and, if given, runs) indicator in `status`. */
  private async job<T>(
    status: HTMLElement,
    what: string,
    work: (progress: (d: number, t: number) => void) => Promise<T>,
  ): Promise<T | undefined> {
    if (this.busy) {
      status.className = 'run-message bad';
      status.textContent = 'Another analysis is running; wait for it to finish.';
      return undefined;
    }
    this.busy = true;
    const t0 = performance.now();
    let done = 0;
    let total = 0;
    clear(status);
    status.className = 'run-message';
    const bar = h('progress', { class: 'an-progress' });
    const text = h('span', {});
    const cancel = h(
      'button',
      { type: 'button', class: 'small', onclick: () => this.host.worker.cancel() },
      'Cancel',
    );
    status.append(bar, ' ', text, ' ', cancel);
    const paint = () => {
      text.textContent = `${what}… ${total ? `${int(done)} of ${int(total)} · ` : ''}${seconds(performance.now() - t0)}`;
      if (total) {
        bar.max = total;
        bar.value = done;
      }
    };
    paint();
    const timer = window.setInterval(paint, 250);
    try {
      const out = await work((d, t) => {
        done = d;
        total = t;
      });
      clear(status);
      status.textContent = `Done in ${seconds(performance.now() - t0)}.`;
      return out;
    } catch (e) {
      fail(status, e);
      return undefined;
    } finally {
      clearInterval(timer);
      this.busy = false;
    }
  }

  private async runSensitivity() {
    const status = el('sens-status');
    const out = el('sens-out');
    const text = this.host.scenarioText();
    const runs = Number(el<HTMLInputElement>('sens-runs').value.replace(/[\s,_]/g, ''));
    if (!text) return void (status.textContent = 'Fix the problems in the scenario first.');
    if (!Number.isInteger(runs) || runs < 2 || runs > 100000)
      return void (status.textContent = 'Paired runs must be a whole number from 2 to 100,000.');
    const metric = el<HTMLSelectElement>('sens-metric').value;
    const spend = metric === 'spend';
    const when = spend
      ? el<HTMLSelectElement>('sens-fy').value
      : el<HTMLInputElement>('sens-date').value;
    const line = spend ? el<HTMLSelectElement>('sens-line').value : undefined;
    const json = await this.job(status, `Sensitivity: ${int(runs)} paired runs per setting`, () =>
      this.host.worker.sensitivity(text, metric, when, line, runs, this.host.seed()),
    );
    if (json === undefined) return;
    clear(out);
    out.append(tornado(JSON.parse(json) as Sensitivity, spend));
  }

  // ---- targets ----

  private targetsPanel(): HTMLElement {
    const ta = h('textarea', {
      id: 'targets-text',
      rows: 4,
      spellcheck: 'false',
      'aria-describedby': 'targets-errors',
    }) as HTMLTextAreaElement;
    ta.value = 'ia_backlog <= 10 on 2012-03-14\nagency_staffing 2012-13 spend <= budget';
    let timer: number | undefined;
    ta.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => void this.checkTargets(), 300);
    });
    return h(
      'div',
      {
        id: 'an-panel-targets',
        role: 'tabpanel',
        'aria-labelledby': 'an-tab-targets',
        class: 'an-panel',
      },
      h(
        'p',
        { class: 'help' },
        'One target a line: METRIC OP VALUE on DATE (ia_backlog <= 10 on 2012-03-14), or LINE YEAR spend OP budget|VALUE (agency_staffing 2012-13 spend <= budget; the line may be total). OP is <, <=, >, >= or ==.',
      ),
      field('Targets', 'targets-text', ta),
      h('ul', { id: 'targets-errors', class: 'field-errors', 'aria-live': 'polite' }),
      h(
        'div',
        { class: 'an-form' },
        field('Runs', 'targets-runs', numberInput('targets-runs', '1000')),
        h(
          'button',
          {
            type: 'button',
            id: 'targets-run',
            class: 'primary',
            onclick: () => void this.runTargets(),
          },
          'Evaluate targets',
        ),
      ),
      h('div', {
        id: 'targets-status',
        class: 'run-message',
        role: 'status',
        'aria-live': 'polite',
      }),
      h('div', { id: 'targets-out' }),
    );
  }

  private targetLines(): string[] {
    return el<HTMLTextAreaElement>('targets-text')
      .value.split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
  }

  /** Check the targets (parse only) and show the errors next to the input; true if none. */
  async checkTargets(): Promise<boolean> {
    const text = this.host.scenarioText();
    const box = el('targets-errors');
    if (!text) return false;
    const seq = ++this.checkSeq;
    const lines = this.targetLines();
    let errors: { index: number; message: string }[];
    try {
      errors = await checker!.checkTargets(text, lines);
    } catch (e) {
      errors = [{ index: -1, message: (e as Error).message }];
    }
    if (seq !== this.checkSeq) return errors.length === 0;
    clear(box);
    for (const e of errors) box.append(h('li', { class: 'bad' }, e.message));
    el('targets-text').setAttribute('aria-invalid', String(errors.length > 0));
    return errors.length === 0;
  }

  private async runTargets() {
    const status = el('targets-status');
    const out = el('targets-out');
    const text = this.host.scenarioText();
    const runs = Number(el<HTMLInputElement>('targets-runs').value.replace(/[\s,_]/g, ''));
    if (!text) return void (status.textContent = 'Fix the problems in the scenario first.');
    if (!Number.isInteger(runs) || runs < 1 || runs > 1_000_000)
      return void (status.textContent = 'Runs must be a whole number from 1 to 1,000,000.');
    const lines = this.targetLines();
    if (!lines.length) return void (status.textContent = 'Write at least one target.');
    if (!(await this.checkTargets())) {
      status.className = 'run-message bad';
      status.textContent = 'Fix the targets shown above first.';
      return;
    }
    const json = await this.job(status, `Targets: ${int(runs)} runs`, () =>
      this.host.worker.targets(text, lines, runs, this.host.seed()),
    );
    if (json === undefined) return;
    const results = JSON.parse(json) as TargetResult[];
    clear(out);
    const t = h('table', { id: 'targets-table', class: 'compare-metrics' });
    t.append(
      h(
        'caption',
        {},
        `Probability that each target is met (${int(results[0]?.runs ?? runs)} runs, seed ${this.host.seed()})`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Target'),
          h('th', { scope: 'col', class: 'num' }, 'Probability'),
          h('th', { scope: 'col', class: 'num' }, 'Standard error'),
        ),
      ),
      h(
        'tbody',
        {},
        ...results.map((r) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, h('code', {}, r.target)),
            h('td', { class: 'num', 'data-col': 'probability' }, pct(r.probability, 1)),
            h('td', { class: 'num' }, `± ${pct(r.standard_error, 1)}`),
          ),
        ),
      ),
    );
    out.append(t);
  }

  // ---- calibration ----

  private calibrationPanel(): HTMLElement {
    const file = h('input', {
      id: 'cal-file',
      type: 'file',
      accept: '.csv,text/csv,text/plain',
      hidden: true,
      'aria-label': 'Observations CSV to upload',
    }) as HTMLInputElement;
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      if (f) this.setCsv({ name: f.name, text: await f.text() });
      file.value = '';
    });
    return h(
      'div',
      {
        id: 'an-panel-calibration',
        role: 'tabpanel',
        'aria-labelledby': 'an-tab-calibration',
        class: 'an-panel',
      },
      h(
        'p',
        { class: 'help' },
        'Fits the chosen parameters to observed figures by approximate Bayesian computation: draws from each parameter’s range, keeps the draws whose simulated figures come closest, and reports what they say about the parameters. The observations are a CSV with the columns date,metric,value.',
      ),
      h(
        'div',
        { class: 'an-form' },
        h(
          'button',
          { type: 'button', id: 'cal-upload', onclick: () => file.click() },
          'Upload observations (CSV)…',
        ),
        file,
        h(
          'button',
          { type: 'button', id: 'cal-example', onclick: () => this.setCsv(EXAMPLE_OBSERVED) },
          'Use the example: Peterborough 2012',
        ),
      ),
      h('div', { id: 'cal-csv', class: 'help' }, 'No observations yet.'),
      field(
        'Parameters to fit (choose one or more; Ctrl or Shift to add)',
        'cal-params',
        h('select', { id: 'cal-params', multiple: true, size: 8 }),
      ),
      h(
        'div',
        { class: 'an-form' },
        field('Draws', 'cal-draws', numberInput('cal-draws', '1000')),
        field('Share accepted', 'cal-accept', numberInput('cal-accept', '0.05')),
        h(
          'button',
          {
            type: 'button',
            id: 'cal-run',
            class: 'primary',
            onclick: () => void this.runCalibration(),
          },
          'Calibrate',
        ),
      ),
      h('div', { id: 'cal-status', class: 'run-message', role: 'status', 'aria-live': 'polite' }),
      h('div', { id: 'cal-out' }),
    );
  }

  private setCsv(csv: { name: string; text: string }) {
    this.csv = csv;
    const rows = csv.text.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#')).length - 1;
    const box = el('cal-csv');
    clear(box);
    box.append(
      `Observations: ${csv.name} (${rows} rows). `,
      h('details', {}, h('summary', {}, 'Show'), h('pre', {}, csv.text)),
    );
  }

  private async runCalibration() {
    const status = el('cal-status');
    const out = el('cal-out');
    const text = this.host.scenarioText();
    if (!text) return void (status.textContent = 'Fix the problems in the scenario first.');
    if (!this.csv)
      return void (status.textContent = 'Upload the observations first (or use the example).');
    const paths = [...el<HTMLSelectElement>('cal-params').selectedOptions].map((o) => o.value);
    if (!paths.length) return void (status.textContent = 'Choose at least one parameter to fit.');
    const draws = Number(el<HTMLInputElement>('cal-draws').value.replace(/[\s,_]/g, ''));
    const accept = Number(el<HTMLInputElement>('cal-accept').value);
    if (!Number.isInteger(draws) || draws < 10 || draws > 1_000_000)
      return void (status.textContent = 'Draws must be a whole number from 10 to 1,000,000.');
    if (!(accept > 0 && accept <= 1))
      return void (status.textContent =
        'The share accepted must be above 0 and at most 1 (0.05 keeps the closest 5%).');
    const csv = this.csv;
    const json = await this.job(status, `Calibration: ${int(draws)} draws`, (progress) =>
      this.host.worker.calibrate(text, csv.text, paths, draws, accept, this.host.seed(), progress),
    );
    if (json === undefined) return;
    const c = JSON.parse(json) as Calibration;
    clear(out);
    const pt = h('table', { id: 'cal-params-table', class: 'compare-metrics' });
    pt.append(
      h(
        'caption',
        {},
        `Fitted parameters: ${int(c.accepted)} of ${int(c.draws)} draws accepted (distance up to ${num(c.tolerance, 3)})`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Parameter', 'Prior', 'Fitted mean', 'Median', '90% interval'].map((x, i) =>
            h('th', { scope: 'col', class: i > 1 ? 'num' : '' }, x),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...c.params.map((p) =>
          h(
            'tr',
            { 'data-path': p.path },
            h('th', { scope: 'row' }, h('code', {}, p.path)),
            h('td', {}, p.prior),
            h(
              'td',
              { class: 'num', 'data-col': 'mean' },
              p.posterior ? sig(p.posterior.mean) : '–',
            ),
            h('td', { class: 'num' }, p.posterior ? sig(p.posterior.p50) : '–'),
            h(
              'td',
              { class: 'num' },
              p.posterior ? `${sig(p.posterior.p5)} to ${sig(p.posterior.p95)}` : '–',
            ),
          ),
        ),
      ),
    );
    const ot = h('table', { id: 'cal-obs-table', class: 'compare-metrics' });
    ot.append(
      h('caption', {}, 'Fit to each observation (the accepted runs)'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Date', 'Metric', 'Observed', 'Simulated median', '90% interval', 'Used'].map(
            (x, i) => h('th', { scope: 'col', class: i > 1 && i < 5 ? 'num' : '' }, x),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...c.observations.map((o) =>
          h(
            'tr',
            {},
            h('td', {}, o.date),
            h('th', { scope: 'row' }, `${metricInfo(o.metric).label} (${o.metric})`),
            h('td', { class: 'num' }, sig(o.observed)),
            h('td', { class: 'num' }, o.simulated ? sig(o.simulated.p50) : '–'),
            h(
              'td',
              { class: 'num' },
              o.simulated ? `${sig(o.simulated.p5)} to ${sig(o.simulated.p95)}` : '–',
            ),
            h('td', {}, o.fitted ? 'fitted' : 'starting state (not fitted)'),
          ),
        ),
      ),
    );
    out.append(
      h('div', { class: 'table-scroll' }, pt),
      h('div', { class: 'table-scroll' }, ot),
      h(
        'p',
        { class: 'help' },
        'The calibrated scenario replaces each fitted parameter by its fitted distribution.',
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'cal-use',
          class: 'primary',
          onclick: () => this.host.useScenario(c.calibrated_toml),
        },
        'Use calibrated scenario',
      ),
      h(
        'details',
        {},
        h('summary', {}, 'Calibrated scenario (TOML)'),
        h('pre', { class: 'toml' }, c.calibrated_toml),
      ),
    );
  }
}

/** The checker worker (the page's validation worker): parsing targets must not wait for a run. */
let checker: EngineWorker | undefined;
export function setChecker(w: EngineWorker) {
  checker = w;
}

function sig(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  return a >= 100 ? num(x, 0) : a >= 1 ? num(x, 2) : x.toPrecision(3);
}

/** The tornado chart (Observable Plot) with its table and the rank correlations. */
function tornado(s: Sensitivity, money: boolean): HTMLElement {
  const fmt = (x: number) => (money ? gbpNumber(x) : sig(x));
  const rows = s.tornado.slice(0, 12);
  const data = rows.flatMap((r) => [
    { path: r.path, end: 'low', x1: s.base_mean, x2: r.low_mean, value: r.low_value },
    { path: r.path, end: 'high', x1: s.base_mean, x2: r.high_mean, value: r.high_value },
  ]);
  const wrap = h('div', { class: 'tornado' });
  const chart = Plot.plot({
    width: 760,
    height: 60 + rows.length * 28,
    marginLeft: 260,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: {
      label: `${s.outcome} (mean of runs)`,
      grid: true,
      tickFormat: money ? (x: number) => gbpNumber(x) : undefined,
    },
    y: { label: null, domain: rows.map((r) => r.path) },
    color: {
      domain: ['low', 'high'],
      range: ['#2f6db5', '#c8553d'],
      legend: true,
      tickFormat: (d: string) => (d === 'low' ? 'parameter low' : 'parameter high'),
    },
    marks: [
      Plot.barX(data, {
        y: 'path',
        x1: 'x1',
        x2: 'x2',
        fill: 'end',
        tip: true,
        title: (d: (typeof data)[number]) =>
          `${d.path} ${d.end} (${sig(d.value)}): mean ${fmt(d.x2)}`,
      }),
      Plot.ruleX([s.base_mean], { stroke: '#222', strokeWidth: 1.5 }),
    ],
  });
  wrap.append(
    h('h3', {}, `Tornado: ${s.outcome}`),
    h(
      'p',
      { class: 'help' },
      `Base mean ${fmt(s.base_mean)} (${int(s.runs)} paired runs per setting, seed ${s.seed}). Bars: the mean with each parameter at its low and its high value; top ${rows.length} of ${s.tornado.length} parameters by swing.`,
    ),
    h('figure', { id: 'tornado-chart', class: 'chart' }, chart),
  );
  const t = h('table', { id: 'tornado-table', class: 'compare-metrics' });
  t.append(
    h('caption', {}, 'Parameters by swing'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...[
          'Parameter',
          'Moved',
          'Low value',
          'High value',
          'Mean at low',
          'Mean at high',
          'Swing',
        ].map((x, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : '' }, x)),
      ),
    ),
    h(
      'tbody',
      {},
      ...s.tornado.map((r) =>
        h(
          'tr',
          { 'data-path': r.path },
          h('th', { scope: 'row' }, h('code', {}, r.path)),
          h('td', {}, r.how),
          h('td', { class: 'num' }, sig(r.low_value)),
          h('td', { class: 'num' }, sig(r.high_value)),
          h('td', { class: 'num' }, fmt(r.low_mean)),
          h('td', { class: 'num' }, fmt(r.high_mean)),
          h('td', { class: 'num' }, fmt(r.swing)),
        ),
      ),
    ),
  );
  const rc = h('table', { id: 'rank-correlations', class: 'compare-metrics' });
  rc.append(
    h(
      'caption',
      {},
      'Rank correlations (Spearman) of each uncertain parameter with the outcome, across the base runs',
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Parameter'),
        h('th', { scope: 'col', class: 'num' }, 'Spearman ρ'),
      ),
    ),
    h(
      'tbody',
      {},
      ...s.rank_correlations.map((r) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('code', {}, r.path)),
          h('td', { class: 'num' }, num(r.spearman, 2)),
        ),
      ),
    ),
  );
  wrap.append(h('div', { class: 'table-scroll' }, t), h('div', { class: 'table-scroll' }, rc));
  return wrap;
}
