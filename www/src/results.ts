// Tables of a run's results: provenance, the budget per financial year and line, event
// probabilities, campaigns, and the comparison of a variant with a kept baseline.

import { formatValue } from './charts';
import { h } from './dom';
import { gbp, gbpRange, int, isoToText, pct, roundPounds, seconds, subMoney } from './format';
import { COMPARE_METRICS, lineName, metricInfo } from './layout';
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

/** "GBP 127,253 over" / "GBP 127,253 under" for a variance (spend minus budget). */
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

/** The budget table: one block per financial year, a row per line, totals of what adds up. */
export function budgetTable(summary: Summary): HTMLElement {
  const wrap = h('div', { class: 'budget-tables' });
  const rows = summary.budget;
  if (!rows.length) {
    wrap.append(h('p', {}, 'No budget lines in this result.'));
    return wrap;
  }
  const table = h('table', { class: 'budget', id: 'budget-table' });
  table.append(
    h(
      'caption',
      {},
      'Spend against budget by financial year and line: the median across runs, and the range 90% of runs fall in. The total is computed run by run, so its median is not the sum of the lines’ medians.',
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Line'),
        h('th', { scope: 'col', class: 'num' }, 'Budget'),
        h(
          'th',
          { scope: 'col', class: 'num' },
          'Median spend',
          h('span', { class: 'sub-num' }, '90% of runs between'),
        ),
        h(
          'th',
          { scope: 'col', class: 'num', title: 'Variance: median spend minus budget' },
          'Median − budget',
        ),
        h('th', { scope: 'col', class: 'num' }, 'Chance of overspend'),
      ),
    ),
  );
  for (const fy of years(rows)) {
    const yr = rows.filter((r) => r.financial_year === fy);
    const first = yr[0];
    const partial = first.days_simulated < first.days_in_year;
    const note = partial
      ? `${first.days_simulated} of ${first.days_in_year} working days simulated${yr.some((r) => r.budget !== null && r.budget !== r.budget_full_year) ? '; budgets pro rata' : ''}`
      : 'whole year';
    const tbody = h('tbody', { 'data-year': fy });
    tbody.append(
      h(
        'tr',
        { class: 'year' },
        h(
          'th',
          { scope: 'rowgroup', colspan: 5 },
          `${fy}`,
          h('span', { class: 'year-note' }, ` — ${note}`),
        ),
      ),
    );
    for (const r of yr) {
      const v = varianceText(r.variance);
      const budgetCell = h('td', { class: 'num', 'data-value': r.budget ?? '' }, gbp(r.budget));
      if (r.budget !== null && r.budget_full_year !== null && r.budget !== r.budget_full_year)
        budgetCell.append(h('span', { class: 'sub-num' }, `of ${gbp(r.budget_full_year)}`));
      const p = r.p_overspend;
      tbody.append(
        h(
          'tr',
          { 'data-line': r.line, 'data-year': fy, class: r.line === 'total' ? 'total' : null },
          h('th', { scope: 'row' }, lineName(r.line)),
          budgetCell,
          h(
            'td',
            { class: 'num' },
            h('span', { class: 'median', 'data-col': 'p50', 'data-value': r.p50 }, gbp(r.p50)),
            h('span', { class: 'sub-num', 'data-col': 'p5-p95' }, gbpRange(r.p5, r.p95)),
          ),
          h(
            'td',
            { class: `num ${v.cls}`, 'data-col': 'variance', 'data-value': r.variance ?? '' },
            v.text,
          ),
          h(
            'td',
            { class: `num ${p !== null && p >= 0.5 ? 'over' : ''}`, 'data-col': 'p_overspend' },
            p === null ? 'no budget' : pct(p, p > 0 && p < 0.01 ? 1 : 0),
          ),
        ),
      );
    }
    table.append(tbody);
  }
  wrap.append(h('div', { class: 'table-scroll' }, table));
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

// ---- comparison ------------------------------------------------------------------------

/** Week indices to compare at: the last week of each financial year, and the last week. */
function compareWeeks(weeks: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < weeks.length; i++) {
    const d = weeks[i];
    const next = weeks[i + 1];
    if (
      next &&
      d.slice(5) <= '03-31' &&
      next.slice(5) > '03-31' &&
      d.slice(0, 4) === next.slice(0, 4)
    )
      out.push(i);
  }
  if (weeks.length) out.push(weeks.length - 1);
  return [...new Set(out)].slice(-4);
}

function diffText(unit: string, d: number): string {
  if (!Number.isFinite(d)) return '';
  if (Math.abs(d) < 1e-9) return 'no change';
  const sign = d > 0 ? '+' : '−';
  const a = Math.abs(d);
  if (unit === 'rate') return `${sign}${(a * 100).toFixed(0)} pts`;
  if (unit === 'gbp') return `${sign}${gbp(String(a))}`;
  return `${sign}${a >= 100 || Number.isInteger(a) ? Math.round(a).toLocaleString('en-GB') : a.toFixed(1)}`;
}

export function compareTables(base: RunResult, cur: RunResult): HTMLElement {
  const wrap = h('div', { class: 'compare' });
  const b = base.summary;
  const v = cur.summary;
  if (b.seed !== v.seed || b.runs !== v.runs) {
    wrap.append(
      h(
        'p',
        { class: 'warn' },
        `The baseline used ${int(b.runs)} runs with seed ${b.seed}; this run used ${int(v.runs)} runs with seed ${v.seed}. Differences include Monte Carlo noise: run again with the same runs and seed for a like-for-like comparison.`,
      ),
    );
  }
  // What changed in the scenario.
  const changes = diffDocs(base.doc, cur.doc);
  const changeList = h('ul', { class: 'changes' });
  if (!changes.length) changeList.append(h('li', {}, 'No parameter differs from the baseline.'));
  for (const c of changes.slice(0, 30))
    changeList.append(
      h(
        'li',
        {},
        h('code', {}, c.path),
        ': ',
        h('span', { class: 'old' }, c.before),
        ' → ',
        h('span', { class: 'new' }, c.after),
      ),
    );
  if (changes.length > 30) changeList.append(h('li', {}, `and ${changes.length - 30} more`));
  wrap.append(h('h3', {}, 'Changes from the baseline'), changeList);

  // Key metrics at a few dates (matched by week date).
  const idx = compareWeeks(v.weeks);
  const bIndex = new Map(b.weeks.map((w, i) => [w, i]));
  const t = h('table', { class: 'compare-metrics', id: 'compare-metrics' });
  t.append(
    h('caption', {}, 'Median of key metrics: baseline → variant'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Metric'),
        ...idx.map((i) =>
          h('th', { scope: 'col', class: 'num' }, `Week ending ${isoToText(v.weeks[i])}`),
        ),
      ),
    ),
  );
  const tb = h('tbody');
  for (const m of COMPARE_METRICS) {
    if (!v.series[m] && !b.series[m]) continue;
    const info = metricInfo(m);
    const tr = h('tr', { 'data-metric': m }, h('th', { scope: 'row' }, info.label));
    for (const i of idx) {
      const bi = bIndex.get(v.weeks[i]);
      const bv = bi === undefined ? null : (b.series[m]?.p50[bi] ?? null);
      const vv = v.series[m]?.p50[i] ?? null;
      const d = bv !== null && vv !== null ? vv - bv : NaN;
      tr.append(
        h(
          'td',
          { class: 'num' },
          h('span', {}, `${formatValue(info, bv)} → ${formatValue(info, vv)}`),
          h(
            'span',
            { class: `delta ${Number.isFinite(d) && d !== 0 ? (d > 0 ? 'up' : 'down') : ''}` },
            diffText(info.unit, d),
          ),
        ),
      );
    }
    tb.append(tr);
  }
  t.append(tb);
  wrap.append(h('div', { class: 'table-scroll' }, t));

  // Budget medians per line and year.
  const bt = h('table', { class: 'compare-budget', id: 'compare-budget' });
  bt.append(
    h('caption', {}, 'Budget: median spend and chance of overspend, baseline → variant'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Year'),
        h('th', { scope: 'col' }, 'Line'),
        h('th', { scope: 'col', class: 'num' }, 'Baseline median'),
        h('th', { scope: 'col', class: 'num' }, 'Variant median'),
        h('th', { scope: 'col', class: 'num' }, 'Difference'),
        h('th', { scope: 'col', class: 'num' }, 'Chance of overspend'),
      ),
    ),
  );
  const bb = h('tbody');
  const key = (r: BudgetRow) => `${r.financial_year}|${r.line}`;
  const baseRows = new Map(b.budget.map((r) => [key(r), r]));
  const seen = new Set<string>();
  const allRows = [
    ...v.budget,
    ...b.budget.filter((r) => !v.budget.some((x) => key(x) === key(r))),
  ];
  for (const r of allRows) {
    if (seen.has(key(r))) continue;
    seen.add(key(r));
    const br = baseRows.get(key(r));
    const vr = v.budget.find((x) => key(x) === key(r));
    const d = subMoney(vr?.p50 ?? null, br?.p50 ?? null);
    const dv = d === null ? null : Number(d);
    const po = (x?: BudgetRow) => (x && x.p_overspend !== null ? pct(x.p_overspend) : '–');
    bb.append(
      h(
        'tr',
        { 'data-line': r.line, 'data-year': r.financial_year },
        h('td', {}, r.financial_year),
        h('th', { scope: 'row' }, lineName(r.line)),
        h('td', { class: 'num' }, gbp(br?.p50)),
        h('td', { class: 'num' }, gbp(vr?.p50)),
        h(
          'td',
          {
            class: `num delta ${dv !== null && Math.round(dv) !== 0 ? (dv > 0 ? 'up' : 'down') : ''}`,
          },
          d === null
            ? '–'
            : Math.round(Number(d)) === 0
              ? 'no change'
              : `${Number(d) > 0 ? '+' : '−'}${gbp(d.replace(/^-/, ''))}`,
        ),
        h('td', { class: 'num' }, `${po(br)} → ${po(vr)}`),
      ),
    );
  }
  bt.append(bb);
  wrap.append(h('div', { class: 'table-scroll' }, bt));
  return wrap;
}

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
