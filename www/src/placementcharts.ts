// Fan charts by placement type: the children looked after in the type chosen and the week's
// spend on it. Types are the scenario's (the summary's placement_types), so the charts are
// picked with a select rather than listed in CHART_SECTIONS.

import { chartCard } from './chartcard';
import { h } from './dom';
import { FAMILY_TABLE } from './metrics.gen';
import { state } from './state';
import type { RunResult } from './types';

/** The key of the type shown: the one chosen, if this run has it, else the first. */
function chosenType(cur: RunResult): string | undefined {
  const types = cur.summary.placement_types ?? [];
  return types.find((t) => t.key === state.placementType)?.key ?? types[0]?.key;
}

/** The series of the type shown, one per family (`looked_after.<key>`, `placement_spend.<key>`). */
export function placementMetrics(cur: RunResult): string[] {
  const key = chosenType(cur);
  if (!key) return [];
  return FAMILY_TABLE.map((f) => `${f.prefix}.${key}`).filter((m) => cur.summary.series[m]);
}

/** The heading, the type's select and its charts; `redraw` renders the pane again. */
export function placementCharts(
  cur: RunResult,
  base: () => RunResult | undefined,
  redraw: () => void,
): HTMLElement[] {
  const metrics = placementMetrics(cur);
  if (!metrics.length) return [];
  const select = h(
    'select',
    { id: 'placement-type' },
    ...cur.summary.placement_types.map((t) => h('option', { value: t.key }, t.name)),
  );
  select.value = chosenType(cur) ?? '';
  select.addEventListener('change', () => {
    state.placementType = select.value;
    redraw();
    document.getElementById('placement-type')?.focus();
  });
  const grid = h('div', { class: 'chart-grid' });
  for (const m of metrics) grid.append(chartCard(m, cur, base));
  return [
    h('h3', {}, 'By placement type'),
    h(
      'div',
      { class: 'add-chart' },
      h('label', { for: 'placement-type' }, 'Placement type'),
      select,
    ),
    grid,
  ];
}
