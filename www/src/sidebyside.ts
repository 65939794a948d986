// The options side by side: up to five options against a base, all on the same runs and
// seed (common random numbers), as tables (paired differences of the headline measures and
// the budget, key metrics at a chosen week, the budget lines, the questions, what each
// option changes) and charts (a metric's median by week for each option over the base's 90%
// band; the total spend of each financial year).

import * as Plot from '@observablehq/plot';
import { FONT, formatValue } from './charts';
import { h, slug, type Child } from './dom';
import { gbp, gbpCompact, gbpNumber, isoToText, num, pct, subMoney } from './format';
import { COMPARE_METRICS, lineName, metricInfo } from './layout';
import type { RunOption } from './options';
import { diffDocs } from './results';
import { table, type Column } from './table';
import type { BudgetRow, Comparison, PairedMean, RunResult } from './types';

export interface Side {
  option: RunOption;
  result: RunResult;
  /** Colour of the option in the charts and column heads. */
  color: string;
}

type Variant = Comparison['variants'][number];

/** The base's colour, then the options'. */
export const OPTION_COLORS = ['#c05621', '#1d5fa7', '#2f855a', '#6b46c1', '#0b7285', '#9c4221'];

const isMoney = (name: string) => name.startsWith('spend');
const isShare = (name: string) => /rate|share/.test(name);
/** A difference with its sign: "+£1,234", "−£1,234" (U+2212, as money everywhere), "£0". */
const signed = (s: string) =>
  s === '–' || s.startsWith('\u2212') || /^[^1-9]*$/.test(s)
    ? s
    : s.startsWith('-')
      ? `\u2212${s.slice(1)}`
      : `+${s}`;

/** A difference of a headline measure: money, percentage points or a plain number. */
function measure(name: string, x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (isMoney(name)) return gbpNumber(x);
  if (isShare(name)) return `${num(x * 100, 1)} pp`;
  return num(x, 1);
}
function mean(name: string, x: number): string {
  return isMoney(name) ? gbpNumber(x) : isShare(name) ? pct(x, 1) : num(x, 1);
}

function optionHead(s: Side, base: boolean): Child {
  return h(
    'span',
    { class: 'option-head' },
    h('span', { class: 'swatch-dot', style: `--c:${s.color}`, 'aria-hidden': 'true' }),
    s.option.name,
    base ? h('span', { class: 'sub-num' }, 'base') : null,
  );
}

/** Week indices worth comparing at: the last week of each financial year, and the last week. */
export function compareWeeks(weeks: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < weeks.length; i++)
    if (weeks[i].slice(5) <= '03-31' && weeks[i + 1].slice(5) > '03-31') out.push(i);
  if (weeks.length) out.push(weeks.length - 1);
  return [...new Set(out)];
}

/** What the paired figures are, said once in each table's caption. */
const PAIRED_EXPLAINED =
  'the mean difference from the base, run by run on the same random numbers (the change in the expected value), with its 90% confidence interval; “no change” where the two are identical in every run.';

/** The headline of a paired difference: the mean and its 90% CI, or "no change". */
function pairedMean(p: PairedMean | null, f: (x: number) => string): HTMLElement[] {
  if (!p) return [h('span', { 'data-col': 'mean-diff' }, '–')];
  if (p.no_change) return [h('span', { 'data-col': 'mean-diff', class: 'no-change' }, 'no change')];
  return [
    h('span', { 'data-col': 'mean-diff' }, signed(f(p.mean))),
    h(
      'span',
      { class: 'sub-num', 'data-col': 'ci90' },
      `90% CI ${signed(f(p.ci90_low))} to ${signed(f(p.ci90_high))}`,
    ),
  ];
}

/** The paired headline differences (from the engine's comparisons, by option id). */
export function pairedHeadlines(
  base: Side,
  sides: Side[],
  paired: Map<number, Variant | Error>,
): HTMLElement {
  const first = sides
    .map((s) => paired.get(s.option.id))
    .find((v): v is Variant => !!v && !(v instanceof Error));
  const names = first?.headlines.map((x) => x.name) ?? [];
  const columns: Column<string>[] = [
    { head: 'Measure', rowHeader: true, cell: (n) => n },
    {
      head: optionHead(base, true),
      num: true,
      cell: (n) => {
        const x = first?.headlines.find((y) => y.name === n);
        return x ? mean(n, x.base_mean) : '–';
      },
    },
    ...sides.map((s): Column<string> => ({
      head: optionHead(s, false),
      num: true,
      attrs: () => ({ 'data-option': s.option.name }),
      cell: (n) => {
        const v = paired.get(s.option.id);
        if (!v) return h('span', { class: 'sub-num' }, 'pairing…');
        if (v instanceof Error) return h('span', { class: 'bad' }, v.message);
        const x = v.headlines.find((y) => y.name === n);
        if (!x) return '–';
        const d = x.difference;
        return [
          ...pairedMean(x.paired, (y) => measure(n, y)),
          d && !x.paired?.no_change
            ? h(
                'span',
                { class: 'sub-num', 'data-col': 'spread' },
                `90% of runs: ${signed(measure(n, d.p5))} to ${signed(measure(n, d.p95))}`,
              )
            : null,
          x.paired?.no_change
            ? null
            : h(
                'span',
                { class: 'sub-num', 'data-col': 'p-better' },
                `better in ${pct(x.p_variant_better, 0)} of runs`,
              ),
        ];
      },
    })),
  ];
  return table({
    attrs: { id: 'sbs-paired', class: 'compare-metrics sbs' },
    caption: `Headline measures: the base’s mean, and for each option ${PAIRED_EXPLAINED}`,
    columns,
    rows: names,
    rowAttrs: (n) => ({ 'data-measure': n }),
  });
}

/** The paired budget differences: each option minus the base, per line and year. */
export function pairedBudget(
  sides: Side[],
  paired: Map<number, Variant | Error>,
): HTMLElement | null {
  const first = sides
    .map((s) => paired.get(s.option.id))
    .find((v): v is Variant => !!v && !(v instanceof Error));
  if (!first) return null;
  const rows = first.budget.map((b) => ({ fy: b.financial_year, line: b.line }));
  return table({
    attrs: { id: 'sbs-paired-budget', class: 'compare-metrics sbs' },
    caption: `Forecast outturn by line and financial year: for each option ${PAIRED_EXPLAINED}`,
    rows,
    rowAttrs: (r) => ({ 'data-line': r.line, 'data-year': r.fy }),
    columns: [
      { head: 'Year', cell: (r) => r.fy },
      {
        head: 'Line',
        rowHeader: true,
        cell: (r) => (r.line === 'total' ? 'Total' : lineName(r.line)),
      },
      ...sides.map((s): Column<(typeof rows)[number]> => ({
        head: optionHead(s, false),
        num: true,
        cell: (r) => {
          const v = paired.get(s.option.id);
          if (!v || v instanceof Error) return '–';
          const b = v.budget.find((x) => x.financial_year === r.fy && x.line === r.line);
          if (!b?.paired) return '–';
          return [
            ...pairedMean(b.paired, gbpNumber),
            b.paired.no_change
              ? null
              : h('span', { class: 'sub-num' }, `lower in ${pct(b.p_variant_lower, 0)} of runs`),
          ];
        },
      })),
    ],
  });
}

/** Key metrics' medians in week `w` (by date) for the base and each option. */
export function metricsTable(all: Side[], week: string): HTMLElement {
  const value = (s: Side, m: string) => {
    const i = s.result.summary.weeks.indexOf(week);
    return i < 0 ? null : (s.result.summary.series[m]?.p50[i] ?? null);
  };
  const metrics = COMPARE_METRICS.filter((m) => all.some((s) => s.result.summary.series[m]));
  return table({
    attrs: { id: 'sbs-metrics', class: 'compare-metrics sbs' },
    caption: `Key metrics in the week ending ${isoToText(week)}: the median across runs, and under an option’s median the difference of the two medians`,
    rows: metrics,
    rowAttrs: (m) => ({ 'data-metric': m }),
    columns: [
      { head: 'Metric', rowHeader: true, cell: (m) => metricInfo(m).label },
      ...all.map((s, i): Column<string> => ({
        head: optionHead(s, i === 0),
        num: true,
        cell: (m) => {
          const info = metricInfo(m);
          const v = value(s, m);
          const b = value(all[0], m);
          const d = i > 0 && v !== null && b !== null ? v - b : null;
          return [
            h('span', {}, formatValue(info, v)),
            d !== null && Math.abs(d) > 1e-9
              ? h('span', { class: 'sub-num' }, signed(formatValue(info, d)))
              : null,
          ];
        },
      })),
    ],
  });
}

/** Budget lines: median spend and the chance of overspend, for the base and each option. */
export function budgetSideBySide(all: Side[]): HTMLElement {
  const key = (r: BudgetRow) => `${r.financial_year}|${r.line}`;
  const maps = all.map((s) => new Map(s.result.summary.budget.map((r) => [key(r), r])));
  const keys = [...new Set(all.flatMap((s) => s.result.summary.budget.map(key)))];
  return table({
    attrs: { id: 'sbs-budget', class: 'compare-metrics sbs' },
    caption:
      'Budget: median outturn and the chance of overspending, by line and financial year; under an option’s median, the difference of the two medians (not a paired difference: the paired mean differences are in the table of paired differences below)',
    rows: keys,
    rowAttrs: (k) => ({ 'data-year': k.split('|')[0], 'data-line': k.split('|')[1] }),
    columns: [
      { head: 'Year', cell: (k) => k.split('|')[0] },
      { head: 'Line', rowHeader: true, cell: (k) => lineName(k.split('|')[1]) },
      ...all.map((s, i): Column<string> => ({
        head: optionHead(s, i === 0),
        num: true,
        cell: (k) => {
          const r = maps[i].get(k);
          if (!r) return '–';
          const d = i > 0 ? subMoney(r.p50, maps[0].get(k)?.p50 ?? null) : null;
          return [
            h('span', { 'data-col': 'p50' }, gbp(r.p50)),
            d !== null && !/^-?0+(\.0+)?$/.test(d)
              ? h(
                  'span',
                  { class: 'sub-num', 'data-col': 'median-diff' },
                  `difference of medians ${signed(gbp(d))}`,
                )
              : null,
            r.p_overspend !== null
              ? h(
                  'span',
                  { class: 'sub-num', 'data-col': 'p_overspend' },
                  `overspend ${pct(r.p_overspend)}`,
                )
              : null,
          ];
        },
      })),
    ],
  });
}

/** The questions (events): the probability of each, for the base and each option. */
export function questionsSideBySide(all: Side[]): HTMLElement | null {
  const labels = [...new Set(all.flatMap((s) => s.result.summary.events.map((e) => e.label)))];
  if (!labels.length) return null;
  return table({
    attrs: { id: 'sbs-questions', class: 'compare-metrics sbs' },
    caption: 'Questions: the chance of each (± the 95% Monte Carlo interval)',
    rows: labels,
    rowAttrs: (l) => ({ 'data-event': l }),
    columns: [
      { head: 'Question', rowHeader: true, cell: (l) => h('code', {}, l) },
      ...all.map((s, i): Column<string> => ({
        head: optionHead(s, i === 0),
        num: true,
        cell: (l) => {
          const e = s.result.summary.events.find((x) => x.label === l);
          return e
            ? [
                h('span', { 'data-col': 'probability' }, pct(e.probability)),
                h('span', { class: 'sub-num' }, `± ${pct(1.96 * e.standard_error, 1)}`),
              ]
            : '–';
        },
      })),
    ],
  });
}

/** What each option changes from the base. */
export function changesList(base: Side, sides: Side[]): HTMLElement {
  const dl = h('dl', { class: 'sbs-changes', id: 'sbs-changes' });
  for (const s of sides) {
    const changes = diffDocs(base.option.doc, s.option.doc).filter((c) => c.path !== 'name');
    dl.append(
      h('dt', {}, optionHead(s, false)),
      h(
        'dd',
        {},
        changes.length
          ? h(
              'ul',
              { class: 'changes' },
              ...changes
                .slice(0, 12)
                .map((c) =>
                  h(
                    'li',
                    {},
                    h('code', {}, c.path),
                    ': ',
                    h('span', { class: 'old' }, c.before),
                    ' → ',
                    h('span', { class: 'new' }, c.after),
                  ),
                ),
              changes.length > 12 ? h('li', {}, `and ${changes.length - 12} more`) : null,
            )
          : 'the same scenario as the base',
      ),
    );
  }
  return dl;
}

// ---- charts ---------------------------------------------------------------------------------

interface Point {
  date: Date;
  option: string;
  p5: number;
  p50: number;
  p95: number;
}

/** A metric's median by week for each option, over the base's 90% band. */
export function optionsChart(
  metric: string,
  all: Side[],
  width: number,
): SVGSVGElement | HTMLElement {
  const info = metricInfo(metric);
  const points = (s: Side): Point[] => {
    const ser = s.result.summary.series[metric];
    if (!ser) return [];
    const v = (x: number | null) => (x === null ? NaN : x);
    return s.result.summary.weeks.map((w, i) => ({
      date: new Date(`${w}T00:00:00Z`),
      option: s.option.name,
      p5: v(ser.p5[i]),
      p50: v(ser.p50[i]),
      p95: v(ser.p95[i]),
    }));
  };
  const base = points(all[0]);
  const marks: Plot.Markish[] = [
    Plot.areaY(base, { x: 'date', y1: 'p5', y2: 'p95', fill: all[0].color, fillOpacity: 0.12 }),
  ];
  all.forEach((s, i) =>
    marks.push(
      Plot.lineY(points(s), {
        x: 'date',
        y: 'p50',
        stroke: s.color,
        strokeWidth: i === 0 ? 1.75 : 2,
        strokeDasharray: i === 0 ? '5,3' : undefined,
      }),
    ),
  );
  const everyone = all.flatMap(points);
  marks.push(
    Plot.tip(
      everyone,
      Plot.pointer({
        x: 'date',
        y: 'p50',
        title: (p: Point) =>
          `${p.option}\nWeek ending ${isoToText(p.date.toISOString().slice(0, 10))}\nMedian: ${formatValue(info, p.p50)}\n90% of runs: ${formatValue(info, p.p5)} to ${formatValue(info, p.p95)}`,
        fontSize: 12,
      }),
    ),
  );
  return Plot.plot({
    width,
    height: 230,
    marginLeft: info.unit === 'gbp' ? 70 : 48,
    marginTop: 14,
    style: {
      fontFamily: FONT,
      fontSize: '12px',
      color: '#1f2933',
      background: 'white',
      overflow: 'visible',
    },
    x: { type: 'utc', label: null },
    y: {
      grid: true,
      label: null,
      nice: true,
      zero: info.unit !== 'rate' && info.unit !== 'ratio',
      domain: info.unit === 'rate' ? [0, 1] : undefined,
      tickFormat:
        info.unit === 'gbp'
          ? (d: number) => gbpCompact(d)
          : info.unit === 'rate'
            ? (d: number) => `${Math.round(d * 100)}%`
            : undefined,
    },
    ariaLabel: `${info.label}: the median by week of ${all.length} options`,
    ariaDescription: all
      .map((s) => {
        const p = points(s).at(-1);
        return `${s.option.name}: ${formatValue(info, p?.p50)} in the last week`;
      })
      .join('; '),
    marks,
  });
}

/** Total spend of each financial year: median and 90% of runs, option by option. */
export function spendChart(all: Side[], width: number): SVGSVGElement | HTMLElement {
  const rows = all.flatMap((s) =>
    s.result.summary.budget
      .filter((r) => r.line === 'total')
      .map((r) => ({
        option: s.option.name,
        fy: r.financial_year,
        p5: Number(r.p5),
        p50: Number(r.p50),
        p95: Number(r.p95),
        budget: r.budget === null ? NaN : Number(r.budget),
      })),
  );
  const names = all.map((s) => s.option.name);
  const years = [...new Set(rows.map((r) => r.fy))];
  return Plot.plot({
    width,
    height: 40 + years.length * (14 + 14 * names.length),
    marginLeft: 64,
    marginRight: 24,
    style: { fontFamily: FONT, fontSize: '12px', color: '#1f2933', background: 'white' },
    x: { grid: true, label: null, tickFormat: (d: number) => gbpCompact(d) },
    y: { axis: null, domain: names },
    fy: { label: null, domain: years, axis: 'left', padding: 0.25 },
    color: { domain: names, range: all.map((s) => s.color) },
    ariaLabel: 'Total spend by financial year: median and 90% of runs for each option',
    ariaDescription: rows.map((r) => `${r.option}, ${r.fy}: median ${gbpNumber(r.p50)}`).join('; '),
    marks: [
      Plot.ruleY(rows, {
        fy: 'fy',
        y: 'option',
        x1: 'p5',
        x2: 'p95',
        stroke: 'option',
        strokeWidth: 2,
      }),
      Plot.dot(rows, { fy: 'fy', y: 'option', x: 'p50', fill: 'option', r: 4 }),
      Plot.tickX(
        rows.filter((r) => Number.isFinite(r.budget)),
        { fy: 'fy', y: 'option', x: 'budget', stroke: '#555', strokeDasharray: '2,2' },
      ),
      Plot.tip(
        rows,
        Plot.pointer({
          fy: 'fy',
          y: 'option',
          x: 'p50',
          title: (r: (typeof rows)[number]) =>
            `${r.option}, ${r.fy}\nMedian ${gbpNumber(r.p50)}\n90% of runs: ${gbpNumber(r.p5)} to ${gbpNumber(r.p95)}${Number.isFinite(r.budget) ? `\nBudget ${gbpNumber(r.budget)}` : ''}`,
        }),
      ),
    ],
  });
}

/** The id of an option chart's figure. */
export const optionsChartId = (metric: string) => `sbs-chart-${slug(metric)}`;
