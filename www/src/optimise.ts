// The Optimise tab: the cheapest plan that meets chance constraints, and the cost-service
// frontier (as `wfsim optimise`), on the working scenario, in the analysis worker, with a
// progress bar and a cancel button. Self-contained: main.ts mounts it after the analysis
// panel.

import { h } from './dom';
import type { EngineError, EngineWorker } from './engine';

export interface OptimiseHost {
  worker: EngineWorker;
  /** The working scenario as JSON text, or undefined while it has problems. */
  scenarioText(): string | undefined;
  seed(): string;
}

/** A small version of scenarios/peterborough-2012-optimise.toml: 84 plans, 200 runs each. */
const EXAMPLE = `[optimise]
runs = 200
first_runs = 25
confidence = 0.95

[[optimise.variables]]
path = "workforce.establishment"
min = 69
max = 93
step = 4

[[optimise.variables]]
path = "pods[0].social_workers"
values = [4, 8, 12]

[[optimise.variables]]
path = "pods[0].end"
values = ["2012-03-16", "2012-05-11", "2012-07-13", "2012-10-12"]

[[optimise.constraints]]
name = "caseload per worker at most 18 in every week from June 2012"
metric = "caseload_per_worker"
op = "<="
value = 18
aggregate = "every_week"
from = "2012-06-01"
probability = 0.8

[[optimise.constraints]]
name = "initial assessments on time at least 85% over 2012-13"
metric = "ia_on_time_rate"
op = ">="
value = 0.85
aggregate = "mean"
over = "2012-13"
probability = 0.9

[optimise.objective]
minimise = "expected_spend"
years = ["2012-13", "2013-14"]
lines = ["permanent_staffing", "agency_staffing", "peripatetic_pods", "recruitment", "early_help"]
`;

interface Plan {
  plan: { path: string; value: unknown }[];
  expected_spend: string;
  p_all: number;
  p_all_se: number;
  runs: number;
  constraints: {
    constraint: string;
    required: number;
    probability: number;
    standard_error: number;
  }[];
}

interface Result {
  objective: string;
  chosen: Plan | null;
  current: Plan;
  candidates: unknown[];
  runs_used: { search: number; frontier: number; current_plan: number; exhaustive_grid: number };
  frontier: {
    plan: string[];
    expected_spend: number;
    p_all: number;
    p_all_se: number;
    runs: number;
    current: boolean;
    chosen: boolean;
  }[];
  frontier_svg: string;
}

const gbp = (x: number | string) =>
  `£${Math.round(Number(x)).toLocaleString('en-GB', { maximumFractionDigits: 0 })}`;
const pct = (p: number, se: number) => `${(p * 100).toFixed(1)}% ± ${(se * 100).toFixed(1)}`;
const planText = (p: Plan) =>
  p.plan.map((s) => `${s.path} = ${JSON.stringify(s.value)}`).join(', ');

function table(header: string[], rows: string[][]): HTMLElement {
  return h(
    'table',
    { class: 'data' },
    h('thead', {}, h('tr', {}, ...header.map((c) => h('th', {}, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

function render(out: HTMLElement, r: Result) {
  out.replaceChildren();
  const summary = (label: string, p: Plan) =>
    h(
      'div',
      {},
      h(
        'h3',
        {},
        `${label}: ${gbp(p.expected_spend)} expected, ${pct(p.p_all, p.p_all_se)} chance every target is met`,
      ),
      h('p', { class: 'help' }, planText(p)),
      table(
        ['Target', 'Required', 'Chance'],
        p.constraints.map((c) => [
          c.constraint,
          `${(c.required * 100).toFixed(0)}%`,
          pct(c.probability, c.standard_error),
        ]),
      ),
    );
  out.append(h('p', {}, r.objective));
  out.append(
    r.chosen ? summary('Chosen plan', r.chosen) : h('p', {}, 'No plan meets every target.'),
  );
  out.append(summary('Current plan', r.current));
  const u = r.runs_used;
  out.append(
    h(
      'p',
      { class: 'help' },
      `${r.candidates.length} plans; ${u.search + u.frontier + u.current_plan} runs used, against ${u.exhaustive_grid} for every plan at full precision.`,
    ),
  );
  out.append(
    h('img', {
      class: 'opt-frontier',
      alt: 'Cost-service frontier: expected spend against the chance every target is met',
      src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(r.frontier_svg)}`,
    }),
  );
  out.append(
    table(
      ['Expected spend', 'P(all targets)', 'Runs', 'Plan', ''],
      r.frontier.map((f) => [
        gbp(f.expected_spend),
        pct(f.p_all, f.p_all_se),
        String(f.runs),
        f.plan.join(', '),
        [f.chosen ? 'chosen' : '', f.current ? 'current' : ''].filter(Boolean).join(', '),
      ]),
    ),
  );
}

/** Builds the tab and puts it after `after`. */
export function mountOptimise(after: HTMLElement, host: OptimiseHost) {
  const spec = h('textarea', {
    id: 'opt-spec',
    rows: 14,
    spellcheck: 'false',
    class: 'code',
    'aria-label': 'The [optimise] block (TOML)',
  });
  spec.value = EXAMPLE;
  const status = h('div', { id: 'opt-status', class: 'run-message', 'aria-live': 'polite' });
  const out = h('div', { id: 'opt-output' });
  let busy = false;
  const go = async () => {
    if (busy) return;
    const text = host.scenarioText();
    if (!text) {
      status.className = 'run-message bad';
      status.textContent = 'Fix the scenario’s problems first.';
      return;
    }
    busy = true;
    const t0 = performance.now();
    const bar = h('progress', { class: 'an-progress' });
    const label = h('span', {}, 'Optimising…');
    const cancel = h(
      'button',
      { type: 'button', class: 'small', onclick: () => host.worker.cancel() },
      'Cancel',
    );
    status.className = 'run-message';
    status.replaceChildren(bar, ' ', label, ' ', cancel);
    try {
      const json = await host.worker.optimise(text, spec.value, host.seed(), (d, t) => {
        bar.max = t;
        bar.value = d;
        label.textContent = `Optimising… ${d} of at most ${t} runs`;
      });
      render(out, JSON.parse(json) as Result);
      status.textContent = `Done in ${((performance.now() - t0) / 1000).toFixed(1)} s.`;
    } catch (e) {
      const err = e as EngineError;
      status.className = `run-message ${err.cancelled ? '' : 'bad'}`;
      const problems = err.problems?.map((p) => `${p.path}: ${p.message}`).join('\n');
      status.textContent = err.cancelled ? 'Cancelled.' : (problems ?? err.message);
    } finally {
      busy = false;
    }
  };
  const root = h(
    'section',
    { id: 'optimise', class: 'panel', 'aria-labelledby': 'h-optimise' },
    h('h2', { id: 'h-optimise' }, 'Optimise'),
    h(
      'p',
      { class: 'help' },
      'The cheapest plan meeting chance constraints, and the cost-service frontier (as wfsim optimise), on the working scenario; the seed is the one above. Edit the [optimise] block below.',
    ),
    spec,
    h(
      'p',
      {},
      h('button', { type: 'button', id: 'opt-run', onclick: () => void go() }, 'Optimise'),
    ),
    status,
    out,
  );
  after.after(root);
}
