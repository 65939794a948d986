// Times a Monte Carlo of a preset in the browser app, in headless Chromium, on a pool of 1
// and of 2 (or more) workers, for scripts/bench. Needs the built site (www/dist).
//
//   node tests/bench.mjs [--runs N] [--repeat K] [--workers 1,2] [--preset NAME] [--seed S]
//
// Opens the app, loads the preset, and for each number of workers warms the pool up (a
// short run on every worker: the module compiled and tiered up), then times the pool's run
// of the preset (from handing it the scenario to the merged summary and its CSVs, as a Run
// in the page) K times. Prints `key value` lines: runs, repeat, and for each number of
// workers W, seconds_W (the fastest) and seconds_each_W.

import { chromium } from 'playwright-core';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './harness.mjs';

const opts = {
  runs: 10000,
  repeat: 3,
  workers: '1,2',
  preset: 'peterborough-2012',
  seed: 20120326,
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts) || argv[i + 1] === undefined) {
    console.error(
      `bad argument ${argv[i]}\nusage: bench.mjs [--runs N] [--repeat K] [--workers 1,2] [--preset NAME] [--seed S]`,
    );
    process.exit(2);
  }
  opts[key] = typeof opts[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
}

const dist = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'dist');
const server = await serve(dist);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`pageerror: ${e.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  await page.selectOption('#preset-select', opts.preset);
  await page.click('#load-preset');
  console.log(`preset ${opts.preset}`);
  console.log(`runs ${opts.runs}`);
  console.log(`repeat ${opts.repeat}`);
  for (const w of String(opts.workers).split(',').map(Number)) {
    const each = [];
    await page.evaluate(
      ([w, seed]) => window.wfsimTest.time(64 * w, String(seed), w),
      [w, opts.seed],
    );
    for (let k = 0; k < Math.max(1, opts.repeat); k++)
      each.push(
        await page.evaluate(
          ([runs, seed, w]) => window.wfsimTest.time(runs, String(seed), w),
          [opts.runs, opts.seed, w],
        ),
      );
    console.log(`seconds_${w} ${(Math.min(...each) / 1000).toFixed(4)}`);
    console.log(`seconds_each_${w} ${each.map((x) => (x / 1000).toFixed(4)).join(',')}`);
  }
} finally {
  await browser.close();
  server.close();
}
