// Browser test of the per-placement-type charts (www/src/placementcharts.ts), in headless
// Chromium:
//
//   node tests/e2e-placement.mjs  (from www/, after `bash scripts/build-web`)
//
// After a run of the preset, the "By placement type" select offers each of its types, shows
// fan charts of the chosen type's children and weekly spend, and the summary's per-type
// series add up to the looked-after total.

import { openApp, finish } from './app.mjs';
import { assert, eq, test } from './harness.mjs';

const { page } = await openApp();

await test('a run shows the children and spend of the placement type chosen', async () => {
  await page.fill('#runs', '200');
  await page.waitForFunction(() => !document.querySelector('#run').disabled, null, {
    timeout: 20000,
  });
  await page.click('#run');
  await page.waitForSelector('#placement-type', { timeout: 180000 });
  const options = await page.locator('#placement-type option').allInnerTexts();
  eq(options.length, 4, `types offered: ${options.join(' | ')}`);
  eq(options[2], 'residential', 'the third type');
  const titles = () => page.locator('figure.chart[data-metric*="."] .chart-title').allInnerTexts();
  let shown = await titles();
  eq(
    shown.join(' | '),
    'Looked-after children: in-house fostering | Placement spend: in-house fostering',
    'first type',
  );
  await page.selectOption('#placement-type', 'residential');
  await page.waitForSelector('figure.chart[data-metric="placement_spend.residential"] svg', {
    timeout: 20000,
  });
  shown = await titles();
  eq(
    shown.join(' | '),
    'Looked-after children: residential | Placement spend: residential',
    'residential',
  );
  eq(await page.inputValue('#placement-type'), 'residential', 'the choice is kept');
});

await test('the per-type series add up to the looked-after total', async () => {
  const s = JSON.parse(await page.evaluate(() => window.wfsimTest.state().summaryText));
  const keys = s.placement_types.map((t) => t.key);
  eq(keys[2], 'residential', 'keys');
  for (let w = 0; w < s.weeks.length; w += 13) {
    // Means are linear: the types' means add up to the total's (each to 4 decimals).
    const sum = keys.reduce((a, k) => a + s.series[`looked_after.${k}`].mean[w], 0);
    assert(
      Math.abs(sum - s.series.lac.mean[w]) < 1e-3,
      `week ${w}: ${sum} vs ${s.series.lac.mean[w]}`,
    );
  }
});

await finish();
