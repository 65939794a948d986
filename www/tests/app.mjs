// The shared set-up of every end-to-end test file (e2e*.mjs): the built site served on a free
// port, headless Chromium, a page that records every request, CSP block and console error,
// the helpers that wait for the app (ready, valid, runTo) and the native CLI to compare with.
// `finish()` runs the closing checks every file needs (nothing left the origin, no console
// errors), closes everything and exits with the number of failures.

import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { assert, eq, results, serve, test } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const www = resolve(here, '..');
export const dist = join(www, 'dist');
export const shots = join(www, 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CLI = resolve(www, '..', 'target', 'release', 'wfsim');

/** Run the native CLI (built first if missing) and return its stdout. */
export function cli(...args) {
  if (!existsSync(CLI)) {
    const b = spawnSync('cargo', ['build', '--release', '--bin', 'wfsim'], {
      cwd: resolve(www, '..'),
      stdio: 'inherit',
    });
    if (b.status !== 0) throw new Error('cargo build --release failed');
  }
  const r = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`wfsim ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The native CLI's summary JSON (it prints one newline more than the page's). */
export function cliSummary(...args) {
  return cli(...args, '--json', '-').replace(/\n$/, '');
}

/** Where two long texts first differ, for a failure message. */
export function firstDifference(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((line, k) => line !== y[k]);
  return `${a.length} vs ${b.length} bytes; line ${i + 1}: ${x[i]} | ${y[i]}`;
}

export const server = await serve(dist);
export const origin = `http://127.0.0.1:${server.address().port}`;
await mkdir(shots, { recursive: true });
console.log(`serving ${dist} at ${origin}`);

export const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

/** Every URL any page asked for. */
export const requests = [];
/** Requests the Content-Security-Policy stopped in the browser: they never left it. */
export const blockedByCsp = new Set();
/** Console errors, page errors and worker errors, except while `expectErrors` is on. */
export const consoleErrors = [];
let expectErrors = false;
/** Turn off error recording around a step that fails on purpose (a crashed worker). */
export function expectingErrors(on) {
  expectErrors = on;
}

/** A page in `context` whose requests and errors are recorded. */
export async function newPage(context) {
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => r.failure()?.errorText === 'csp' && blockedByCsp.add(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' && !expectErrors) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (!expectErrors) consoleErrors.push(`pageerror: ${e.message}`);
  });
  page.on('worker', (w) =>
    w.on(
      'console',
      (m) => m.type() === 'error' && !expectErrors && consoleErrors.push(`worker: ${m.text()}`),
    ),
  );
  return page;
}

/** A fresh browser context (its own storage) that records its requests. */
export async function newContext() {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 1000 },
    acceptDownloads: true,
  });
  context.on('request', (r) => requests.push(r.url()));
  return context;
}

/** Wait until the app has loaded the engine and a scenario. */
export const ready = (p) => p.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
export const problemsText = (p) => p.locator('#problems').innerText();
/** Wait until the scenario in the editor validates. */
export const valid = (p) =>
  p.waitForFunction(() => document.querySelector('#problems')?.classList.contains('ok'), null, {
    timeout: 20000,
  });
/** Set runs (and seed), click Run and wait for the result; returns the milliseconds taken. */
export const runTo = async (p, runs, seed) => {
  await p.fill('#runs', String(runs));
  if (seed !== undefined) await p.fill('#seed', String(seed));
  await p.waitForFunction(() => !document.querySelector('#run').disabled, null, { timeout: 20000 });
  const before = await p.evaluate(() => window.wfsimTest.state().finishedAt);
  const t0 = Date.now();
  await p.click('#run');
  await p.waitForFunction(
    (b) => {
      const st = window.wfsimTest.state();
      return st.finishedAt !== b && !st.running;
    },
    before,
    { timeout: runs > 20000 ? 600000 : 180000 },
  );
  return Date.now() - t0;
};

/** A fresh context and page on the app, loaded and ready. */
export async function openApp(hash = '') {
  const context = await newContext();
  const page = await newPage(context);
  await page.goto(`${origin}/${hash}`);
  await ready(page);
  return { context, page };
}

/** The closing checks, then close everything, print the tally and exit. */
export async function finish(extra = () => {}) {
  await test('no request left the page’s origin', async () => {
    const foreign = requests.filter(
      (u) =>
        !u.startsWith(origin) &&
        !u.startsWith('blob:') &&
        !u.startsWith('data:') &&
        !blockedByCsp.has(u),
    );
    eq(foreign.length, 0, `foreign requests: ${foreign.slice(0, 5).join(', ')}`);
    assert(requests.length > 3, 'requests were recorded');
  });
  await test('no console errors', async () => {
    eq(consoleErrors.length, 0, `console errors: ${consoleErrors.slice(0, 5).join(' | ')}`);
  });
  await browser.close();
  server.close();
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  extra();
  console.log(`screenshots: ${shots}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
