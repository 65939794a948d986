// The results pane: the last run's provenance, the comparison with a kept baseline, the
// budget, the questions, the charts by section (and any the user adds), and the downloads.
// Re-rendered as a whole after a run or when the baseline changes.

import { showsObserved } from './charts';
import { chartCard, chartRenders, legend } from './chartcard';
import { $, clear, h, slug } from './dom';
import { int } from './format';
import { workingName } from './header';
import { CHART_SECTIONS, metricInfo } from './layout';
import { showPaired } from './paired';
import { downloadsSection } from './reports';
import { budgetTable, compareTables, eventsList, provenance } from './results';
import { analyst, state } from './state';

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

/** The line under the run settings naming the kept baseline, and its Clear button. */
export function updateBaselineInfo() {
  const info = $('baseline-info');
  const b = state.baseline;
  info.hidden = !b;
  $('clear-baseline').hidden = !b;
  if (b)
    info.textContent = `Baseline kept: ${b.summary.scenario.name} (hash ${b.summary.scenario.hash}), ${int(b.summary.runs)} runs, seed ${b.summary.seed}. Edit the scenario and run again with the same seed to compare.`;
}

/** The results pane for the last run: provenance, comparison, budget, questions, charts. */
export function renderResults() {
  const body = $('results-body');
  clear(body);
  chartRenders.length = 0;
  const cur = state.current;
  if (!cur) return;
  const s = cur.summary;
  const comparing = state.baseline && state.baseline !== cur ? state.baseline : undefined;
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
      comparing ? h('a', { href: '#sec-compare' }, 'Comparison') : null,
      h('a', { href: '#sec-budget' }, 'Budget'),
      s.events.length || s.campaigns.length
        ? h('a', { href: '#sec-questions' }, 'Questions')
        : null,
      h('a', { href: '#sec-charts' }, 'Charts'),
      h('a', { href: '#sec-downloads' }, 'Downloads'),
    ),
  );
  if (comparing) {
    const paired = h(
      'div',
      { id: 'paired-compare' },
      h('h3', {}, 'Paired differences (same runs and seed)'),
    );
    body.append(
      h(
        'section',
        { id: 'sec-compare', class: 'card', 'aria-labelledby': 'h-compare' },
        h('h2', { id: 'h-compare' }, 'Comparison with the baseline'),
        paired,
        compareTables(comparing, cur),
      ),
    );
    void showPaired(paired, comparing, cur, analyst);
  }
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
    for (const m of sec.metrics) grid.append(chartCard(m, cur, comparing));
    charts.append(h('h3', {}, sec.title), grid);
  }
  const shown = new Set(sections.flatMap((x) => x.metrics));
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
