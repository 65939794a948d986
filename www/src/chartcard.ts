// A chart as the results show it: the fan chart in a figure with its title, SVG and PNG
// downloads, and its values as a table on request; the legend above the charts; and
// redrawing at the new width when the results pane is resized.

import { CHART_COLORS, OBSERVED_SOURCE, chartTable, fanChart } from './charts';
import { $, clear, h, slug } from './dom';
import { downloadBlob, downloadText, fileStem, standaloneSvg, svgToPng } from './download';
import { int } from './format';
import { metricInfo } from './layout';
import { notify } from './notice';
import type { RunResult } from './types';

/** How to draw each chart now on the page, in page order (charts are drawn once laid out). */
export const chartRenders: (() => void)[] = [];

export function legend(comparing: boolean, observed: boolean): HTMLElement {
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
    { class: 'legend', id: 'chart-legend' },
    swatch(CHART_COLORS.variant, 1, comparing ? 'This run: median' : 'Median'),
    swatch(CHART_COLORS.variant, 0.45, 'middle 50% of runs'),
    swatch(CHART_COLORS.variant, 0.2, '90% of runs'),
    comparing
      ? swatch(CHART_COLORS.baseline, 1, 'Base option: median and 90% of runs', true)
      : null,
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

/** A chart of `metric` from `cur`, over the base option's result if `base()` gives one when drawn. */
export function chartCard(
  metric: string,
  cur: RunResult,
  base: () => RunResult | undefined = () => undefined,
): HTMLElement {
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
  const svgText = () => {
    const baseline = base();
    const footer = `wfsim ${s.engine_version} · ${s.scenario.name} (hash ${s.scenario.hash}) · ${int(s.runs)} runs · seed ${s.seed}${baseline ? ` · base ${baseline.summary.scenario.name} (hash ${baseline.summary.scenario.hash})` : ''}`;
    const subtitle = `${info.help ? `${info.help}. ` : ''}Median, middle 50% and 90% of runs${baseline ? '; dashed: the base option' : ''}.`;
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
      values.append(chartTable(metric, cur.summary, base()?.summary));
  });
  fig.append(h('div', { class: 'chart-foot' }, tools, values));
  const draw = () => {
    const width = Math.max(280, Math.floor(plot.clientWidth || 480));
    clear(plot);
    plot.append(fanChart({ metric, summary: cur.summary, baseline: base()?.summary, width }));
    plot.dataset.width = String(width);
  };
  chartRenders.push(draw);
  return fig;
}

let resizeTimer: number | undefined;
/** Redraw the charts whose width changed by more than a few pixels. */
export function watchResize() {
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
