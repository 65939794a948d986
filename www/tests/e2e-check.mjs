// Browser test of the steady-state panel (www/src/check.ts), in headless Chromium:
//
//   node tests/e2e-check.mjs      (from www/, after `bash scripts/build-web`; set-up in app.mjs)
//
// The shipped preset shows "No drift"; the previous preset, opened from its file
// (tests/data/peterborough-2012-drifting.toml), shows the residential placements warning with
// the money it means, as `wfsim check` prints it.

import { resolve } from 'node:path';
import { www, openApp, finish } from './app.mjs';
import { assert, test } from './harness.mjs';

const DRIFTING = resolve(www, '..', 'tests', 'data', 'peterborough-2012-drifting.toml');
const { page } = await openApp();

/** The panel's text once it is drawn with (`warn`) or without warnings. */
async function panel(warn) {
  await page.waitForFunction(
    (w) => {
      const el = document.querySelector('#steady');
      return el && el.querySelector('summary') && el.classList.contains('warn') === w;
    },
    warn,
    { timeout: 30000 },
  );
  // textContent: a closed panel (no warning) shows only its title to innerText.
  return page.locator('#steady').textContent();
}

await test('the shipped preset shows no drift', async () => {
  const text = await panel(false);
  assert(text.includes('Steady state: no stock drifts'), `panel title: ${text.slice(0, 200)}`);
  assert(
    /No drift: open cases and each placement type start within 25% \(or 5\) of the level their flows sustain\./.test(
      text,
    ),
    `no-drift line: ${text}`,
  );
  assert(text.includes('residential placements'), 'the table lists the placement types');
});

await test('the drifting preset warns about residential placements, with the money', async () => {
  await page.setInputFiles('#file-input', DRIFTING);
  const text = await panel(true);
  assert(/Steady state: \d+ stocks? would drift/.test(text), `panel title: ${text.slice(0, 200)}`);
  const warnings = await page.locator('#steady .steady-warning').allInnerTexts();
  const residential = warnings.find((w) => w.startsWith('Residential placements'));
  assert(residential, `a residential warning among: ${warnings.join(' | ')}`);
  assert(
    /^Residential placements: 36 now, the flows sustain about 17; spend on this line falls by about £2\.9m a year unless entries or stays change/.test(
      residential,
    ),
    `residential warning: ${residential}`,
  );
  assert(
    warnings.some((w) => w.startsWith('Open cases: 600 now')),
    `an open-cases warning among: ${warnings.join(' | ')}`,
  );
  assert(!text.includes('No drift'), 'no "No drift" line beside warnings');
  assert(await page.locator('#steady').evaluate((el) => el.open), 'the panel opens on warnings');
});

await finish();
