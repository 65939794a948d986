// Tables of a run's results: provenance, the budget per financial year and line, event
// probabilities, campaigns; and the differences of two scenario documents.

import { h } from './dom';
import { gbp, gbpRange, int, isoToText, pct, roundPounds, seconds } from './format';
import { lineName, metricInfo } from './layout';
import { table, type Column } from './table';
import type { BudgetRow, Json, JsonObject, RunResult, Summary } from './types';

export function provenance(r: RunResult, label?: string): HTMLElement {
  const s = r.summary;
  const item = (term: string, value: string, id?: string) =>
    h(
      'div',
      { class: 'prov-item' },
      h('dt', {}, term),
      h('dd', id ? { 'data-prov': id } : {}, value),
    );
  return h(
    'dl',
    { class: 'provenance', 'aria-label': label ?? 'Provenance of these results' },
    item('Scenario', s.scenario.name, 'name'),
    item('Scenario hash', s.scenario.hash, 'hash'),
    item('Runs', int(s.runs), 'runs'),
    item('Seed', String(s.seed), 'seed'),
    item('Engine', `wfsim ${s.engine_version}`, 'engine'),
    item(
      'Computed',
      `${seconds(r.elapsedMs)} in this browser, ${new Date(r.finishedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`,
      'time',
    ),
  );
}

/** "£127,253 over" / "£127,253 under" for a variance (outturn minus budget). */
function varianceText(v: string | null): { text: string; cls: string } {
  if (v === null) return { text: '–', cls: '' };
  const [neg, whole] = roundPounds(v);
  if (/^0+$/.test(whole)) return { text: 'on budget', cls: '' };
  return neg
    ? { text: `${gbp(v.replace(/^-/, ''))} under`, cls: 'under' }
    : { text: `${gbp(v)} over`, cls: 'over' };
}

function years(rows: BudgetRow[]): string[] {
  return [...new Set(rows.map((r) => r.financial_year))];
}

/** What the budget table's figures are (the engine's `OUTTURN_EXPLAINED`, said once). */
export const OUTTURN_EXPLAINED =
  'Forecast outturn = actual spend to date (where given) + simulated spend for the rest of the year, against the full-year budget. Expected outturn is the average over all runs (what budget monitoring reports); median is the middle run; the range holds 90% of runs; chance of overspend is the share of runs over budget. A line with no budget is compared with a budget of zero.';

/** A line with neither spend nor budget has nothing to show. */
function hasMoney(r: BudgetRow): boolean {
  return (
    r.budget !== null ||
    r.actuals !== null ||
    !/^-?0*\.?0*$/.test(r.p95) ||
    !/^-?0*\.?0*$/.test(r.p5)
  );
}

/** The budget table: one block per financial year, a row per line, totals of what adds up. */
export function budgetTable(summary: Summary): HTMLElement {
  const wrap = h('div', { class: 'budget-tables' });
  const rows = summary.budget.filter(hasMoney);
  if (!rows.length) {
    wrap.append(h('p', {}, 'No budget lines in this result.'));
    return wrap;
  }
  const groups = years(rows).map((fy) => {
    const yr = rows.filter((r) => r.financial_year === fy);
    const first = yr[0];
    const partial = yr.some((r) => r.partial);
    const withActuals = yr.some((r) => r.actuals !== null);
    const note = partial
      ? `part year: ${first.days_simulated} of ${first.days_in_year} working days simulated, no actuals; against the full-year budget`
      : withActuals
        ? 'whole year: actual spend to date plus the simulated rest of the year'
        : 'whole year';
    return {
      rows: yr,
      attrs: { 'data-year': fy, 'data-partial': partial ? 'true' : 'false' },
      head: [fy, h('span', { class: 'year-note' }, ` — ${note}`)],
      headAttrs: { class: 'year' },
    };
  });
  const columns: Column<BudgetRow>[] = [
    { head: 'Line', rowHeader: true, cell: (r) => lineName(r.line) },
    {
      head: 'Budget',
      num: true,
      attrs: (r) => ({ 'data-value': r.budget ?? '' }),
      cell: (r) => (r.budget === null ? 'none' : gbp(r.budget)),
    },
    {
      head: 'Actual to date',
      num: true,
      attrs: (r) => ({ 'data-col': 'actuals', 'data-value': r.actuals ?? '' }),
      cell: (r) => gbp(r.actuals),
    },
    {
      head: 'Expected outturn',
      headAttrs: { title: 'The average outturn over all runs' },
      num: true,
      attrs: (r) => ({ 'data-col': 'mean', 'data-value': r.mean }),
      cell: (r) => gbp(r.mean),
    },
    {
      head: ['Median outturn', h('span', { class: 'sub-num' }, '90% of runs between')],
      num: true,
      cell: (r) => [
        h('span', { class: 'median', 'data-col': 'p50', 'data-value': r.p50 }, gbp(r.p50)),
        h('span', { class: 'sub-num', 'data-col': 'p5-p95' }, gbpRange(r.p5, r.p95)),
      ],
    },
    {
      head: 'Expected against budget',
      headAttrs: { title: 'Expected outturn minus budget' },
      num: true,
      attrs: (r) => ({
        class: varianceText(r.expected_variance).cls,
        'data-col': 'expected_variance',
        'data-value': r.expected_variance,
      }),
      cell: (r) => varianceText(r.expected_variance).text,
    },
    {
      head: 'Chance of overspend',
      num: true,
      attrs: (r) => ({
        class: r.p_overspend >= 0.5 ? 'over' : '',
        'data-col': 'p_overspend',
      }),
      cell: ({ p_overspend: p }) => pct(p),
    },
  ];
  const t = table({
    attrs: { class: 'budget', id: 'budget-table' },
    caption: `${OUTTURN_EXPLAINED} The total is computed run by run, so its median is not the sum of the lines’ medians.`,
    columns,
    groups,
    rowAttrs: (r) => ({
      'data-line': r.line,
      'data-year': r.financial_year,
      class: r.line === 'total' ? 'total' : null,
    }),
  });
  wrap.append(h('div', { class: 'table-scroll' }, t));
  return wrap;
}

export function eventsList(summary: Summary): HTMLElement | null {
  if (!summary.events.length && !summary.campaigns.length) return null;
  const wrap = h('div', { class: 'questions' });
  if (summary.events.length) {
    const ul = h('ul', { class: 'events' });
    for (const e of summary.events) {
      ul.append(
        h(
          'li',
          {},
          h('span', { class: 'prob' }, pct(e.probability)),
          h('span', { class: 'event-label' }, describeEvent(e.label)),
          h(
            'span',
            { class: 'se' },
            ` (± ${pct(1.96 * e.standard_error, 1)}, 95% Monte Carlo interval)`,
          ),
        ),
      );
    }
    wrap.append(ul);
  }
  for (const c of summary.campaigns) {
    wrap.append(
      h(
        'p',
        { class: 'campaign' },
        h('strong', {}, c.name || 'Campaign'),
        `: median ${int(c.hires_p50)} hires (90% of runs ${int(c.hires_p5)} to ${int(c.hires_p95)})`,
        c.target_hires
          ? ` against a target of ${int(c.target_hires)}; chance of reaching it ${pct(c.p_target_met)}.`
          : '.',
      ),
    );
  }
  return wrap;
}

/** "ia_overdue <= 7 on 2012-03-14" -> "Initial assessments overdue at or below 7 on 14 Mar 2012". */
function describeEvent(label: string): string {
  const m = /^(\w+)\s*(<=|>=|==|<|>)\s*(\S+)\s+on\s+(\d{4}-\d{2}-\d{2})$/.exec(label);
  if (!m) return label;
  const ops: Record<string, string> = {
    '<=': 'at or below',
    '<': 'below',
    '>=': 'at or above',
    '>': 'above',
    '==': 'equal to',
  };
  const info = metricInfo(m[1]);
  const value = info.unit === 'rate' ? pct(Number(m[3])) : m[3];
  return `${info.label} ${ops[m[2]]} ${value} on ${isoToText(m[4])}`;
}

// ---- differences of two scenarios -----------------------------------------------------

function show(v: Json | undefined): string {
  if (v === undefined || v === null) return '(not set)';
  if (typeof v === 'object') {
    if (Array.isArray(v)) return `[${v.length} items]`;
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k} = ${typeof x === 'object' ? show(x) : String(x)}`)
      .join(', ')} }`;
  }
  return String(v);
}

/** Leaf-level differences of two scenario documents (distributions compared whole). */
export function diffDocs(
  a: JsonObject,
  b: JsonObject,
): { path: string; before: string; after: string }[] {
  const out: { path: string; before: string; after: string }[] = [];
  const isLeafObject = (x: Json | undefined) =>
    x !== null &&
    typeof x === 'object' &&
    !Array.isArray(x) &&
    Object.values(x).every((y) => y === null || typeof y !== 'object') &&
    ('dist' in x || 'p5' in x || 'p95' in x || 'mean' in x);
  const walk = (x: Json | undefined, y: Json | undefined, path: string) => {
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    const objX = x !== null && typeof x === 'object';
    const objY = y !== null && typeof y === 'object';
    if (
      objX &&
      objY &&
      Array.isArray(x) === Array.isArray(y) &&
      !isLeafObject(x) &&
      !isLeafObject(y)
    ) {
      if (Array.isArray(x) && Array.isArray(y)) {
        const n = Math.max(x.length, y.length);
        for (let i = 0; i < n; i++) walk(x[i], y[i], `${path}[${i}]`);
      } else {
        const keys = new Set([...Object.keys(x as object), ...Object.keys(y as object)]);
        for (const k of keys)
          walk((x as JsonObject)[k], (y as JsonObject)[k], path ? `${path}.${k}` : k);
      }
      return;
    }
    out.push({ path, before: show(x), after: show(y) });
  };
  walk(a, b, '');
  return out;
}
