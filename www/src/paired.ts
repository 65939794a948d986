// The paired comparison of a variant with the kept baseline: both run again on the variant's
// runs and seed (common random numbers, as `wfsim compare`) in the analysis worker, and the
// per-run differences shown as tables.

import { h } from './dom';
import type { EngineWorker } from './engine';
import { gbpNumber, int, num, pct } from './format';
import { lineName } from './layout';
import { table } from './table';
import type { Comparison, RunResult } from './types';

type Headline = Comparison['variants'][number]['headlines'][number];
type BudgetDiff = Comparison['variants'][number]['budget'][number];

const isMoney = (name: string) => name.startsWith('spend');
const isShare = (name: string) => /rate|share/.test(name);

/** A difference of a measure: money, percentage points or a plain number. */
function measure(name: string, x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (isMoney(name)) return gbpNumber(x);
  if (isShare(name)) return `${num(x * 100, 1)} pp`;
  return num(x, 1);
}
const signed = (s: string) => (s.startsWith('-') || s === '–' ? s : `+${s}`);

/** A mean of a measure: money, a percentage or a plain number. */
function mean(name: string, x: number): string {
  return isMoney(name) ? gbpNumber(x) : isShare(name) ? pct(x, 1) : num(x, 1);
}

/** The tables of a paired comparison (engine JSON text). */
function pairedTables(jsonText: string): HTMLElement {
  const c = JSON.parse(jsonText) as Comparison;
  const v = c.variants[0];
  const headlines = table<Headline>({
    attrs: { id: 'paired-headlines', class: 'compare-metrics' },
    caption: 'Headline measures: paired differences (variant − baseline)',
    rows: v.headlines,
    rowAttrs: (r) => ({ 'data-measure': r.name }),
    columns: [
      { head: 'Measure', rowHeader: true, cell: (r) => r.name },
      { head: 'Baseline mean', num: true, cell: (r) => mean(r.name, r.base_mean) },
      { head: 'Variant mean', num: true, cell: (r) => mean(r.name, r.variant_mean) },
      {
        head: 'Median difference',
        num: true,
        attrs: () => ({ 'data-col': 'median' }),
        cell: (r) => (r.difference ? signed(measure(r.name, r.difference.p50)) : '–'),
      },
      {
        head: '90% interval',
        num: true,
        cell: ({ name, difference: d }) =>
          d ? `${measure(name, d.p5)} to ${measure(name, d.p95)}` : '–',
      },
      {
        head: 'P(variant better)',
        num: true,
        attrs: () => ({ 'data-col': 'p-better' }),
        cell: (r) => pct(r.p_variant_better, 0),
      },
    ],
  });
  const budget = table<BudgetDiff>({
    attrs: { id: 'paired-budget', class: 'compare-metrics' },
    caption: 'Spend by line and financial year: paired differences (variant − baseline)',
    rows: v.budget,
    rowAttrs: (r) => ({ 'data-line': r.line, 'data-fy': r.financial_year }),
    columns: [
      { head: 'Year', cell: (r) => r.financial_year },
      {
        head: 'Line',
        rowHeader: true,
        cell: (r) => (r.line === 'total' ? 'Total' : lineName(r.line)),
      },
      {
        head: 'Median difference',
        num: true,
        cell: ({ difference: d }) => (d ? signed(gbpNumber(d.p50)) : '–'),
      },
      {
        head: '90% interval',
        num: true,
        cell: ({ difference: d }) => (d ? `${gbpNumber(d.p5)} to ${gbpNumber(d.p95)}` : '–'),
      },
      { head: 'P(variant lower)', num: true, cell: (r) => pct(r.p_variant_lower, 0) },
    ],
  });
  return h(
    'div',
    { class: 'paired' },
    h(
      'p',
      { class: 'help' },
      `Baseline and variant run again on the same ${int(c.runs)} runs with seed ${c.seed} (common random numbers): each run's difference is variant minus baseline, so most of the Monte Carlo noise cancels.`,
    ),
    h('div', { class: 'table-scroll' }, headlines),
    h('div', { class: 'table-scroll' }, budget),
  );
}

/** Jobs by baseline and variant, so re-rendering the results does not run them again. */
const pairedCache = new Map<string, Promise<string>>();

/** The paired comparison of a variant with the baseline, on the variant's runs and seed. */
export async function showPaired(
  box: HTMLElement,
  base: RunResult,
  cur: RunResult,
  worker: EngineWorker,
) {
  const runs = cur.summary.runs;
  const seed = String(cur.summary.seed);
  const key = `${base.finishedAt}|${cur.finishedAt}`;
  const status = h(
    'p',
    { class: 'help', id: 'paired-status' },
    `Running the baseline and this scenario on the same ${int(runs)} runs (seed ${seed})…`,
  );
  box.append(status);
  let job = pairedCache.get(key);
  if (!job) {
    job = worker.compare(JSON.stringify(base.doc), JSON.stringify(cur.doc), runs, seed);
    pairedCache.set(key, job);
    job.catch(() => pairedCache.delete(key));
  }
  try {
    const json = await job;
    status.remove();
    box.append(pairedTables(json));
  } catch (e) {
    status.className = 'warn';
    status.textContent = `The paired comparison could not run: ${(e as Error).message}`;
  }
}
