// End-to-end tests of the decision analyses on the worker pool, and of the Optimise tab.
//
//   node tests/e2e-pool.mjs       (from www/, after scripts/build-web)
//
// A sensitivity (tornado) and a calibration split over 1, 2 and 3 workers must give the
// command-line tool's JSON byte for byte; their progress counts across the pool, Cancel stops
// them, and a worker killed mid-share is replaced without changing the result. The Optimise
// tab runs a small search to the plan `wfsim optimise` chooses.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assert, eq, test } from './harness.mjs';
import { cli, expectingErrors, finish, firstDifference, openApp, valid, www } from './app.mjs';

const SEED = '20120326';
const OBSERVED = resolve(www, '..', 'scenarios', 'peterborough-2012-observed.csv');

const { page } = await openApp();
await page.selectOption('#preset-select', 'peterborough-2012');
await page.click('#load-preset');
await valid(page);
await page.fill('#seed', SEED);

/** The CLI's JSON text of an analysis (it ends with one newline more than the page's). */
const cliJson = (...args) =>
  cli(...args, '--preset', 'peterborough-2012', '--seed', SEED, '--quiet', '--json', '-').replace(
    /\n$/,
    '',
  );

async function setWorkers(w) {
  await page.fill('#workers', String(w));
  eq(await page.evaluate(() => window.wfsimTest.workers()), w, 'pool size from the field');
}

/** Click an analysis's run button, wait for it to finish, and return its JSON text. */
async function analyse(button, status) {
  await page.click(button);
  // The click starts the job at once (a progress bar in the status) and the bar goes when
  // it ends.
  await page.waitForFunction((s) => !document.querySelector(`${s} progress`), status, {
    timeout: 300000,
  });
  const said = await page.locator(status).innerText();
  assert(/Done in/.test(said), `${button}: ${said}`);
  return page.evaluate(() => window.wfsimTest.analysisText());
}

async function sensitivityForm(metric, date, runs) {
  await page.locator('#analysis').scrollIntoViewIfNeeded();
  await page.click('#an-tab-sensitivity');
  await page.waitForFunction(
    () => document.querySelectorAll('#sens-metric option').length > 5,
    null,
    {
      timeout: 20000,
    },
  );
  await page.selectOption('#sens-metric', metric);
  await page.fill('#sens-date', date);
  await page.fill('#sens-runs', String(runs));
}

await test('a tornado on 1, 2 and 3 workers gives the command-line tool’s JSON byte for byte', async () => {
  const expected = cliJson(
    'sensitivity',
    '--metric',
    'ia_backlog',
    '--at',
    '2012-03-14',
    '--runs',
    '24',
  );
  await sensitivityForm('ia_backlog', '2012-03-14', 24);
  for (const w of [1, 2, 3]) {
    await setWorkers(w);
    const text = await analyse('#sens-run', '#sens-status');
    assert(text === expected, `sensitivity on ${w} workers: ${firstDifference(text, expected)}`);
  }
  assert((await page.locator('#tornado-table tbody tr').count()) >= 2, 'the tornado is drawn');
});

await test('a calibration on 1, 2 and 3 workers gives the command-line tool’s JSON byte for byte', async () => {
  const fit = ['workforce.turnover', 'assessment.core.transfer_delay_days'];
  const expected = cliJson(
    'calibrate',
    '--observed',
    OBSERVED,
    '--fit',
    fit.join(','),
    '--runs',
    '300',
    '--accept',
    '0.1',
  );
  await page.click('#an-tab-calibration');
  await page.click('#cal-example');
  await page.selectOption('#cal-params', fit);
  await page.fill('#cal-draws', '300');
  await page.fill('#cal-accept', '0.1');
  for (const w of [1, 2, 3]) {
    await setWorkers(w);
    const text = await analyse('#cal-run', '#cal-status');
    assert(text === expected, `calibration on ${w} workers: ${firstDifference(text, expected)}`);
  }
  eq(await page.locator('#cal-params-table tbody tr').count(), fit.length, 'fitted rows shown');
});

await test('a tornado’s progress counts across the pool, and Cancel stops every worker', async () => {
  await setWorkers(2);
  await sensitivityForm('ia_backlog', '2012-03-14', 2000);
  await page.click('#sens-run');
  // Progress from both workers' shares, out of all the paired runs.
  await page.waitForFunction(
    () => {
      const bar = document.querySelector('#sens-status progress');
      return bar && Number(bar.max) === 2000 && Number(bar.value) > 0;
    },
    null,
    { timeout: 120000 },
  );
  await page.click('#sens-status button:has-text("Cancel")');
  await page.waitForFunction(
    () => /Cancelled/.test(document.querySelector('#sens-status').textContent),
    null,
    {
      timeout: 20000,
    },
  );
  // The pool is whole again: a small tornado still matches the tool.
  const expected = cliJson(
    'sensitivity',
    '--metric',
    'ia_backlog',
    '--at',
    '2012-06-01',
    '--runs',
    '8',
  );
  await sensitivityForm('ia_backlog', '2012-06-01', 8);
  const text = await analyse('#sens-run', '#sens-status');
  assert(text === expected, `after cancel: ${firstDifference(text, expected)}`);
});

await test('a worker killed mid-tornado is replaced and the tornado is the same', async () => {
  await setWorkers(3);
  const expected = cliJson(
    'sensitivity',
    '--metric',
    'ia_backlog',
    '--at',
    '2012-03-14',
    '--runs',
    '150',
  );
  await sensitivityForm('ia_backlog', '2012-03-14', 150);
  expectingErrors(true);
  await page.click('#sens-run');
  await page.waitForFunction(
    () => Number(document.querySelector('#sens-status progress')?.value) > 0,
    null,
    { timeout: 120000 },
  );
  await page.evaluate(() => window.wfsimTest.killWorker(1));
  await page.waitForFunction(() => !document.querySelector('#sens-status progress'), null, {
    timeout: 300000,
  });
  expectingErrors(false);
  const text = await page.evaluate(() => window.wfsimTest.analysisText());
  assert(text === expected, `after the crash: ${firstDifference(text, expected)}`);
});

await test('the Optimise tab runs a small search to the plan wfsim optimise chooses', async () => {
  // 2 x 3 plans, 40 runs each at full precision, racing from 10.
  const spec = `[optimise]
runs = 40
first_runs = 10
confidence = 0.95

[[optimise.variables]]
path = "workforce.establishment"
values = [73, 81]

[[optimise.variables]]
path = "pods[0].social_workers"
values = [4, 8, 12]

[[optimise.constraints]]
name = "caseload per worker at most 20 in every week from June 2012"
metric = "caseload_per_worker"
op = "<="
value = 20
aggregate = "every_week"
from = "2012-06-01"
probability = 0.5

[optimise.objective]
minimise = "expected_spend"
years = ["2012-13"]
lines = ["permanent_staffing", "agency_staffing", "peripatetic_pods"]
`;
  const dir = mkdtempSync(join(tmpdir(), 'wfsim-e2e-'));
  writeFileSync(join(dir, 'spec.toml'), spec);
  const r = JSON.parse(cliJson('optimise', '--spec', join(dir, 'spec.toml')));
  assert(r.chosen, 'the tool chooses a plan');
  await page.locator('#optimise').scrollIntoViewIfNeeded();
  await page.fill('#opt-spec', spec);
  await page.click('#opt-run');
  await page.waitForFunction(
    () =>
      /Done in|Cancelled|bad/.test(
        document.querySelector('#opt-status').textContent +
          document.querySelector('#opt-status').className,
      ),
    null,
    {
      timeout: 300000,
    },
  );
  const status = await page.locator('#opt-status').innerText();
  assert(/Done in/.test(status), `optimise status: ${status}`);
  const out = await page.locator('#opt-output').innerText();
  const plan = r.chosen.plan.map((s) => `${s.path} = ${JSON.stringify(s.value)}`).join(', ');
  assert(
    out.includes(
      `Chosen plan: £${Math.round(Number(r.chosen.expected_spend)).toLocaleString('en-GB')} expected`,
    ),
    `chosen spend as the tool's: ${out.slice(0, 300)}`,
  );
  assert(out.includes(plan), `chosen plan as the tool's (${plan})`);
  const used = r.runs_used;
  assert(
    out.includes(
      `${used.search + used.frontier + used.current_plan} runs used, against ${used.exhaustive_grid}`,
    ),
    'runs used as the tool’s',
  );
  assert((await page.locator('#opt-output img.opt-frontier').count()) === 1, 'the frontier chart');
});

await finish();
