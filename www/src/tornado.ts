// The result of a sensitivity analysis: the tornado chart (Observable Plot), the parameters by
// swing as a table, and the rank correlations of each uncertain parameter with the outcome.

import * as Plot from '@observablehq/plot';
import { FONT } from './charts';
import { h } from './dom';
import { gbpNumber, int, num, sig } from './format';
import { table } from './table';
import type { Sensitivity } from './types';

/** The tornado chart (Observable Plot) with its table and the rank correlations. */
export function tornado(s: Sensitivity, money: boolean): HTMLElement {
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
  const swings = table({
    attrs: { id: 'tornado-table', class: 'compare-metrics' },
    caption: 'Parameters by swing',
    rows: s.tornado,
    rowAttrs: (r) => ({ 'data-path': r.path }),
    columns: [
      { head: 'Parameter', rowHeader: true, cell: (r) => h('code', {}, r.path) },
      { head: 'Moved', cell: (r) => r.how },
      { head: 'Low value', num: true, cell: (r) => sig(r.low_value) },
      { head: 'High value', num: true, cell: (r) => sig(r.high_value) },
      { head: 'Mean at low', num: true, cell: (r) => fmt(r.low_mean) },
      { head: 'Mean at high', num: true, cell: (r) => fmt(r.high_mean) },
      { head: 'Swing', num: true, cell: (r) => fmt(r.swing) },
    ],
  });
  const correlations = table({
    attrs: { id: 'rank-correlations', class: 'compare-metrics' },
    caption:
      'Rank correlations (Spearman) of each uncertain parameter with the outcome, across the base runs',
    rows: s.rank_correlations,
    columns: [
      { head: 'Parameter', rowHeader: true, cell: (r) => h('code', {}, r.path) },
      { head: 'Spearman ρ', num: true, cell: (r) => num(r.spearman, 2) },
    ],
  });
  wrap.append(
    h('div', { class: 'table-scroll' }, swings),
    h('div', { class: 'table-scroll' }, correlations),
  );
  return wrap;
}
