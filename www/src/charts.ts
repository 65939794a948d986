// Fan charts of weekly metrics with Observable Plot: the 5th-95th and 25th-75th percentile
// bands and the median, dates on the x axis, values on hover (Plot's tip), the baseline
// overlaid when comparing, and the seed's observed figures on the Peterborough example.

import * as Plot from '@observablehq/plot';
import { dateText, gbpCompact, gbpNumber, isoToText, num, pct } from './format';
import {
  OBSERVED,
  OBSERVED_SCENARIO,
  OBSERVED_SOURCE,
  metricInfo,
  type MetricInfo,
} from './layout';
import { table, type Column } from './table';
import type { Summary } from './types';

export const FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const VARIANT = '#1d5fa7';
const BASELINE = '#c05621';
const OBSERVED_COLOR = '#b42318';

interface Row {
  date: Date;
  week: string;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

function rows(summary: Summary, metric: string): Row[] {
  const s = summary.series[metric];
  if (!s) return [];
  const v = (a: (number | null)[], i: number) =>
    a[i] === null || a[i] === undefined ? NaN : (a[i] as number);
  return summary.weeks.map((week, i) => ({
    date: new Date(`${week}T00:00:00Z`),
    week,
    p5: v(s.p5, i),
    p25: v(s.p25, i),
    p50: v(s.p50, i),
    p75: v(s.p75, i),
    p95: v(s.p95, i),
  }));
}

export function formatValue(info: MetricInfo, x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  switch (info.unit) {
    case 'gbp':
      return gbpNumber(x);
    case 'rate':
      return pct(x);
    case 'ratio':
      return num(x, 1);
    default:
      return num(x, Number.isInteger(x) ? 0 : 1);
  }
}

function range(info: MetricInfo, a: number, b: number): string {
  return `${formatValue(info, a)} to ${formatValue(info, b)}`;
}

export interface ChartOptions {
  metric: string;
  summary: Summary;
  baseline?: Summary;
  width: number;
  height?: number;
}

/** Whether the seed's observed figures belong on this result's charts. */
export function showsObserved(summary: Summary): boolean {
  return summary.scenario.name === OBSERVED_SCENARIO;
}

export function fanChart(o: ChartOptions): SVGSVGElement | HTMLElement {
  const info = metricInfo(o.metric);
  const data = rows(o.summary, o.metric);
  const base = o.baseline ? rows(o.baseline, o.metric) : [];
  const baseByWeek = new Map(base.map((r) => [r.week, r]));
  const observed = showsObserved(o.summary) ? (OBSERVED[o.metric] ?? []) : [];
  const obs = observed.map((p) => ({
    date: new Date(`${p.date}T00:00:00Z`),
    value: p.value,
    iso: p.date,
  }));
  const marks: Plot.Markish[] = [];

  if (base.length) {
    marks.push(
      Plot.areaY(base, { x: 'date', y1: 'p5', y2: 'p95', fill: BASELINE, fillOpacity: 0.1 }),
      Plot.lineY(base, {
        x: 'date',
        y: 'p5',
        stroke: BASELINE,
        strokeOpacity: 0.5,
        strokeWidth: 0.75,
      }),
      Plot.lineY(base, {
        x: 'date',
        y: 'p95',
        stroke: BASELINE,
        strokeOpacity: 0.5,
        strokeWidth: 0.75,
      }),
      Plot.lineY(base, {
        x: 'date',
        y: 'p50',
        stroke: BASELINE,
        strokeWidth: 1.75,
        strokeDasharray: '5,3',
      }),
    );
  }
  marks.push(
    Plot.areaY(data, { x: 'date', y1: 'p5', y2: 'p95', fill: VARIANT, fillOpacity: 0.16 }),
    Plot.areaY(data, { x: 'date', y1: 'p25', y2: 'p75', fill: VARIANT, fillOpacity: 0.3 }),
    Plot.lineY(data, { x: 'date', y: 'p50', stroke: VARIANT, strokeWidth: 2 }),
  );
  if (o.metric === 'permanent_fte' && o.summary.series.establishment) {
    const est = o.summary.series.establishment.p50.find((x) => x !== null);
    if (typeof est === 'number') {
      marks.push(
        Plot.ruleY([est], { stroke: '#555', strokeDasharray: '2,3' }),
        Plot.text([est], {
          y: (d: number) => d,
          frameAnchor: 'right',
          dy: -7,
          text: () => `establishment ${num(est, 0)}`,
          fill: '#444',
          fontSize: 11,
        }),
      );
    }
  }
  if (obs.length) {
    marks.push(
      Plot.dot(obs, {
        x: 'date',
        y: 'value',
        symbol: 'diamond2',
        r: 5,
        stroke: OBSERVED_COLOR,
        fill: 'white',
        strokeWidth: 2,
      }),
      Plot.text(obs, {
        x: 'date',
        y: 'value',
        text: (d: { value: number }) => `observed ${num(d.value, 0)}`,
        dx: 8,
        textAnchor: 'start',
        fill: OBSERVED_COLOR,
        fontSize: 11,
        fontWeight: 600,
      }),
    );
  }
  const tipRows = data.length ? data : base;
  marks.push(
    Plot.ruleX(
      tipRows,
      Plot.pointerX({ x: 'date', stroke: '#888', strokeOpacity: 0.6, className: 'pointer-rule' }),
    ),
    Plot.tip(
      tipRows,
      Plot.pointerX({
        x: 'date',
        y: 'p50',
        title: (r: Row) => {
          const lines = [`Week ending ${isoToText(r.week)}`];
          const b = baseByWeek.get(r.week);
          const label = base.length ? 'Median (this run)' : 'Median';
          lines.push(`${label}: ${formatValue(info, r.p50)}`);
          lines.push(`Middle 50%: ${range(info, r.p25, r.p75)}`);
          lines.push(`90% of runs: ${range(info, r.p5, r.p95)}`);
          if (b)
            lines.push(
              `Base option’s median: ${formatValue(info, b.p50)} (90%: ${range(info, b.p5, b.p95)})`,
            );
          for (const p of obs) {
            const days = Math.abs(p.date.getTime() - r.date.getTime()) / 86400000;
            if (days < 7) lines.push(`Observed ${dateText(p.date)}: ${num(p.value, 0)}`);
          }
          return lines.join('\n');
        },
        fontSize: 12,
      }),
    ),
  );

  const yFormat =
    info.unit === 'gbp'
      ? (d: number) => gbpCompact(d)
      : info.unit === 'rate'
        ? (d: number) => `${Math.round(d * 100)}%`
        : undefined;
  const last = data.length ? data[data.length - 1] : undefined;
  const chart = Plot.plot({
    width: o.width,
    height: o.height ?? 230,
    marginLeft: info.unit === 'gbp' ? 70 : 48,
    marginRight: obs.length ? 24 : 16,
    marginTop: 14,
    style: {
      fontFamily: FONT,
      fontSize: '12px',
      color: '#1f2933',
      background: 'white',
      overflow: 'visible',
    },
    x: { type: 'utc', label: null, grid: false },
    y: {
      grid: true,
      label: null,
      nice: true,
      zero: info.unit !== 'rate' && info.unit !== 'ratio',
      domain: info.unit === 'rate' ? [0, 1] : undefined,
      tickFormat: yFormat,
    },
    ariaLabel: `${info.label}: fan chart by week`,
    ariaDescription: last
      ? `Median ${formatValue(info, data.find((r) => Number.isFinite(r.p50))?.p50)} in the first week and ${formatValue(info, last.p50)} in the week ending ${isoToText(last.week)} (90% of runs: ${range(info, last.p5, last.p95)}).`
      : 'No values.',
    marks,
  });
  return chart;
}

/** A small table of the chart's values (every fourth week), for keyboard and screen reader users. */
export function chartTable(metric: string, summary: Summary, baseline?: Summary): HTMLTableElement {
  const info = metricInfo(metric);
  const data = rows(summary, metric);
  const base = baseline ? new Map(rows(baseline, metric).map((r) => [r.week, r])) : undefined;
  const columns: Column<Row>[] = [
    { head: 'Week ending', rowHeader: true, cell: (r) => isoToText(r.week) },
    { head: 'Median', cell: (r) => formatValue(info, r.p50) },
    { head: '90% of runs', cell: (r) => range(info, r.p5, r.p95) },
  ];
  if (base)
    columns.push({
      head: 'Base option’s median',
      cell: (r) => formatValue(info, base.get(r.week)?.p50),
    });
  return table({
    attrs: { class: 'values' },
    caption: `${info.label}: median and 90% range by week (every fourth week)`,
    columns,
    rows: data.filter((_, i) => i % 4 === 3 || i === data.length - 1),
  });
}

export const CHART_COLORS = { variant: VARIANT, baseline: BASELINE, observed: OBSERVED_COLOR };
export { OBSERVED_SOURCE };
