// The steady-state panel (`wfsim check` in the browser): under the validation list, where
// each stock's flows settle beside where it starts, and a warning with its cost for each
// stock that would drift for no reason the scenario gives.

import { $, clear, h } from './dom';

export interface SteadyLevel {
  key: string;
  label: string;
  now: number;
  settles: number;
  inflow_per_week: number;
  mean_weeks: number | null;
  annual_spend_change: string | null;
}

export interface SteadyQueue {
  key: string;
  label: string;
  now: number;
  settles: number | null;
  arrivals_per_week: number;
}

export interface SteadyState {
  levels: SteadyLevel[];
  queues: SteadyQueue[];
  capacity: {
    holding_hours: number;
    assessment_hours: number;
    available_hours: number;
    utilisation: number;
  };
  warnings: { key: string; message: string; annual_spend_change: string | null }[];
  threshold_share: number;
  threshold_min: number;
}

/** The panel's box, made once after the problems list (the page skeleton has none). */
function box(): HTMLElement {
  let el = document.getElementById('steady');
  if (!el) {
    el = h('details', { id: 'steady', class: 'steady' });
    $('problems').after(el);
  }
  return el;
}

const whole = (x: number) => Math.round(x).toLocaleString('en-GB');

/** Show the steady state once `pending` resolves (nothing for an invalid scenario), unless
 * `current()` says a newer check has started since. */
export function showSteady(pending: Promise<SteadyState> | undefined, current: () => boolean) {
  if (!pending) {
    clear(box());
    return;
  }
  pending.then((s) => current() && render(s)).catch(() => current() && clear(box()));
}

function render(s: SteadyState) {
  const el = box();
  const open = el.hasAttribute('open');
  clear(el);
  el.className = s.warnings.length ? 'steady warn' : 'steady';
  const title = s.warnings.length
    ? `Steady state: ${s.warnings.length} stock${s.warnings.length > 1 ? 's' : ''} would drift`
    : 'Steady state: no stock drifts';
  const rows = [
    ...s.levels.map((l) =>
      h('tr', {}, h('td', {}, l.label), h('td', {}, whole(l.now)), h('td', {}, whole(l.settles))),
    ),
    ...s.queues.map((q) =>
      h(
        'tr',
        {},
        h('td', {}, `${q.label} outstanding`),
        h('td', {}, whole(q.now)),
        h('td', {}, q.settles === null ? 'grows' : whole(q.settles)),
      ),
    ),
  ];
  const c = s.capacity;
  el.append(
    h('summary', {}, title),
    ...s.warnings.map((w) => h('p', { class: 'steady-warning' }, w.message)),
    ...(s.warnings.length
      ? []
      : [
          h(
            'p',
            { class: 'steady-ok' },
            `No drift: open cases and each placement type start within ` +
              `${whole(s.threshold_share * 100)}% (or ${whole(s.threshold_min)}) of the level their ` +
              `flows sustain. Backlogs and staff are shown, not warned: a backlog clears once hours ` +
              `suffice, and staffing follows the recruitment plan.`,
          ),
        ]),
    h(
      'table',
      {},
      h('tr', {}, h('th', {}, 'Stock'), h('th', {}, 'Now'), h('th', {}, 'Flows sustain')),
      rows,
    ),
    h(
      'p',
      {},
      `Hours a week: holding ${whole(c.holding_hours)} + assessments ${whole(c.assessment_hours)} ` +
        `of ${whole(c.available_hours)} available (${whole(c.utilisation * 100)}% used). ` +
        `A stock drifts when it starts more than ${whole(s.threshold_share * 100)}% ` +
        `(and ${whole(s.threshold_min)}) away from the level its flows sustain.`,
    ),
  );
  if (open || s.warnings.length) el.setAttribute('open', '');
}
