// The results pane: the last run's provenance, the budget, the questions, the charts by
// section (the base option overlaid, and any chart the user adds), and the downloads.
// Re-rendered as a whole after a run or when the base option's result changes. Options side
// by side are in the Options card above (optionscard.ts).

import { showsObserved } from './charts';
import { chartCard, chartRenders, legend } from './chartcard';
import { $, clear, h, slug } from './dom';
import { workingName } from './header';
import { CHART_SECTIONS, metricInfo, notePlacementTypes } from './layout';
import { placementCharts, placementMetrics } from './placementcharts';
import { downloadsSection } from './reports';
import { budgetTable, eventsList, provenance } from './results';
import { state } from './state';
import type { RunResult } from './types';

/** Show the banner when the scenario differs from the one the results are of. */
export function updateStale() {
  const banner = document.getElementById('stale');
  if (!banner || !state.current) return;
  const stale = JSON.stringify(state.current.doc) !== JSON.stringify(state.doc);
  banner.hidden = !stale;
  const was = state.current.summary.scenario.name;
  $('stale-text').textContent =
    was !== workingName()
      ? `These results are of “${was}”; the working scenario is now “${workingName()}”. `
      : 'You have changed the scenario since this run. ';
}

/** The base option's result to draw under `cur`'s charts, if there is one. */
function baseOf(cur: RunResult): RunResult | undefined {
  return state.baseline && state.baseline !== cur ? state.baseline : undefined;
}

/** Draw the charts again over the base option's result (it came, went or changed). */
export function redrawCharts() {
  const cur = state.current;
  const old = document.getElementById('chart-legend');
  if (!cur || !old) return;
  old.replaceWith(legend(Boolean(baseOf(cur)), showsObserved(cur.summary)));
  chartRenders.forEach((f) => f());
}

/** The results pane for the last run: provenance, comparison, budget, questions, charts. */
export function renderResults() {
  const body = $('results-body');
  clear(body);
  chartRenders.length = 0;
  const cur = state.current;
  if (!cur) return;
  const s = cur.summary;
  notePlacementTypes(s.placement_types);
  const comparing = baseOf(cur);
  body.append(
    h(
      'p',
      { id: 'stale', class: 'warn', hidden: true },
      h('span', { id: 'stale-text' }),
      h(
        'button',
        { type: 'button', class: 'small', id: 'stale-run', onclick: () => $('run').click() },
        'Run it',
      ),
    ),
    provenance(cur),
    h(
      'nav',
      { class: 'in-page', 'aria-label': 'Results sections' },
      document.getElementById('sec-options')
        ? h('a', { href: '#sec-options' }, 'Options side by side')
        : null,
      h('a', { href: '#sec-budget' }, 'Budget'),
      s.events.length || s.campaigns.length
        ? h('a', { href: '#sec-questions' }, 'Questions')
        : null,
      h('a', { href: '#sec-charts' }, 'Charts'),
      h('a', { href: '#sec-downloads' }, 'Downloads'),
    ),
  );
  body.append(
    h(
      'section',
      { id: 'sec-budget', class: 'card', 'aria-labelledby': 'h-budget' },
      h('h2', { id: 'h-budget' }, 'Budget'),
      budgetTable(s),
    ),
  );
  const q = eventsList(s);
  if (q)
    body.append(
      h(
        'section',
        { id: 'sec-questions', class: 'card', 'aria-labelledby': 'h-questions' },
        h('h2', { id: 'h-questions' }, 'Questions'),
        q,
      ),
    );

  // Charts.
  const charts = h(
    'section',
    { id: 'sec-charts', class: 'card', 'aria-labelledby': 'h-charts' },
    h('h2', { id: 'h-charts' }, 'Charts by week'),
  );
  charts.append(legend(Boolean(comparing), showsObserved(s)));
  const sections = CHART_SECTIONS.map((sec) => ({
    ...sec,
    metrics: sec.metrics.filter((m) => s.series[m]),
  }));
  if (state.extraCharts.length)
    sections.push({ title: 'More', metrics: state.extraCharts.filter((m) => s.series[m]) });
  for (const sec of sections) {
    if (!sec.metrics.length) continue;
    const grid = h('div', { class: 'chart-grid' });
    for (const m of sec.metrics) grid.append(chartCard(m, cur, () => baseOf(cur)));
    charts.append(h('h3', {}, sec.title), grid);
  }
  charts.append(...placementCharts(cur, () => baseOf(cur), renderResults));
  const shown = new Set([...sections.flatMap((x) => x.metrics), ...placementMetrics(cur)]);
  const more = h(
    'select',
    { id: 'add-chart' },
    h('option', { value: '' }, 'Choose a metric…'),
    ...Object.keys(s.series)
      .filter((m) => !shown.has(m))
      .map((m) => h('option', { value: m }, `${metricInfo(m).label} (${m})`)),
  );
  more.addEventListener('change', () => {
    if (!more.value) return;
    state.extraCharts.push(more.value);
    renderResults();
    document.getElementById(`chart-${slug(more.value)}`)?.scrollIntoView({ block: 'center' });
  });
  charts.append(
    h('div', { class: 'add-chart' }, h('label', { for: 'add-chart' }, 'Add a chart'), more),
  );
  body.append(charts);

  body.append(downloadsSection(cur));
  updateStale();
  requestAnimationFrame(() => chartRenders.forEach((f) => f()));
}
