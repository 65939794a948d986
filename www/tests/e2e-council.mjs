// End-to-end tests of "Start from your council" (council.ts), the example line, moving a
// scenario in time, and source notes that follow the value.
//
//   node tests/e2e-council.mjs    (from www/, after scripts/build-web)
//
// One story on one page: choose a council, get a bad figure's error with the entries kept,
// derive, run to the budget table, then edit a derived value and move the start date.

import { assert, eq, test } from './harness.mjs';
import { finish, openApp, runTo, shots, valid } from './app.mjs';
import { join } from 'node:path';

const { page } = await openApp();

const noteOf = (path) => page.locator(`p.note[data-note="${path}"]`).textContent();

await test('the app says the loaded scenario is an example, and the about text cites the data', async () => {
  const line = await page.locator('#example-line').innerText();
  assert(/is an example/.test(line) && /start from your council/.test(line), line);
  const about = await page.locator('#about').textContent();
  assert(
    about.includes('Open Government Licence v3.0') && about.includes('Department for Education'),
    about,
  );
});

await test('choosing a council fills in its published figures with their sources', async () => {
  await page.click('#example-start');
  await page.fill('#council-search', 'Rutland');
  await page.locator('#council-search').dispatchEvent('input');
  eq(
    await page.locator('#council-year option').first().getAttribute('value'),
    '2024',
    'latest year first',
  );
  await page.click('#council-load');
  await page.waitForSelector('#cf-social_workers_fte');
  assert(Number(await page.inputValue('#cf-social_workers_fte')) > 0, 'in post filled in');
  const src = await page.locator('#cf-social_workers_fte-source').innerText();
  assert(src.startsWith('Source: [W] DfE'), src);
  eq(await page.inputValue('#cf-cost_residential'), '', 'no published unit cost');
});

let turnover = '';
await test('a bad figure gets its error in the user’s words, and the entries are kept', async () => {
  turnover = await page.inputValue('#cf-turnover');
  await page.fill('#cf-cost_residential', '£5,200');
  await page.fill('#cf-turnover', '140%');
  eq(await page.locator('#cf-turnover-source').innerText(), 'Set by user', 'edited value marked');
  await page.click('#council-derive');
  await page.waitForSelector('#council-problem-list');
  const err = await page.locator('#cf-turnover-error').innerText();
  eq(err, '140% is not a rate between 0% and 100%', 'field error');
  eq(await page.inputValue('#cf-turnover'), '140%', 'the bad entry is kept');
  eq(await page.inputValue('#cf-cost_residential'), '£5,200', 'the other entry is kept');
  await page.screenshot({ path: join(shots, 'council-error.png') });
});

await test('deriving puts the scenario in the editor with each value’s derivation', async () => {
  await page.fill('#cf-turnover', turnover);
  eq(
    (await page.locator('#cf-turnover-source').innerText()).startsWith('Source:'),
    true,
    'back to the source',
  );
  await page.click('#council-derive');
  await page.waitForFunction(
    () => document.querySelector('#working-name')?.textContent === 'rutland',
  );
  await valid(page);
  assert(await page.locator('#council-panel').isHidden(), 'panel closed');
  assert(await page.locator('#example-line').isHidden(), 'no example line for your own scenario');
  const est = await noteOf('workforce.establishment');
  assert(est.startsWith('Source: derived:'), est);
  const cost = await noteOf('looked_after.placements[2].weekly_cost');
  eq(cost, 'Source: set by user', 'the residential cost typed in');
});

await test('the derived scenario runs to a budget table', async () => {
  await runTo(page, 100, 1);
  const rows = await page.locator('#budget-table tbody tr[data-line]').count();
  assert(rows >= 4, `budget rows (${rows})`);
  await page.screenshot({ path: join(shots, 'council-run.png') });
});

await test('an edited value is marked set by user in the form', async () => {
  const input = page.locator('.field[data-path="workforce.establishment"] input').first();
  const before = await input.inputValue();
  await input.fill(String(Number(before) + 3));
  await input.press('Tab');
  const note = await noteOf('workforce.establishment');
  assert(note.startsWith(`Set by user (the source gave ${before}: derived:`), note);
});

await test('a new start date offers to move every dated item by the same amount', async () => {
  const start = page.locator('.field[data-path="start"] input').first();
  const end = page.locator('.field[data-path="end"] input').first();
  eq(await start.inputValue(), '2024-10-01', 'start');
  eq(await end.inputValue(), '2027-03-31', 'end');
  await start.focus();
  await start.fill('2025-10-01');
  await start.press('Tab');
  await page.waitForSelector('#shift-dated');
  await page.click('#shift-dated');
  await page.waitForFunction(() =>
    /Moved every date and budget year by 1 year/.test(
      document.querySelector('#notice')?.textContent ?? '',
    ),
  );
  await valid(page);
  eq(
    await page.locator('.field[data-path="end"] input').first().inputValue(),
    '2028-03-31',
    'end moved',
  );
  const budget = await page.locator('#form').innerText();
  assert(budget.includes('2027-28') && !budget.includes('2024-25'), 'budget years moved');
});

await finish();
