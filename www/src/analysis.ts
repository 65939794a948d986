// The Decision analysis panel: sensitivity (tornado), targets as probabilities and
// calibration to observed figures, each a tab with its form and results. Every number is
// computed by the engine (src/analysis/ in Rust) in a worker; this module only asks and draws.
// The paired comparison with a kept baseline is in paired.ts, the tornado chart in tornado.ts.

import observedCsv from '../../scenarios/peterborough-2012-observed.csv?raw';
import { parseInteger, parseNumber } from './doc';
import { $, clear, h } from './dom';
import type { AnalysisOptions, EngineError, EngineWorker } from './engine';
import type { WorkerPool } from './pool';
import { int, num, pct, seconds, sig } from './format';
import { BUDGET_LINES, METRICS, lineName, metricInfo } from './layout';
import { table } from './table';
import { tornado } from './tornado';
import type { Calibration, Sensitivity, Targets } from './types';

export const EXAMPLE_OBSERVED = { name: 'peterborough-2012-observed.csv', text: observedCsv };

// ---- the decision analysis panel --------------------------------------------------------------

export interface AnalysisHost {
  /** Targets and the analyses' options. */
  worker: EngineWorker;
  /** Sensitivity and calibration, split by runs over the workers. */
  pool: WorkerPool;
  /** The working scenario as JSON text, or undefined while it has problems. */
  scenarioText(): string | undefined;
  seed(): string;
  /** Load a calibrated scenario as the working one (with an Undo). */
  useScenario(toml: string): void;
  /** The user first turned to the panel: time to load the analyses' module and options. */
  activate(): void;
}

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
  /** The JSON text of the last sensitivity or calibration (the end-to-end tests read it). */
  lastJson = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly host: AnalysisHost,
  ) {
    this.render();
    // Until the engine lists what can be asked (it loads when the panel is first used), the
    // outcomes the page itself knows are offered, so the form never shows an empty list.
    this.setOptions({
      params: [],
      metrics: Object.keys(METRICS),
      lines: [...BUDGET_LINES.map(([l]) => l), 'total'],
      financial_years: [],
      first_date: '',
      last_date: '',
    });
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
      $(`an-tab-${x}`).setAttribute('aria-selected', String(on));
      $(`an-tab-${x}`).tabIndex = on ? 0 : -1;
      $(`an-panel-${x}`).hidden = !on;
    }
  }

  private fillOptions() {
    const o = this.options;
    if (!o) return;
    const fill = (id: string, values: string[], label: (v: string) => string, keep = true) => {
      const s = $<HTMLSelectElement>(id);
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
    if (!$<HTMLSelectElement>('sens-metric').dataset.touched)
      $<HTMLSelectElement>('sens-metric').value = o.metrics.includes('ia_backlog')
        ? 'ia_backlog'
        : o.metrics[0];
    fill('sens-line', o.lines, (l) => (l === 'total' ? 'Total' : lineName(l)));
    if (!$<HTMLSelectElement>('sens-line').dataset.touched)
      $<HTMLSelectElement>('sens-line').value = 'total';
    fill('sens-fy', o.financial_years, (f) => f);
    const date = $<HTMLInputElement>('sens-date');
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
    const spend = $<HTMLSelectElement>('sens-metric').value === 'spend';
    $('sens-when-metric').hidden = spend;
    $('sens-when-spend').hidden = !spend;
  }

  /** Runs a job with an elapsed-time (and, if given, runs) indicator in `status`. */
  private async job<T>(
    status: HTMLElement,
    what: string,
    work: (progress: (d: number, t: number) => void, signal: AbortSignal) => Promise<T>,
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
    const stop = new AbortController();
    const cancel = h(
      'button',
      { type: 'button', class: 'small', onclick: () => stop.abort() },
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
      }, stop.signal);
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
    const status = $('sens-status');
    const out = $('sens-out');
    const text = this.host.scenarioText();
    const runs = parseInteger($<HTMLInputElement>('sens-runs').value) ?? NaN;
    if (!text) return void (status.textContent = 'Fix the problems in the scenario first.');
    if (!Number.isInteger(runs) || runs < 2 || runs > 100000)
      return void (status.textContent = 'Paired runs must be a whole number from 2 to 100,000.');
    const metric = $<HTMLSelectElement>('sens-metric').value;
    const spend = metric === 'spend';
    const when = spend
      ? $<HTMLSelectElement>('sens-fy').value
      : $<HTMLInputElement>('sens-date').value;
    const line = spend ? $<HTMLSelectElement>('sens-line').value : undefined;
    const json = await this.job(
      status,
      `Sensitivity: ${int(runs)} paired runs per setting`,
      (progress, signal) =>
        this.host.pool.analysis(
          { kind: 'sensitivity', text, metric, when, line, runs, seed: this.host.seed() },
          progress,
          signal,
        ),
    );
    if (json === undefined) return;
    this.lastJson = json;
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
    return $<HTMLTextAreaElement>('targets-text')
      .value.split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
  }

  /** Check the targets (parse only) and show the errors next to the input; true if none. */
  async checkTargets(): Promise<boolean> {
    const text = this.host.scenarioText();
    const box = $('targets-errors');
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
    $('targets-text').setAttribute('aria-invalid', String(errors.length > 0));
    return errors.length === 0;
  }

  private async runTargets() {
    const status = $('targets-status');
    const out = $('targets-out');
    const text = this.host.scenarioText();
    const runs = parseInteger($<HTMLInputElement>('targets-runs').value) ?? NaN;
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
    const json = await this.job(status, `Targets: ${int(runs)} runs`, (_p, signal) => {
      signal.addEventListener('abort', () => this.host.worker.cancel());
      return this.host.worker.targets(text, lines, runs, this.host.seed());
    });
    if (json === undefined) return;
    const { targets: results, runs: done, seed } = JSON.parse(json) as Targets;
    clear(out);
    out.append(
      table({
        attrs: { id: 'targets-table', class: 'compare-metrics' },
        caption: `Probability that each target is met (${int(done)} runs, seed ${seed})`,
        rows: results,
        columns: [
          { head: 'Target', rowHeader: true, cell: (r) => h('code', {}, r.target) },
          {
            head: 'Probability',
            num: true,
            attrs: () => ({ 'data-col': 'probability' }),
            cell: (r) => pct(r.probability, 1),
          },
          { head: 'Standard error', num: true, cell: (r) => `± ${pct(r.standard_error, 1)}` },
        ],
      }),
    );
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
    const box = $('cal-csv');
    clear(box);
    box.append(
      `Observations: ${csv.name} (${rows} rows). `,
      h('details', {}, h('summary', {}, 'Show'), h('pre', {}, csv.text)),
    );
  }

  private async runCalibration() {
    const status = $('cal-status');
    const out = $('cal-out');
    const text = this.host.scenarioText();
    if (!text) return void (status.textContent = 'Fix the problems in the scenario first.');
    if (!this.csv)
      return void (status.textContent = 'Upload the observations first (or use the example).');
    const paths = [...$<HTMLSelectElement>('cal-params').selectedOptions].map((o) => o.value);
    if (!paths.length) return void (status.textContent = 'Choose at least one parameter to fit.');
    const draws = parseInteger($<HTMLInputElement>('cal-draws').value) ?? NaN;
    const accept = parseNumber($<HTMLInputElement>('cal-accept').value) ?? NaN;
    if (!Number.isInteger(draws) || draws < 10 || draws > 1_000_000)
      return void (status.textContent = 'Draws must be a whole number from 10 to 1,000,000.');
    if (!(accept > 0 && accept <= 1))
      return void (status.textContent =
        'The share accepted must be above 0 and at most 1 (0.05 keeps the closest 5%).');
    const csv = this.csv;
    const json = await this.job(status, `Calibration: ${int(draws)} draws`, (progress, signal) =>
      this.host.pool.analysis(
        { kind: 'calibrate', text, csv: csv.text, paths, draws, accept, seed: this.host.seed() },
        progress,
        signal,
      ),
    );
    if (json === undefined) return;
    this.lastJson = json;
    const c = JSON.parse(json) as Calibration;
    clear(out);
    const between = (x: { p5: number; p95: number } | null) =>
      x ? `${sig(x.p5)} to ${sig(x.p95)}` : '–';
    const pt = table({
      attrs: { id: 'cal-params-table', class: 'compare-metrics' },
      caption: `Fitted parameters: ${int(c.accepted)} of ${int(c.draws)} draws accepted (distance up to ${num(c.tolerance, 3)})`,
      rows: c.params,
      rowAttrs: (p) => ({ 'data-path': p.path }),
      columns: [
        { head: 'Parameter', rowHeader: true, cell: (p) => h('code', {}, p.path) },
        { head: 'Prior', cell: (p) => p.prior },
        {
          head: 'Fitted mean',
          num: true,
          attrs: () => ({ 'data-col': 'mean' }),
          cell: (p) => (p.posterior ? sig(p.posterior.mean) : '–'),
        },
        { head: 'Median', num: true, cell: (p) => (p.posterior ? sig(p.posterior.p50) : '–') },
        { head: '90% interval', num: true, cell: (p) => between(p.posterior) },
      ],
    });
    const ot = table({
      attrs: { id: 'cal-obs-table', class: 'compare-metrics' },
      caption: 'Fit to each observation (the accepted runs)',
      rows: c.observations,
      columns: [
        { head: 'Date', cell: (o) => o.date },
        {
          head: 'Metric',
          rowHeader: true,
          cell: (o) => `${metricInfo(o.metric).label} (${o.metric})`,
        },
        { head: 'Observed', num: true, cell: (o) => sig(o.observed) },
        {
          head: 'Simulated median',
          num: true,
          cell: (o) => (o.simulated ? sig(o.simulated.p50) : '–'),
        },
        { head: '90% interval', num: true, cell: (o) => between(o.simulated) },
        { head: 'Used', cell: (o) => (o.fitted ? 'fitted' : 'starting state (not fitted)') },
      ],
    });
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
