// The WebAssembly build against the native CLI: same scenario, runs and seed must give the
// same summary JSON (and analyses' JSON), byte for byte; and the JS boundary's contract
// (problems, errors, cancelling, outcome names). Plain Node 20, no npm packages.
//
//   scripts/build-wasm && cargo build --release && node tests-node/identity.mjs
//
// (scripts/test-wasm does all three.) Builds target/release/wfsim itself if it is missing.
// Prints one line per test, the Node and native times of the 10,000-run test (informational,
// not asserted), and finally "N passed, M failed"; exits non-zero on any failure.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const PKG = 'www/src/pkg';
const CLI = 'target/release/wfsim';
const PRESET = 'peterborough-2012';
const SMALL = 'tests-node/small-authority.toml';
const RUNS = 300;
const SEED = 20120326;
const TIMING_RUNS = 10000;

if (!fs.existsSync(`${PKG}/wfsim_bg.wasm`)) {
  console.error(`${PKG}/wfsim_bg.wasm is missing: run scripts/build-wasm first`);
  process.exit(2);
}
if (!fs.existsSync(CLI)) {
  console.log(`${CLI} is missing: cargo build --release`);
  const b = spawnSync('cargo', ['build', '--release'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(2);
}

const wfsim = await import(pathToFileURL(path.join(root, PKG, 'wfsim.js')).href);
wfsim.initSync({ module: fs.readFileSync(`${PKG}/wfsim_bg.wasm`) });

/** Runs the native CLI; returns stdout, throws with stderr on a non-zero exit. */
function native(...args) {
  const r = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`wfsim ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The native CLI prints the JSON with println!, so one newline more. */
function assertSameJson(wasmJson, nativeStdout, what) {
  const nativeJson = nativeStdout.endsWith('\n') ? nativeStdout.slice(0, -1) : nativeStdout;
  if (wasmJson === nativeJson) return;
  const a = wasmJson.split('\n');
  const b = nativeJson.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  throw new Error(
    `${what}: wasm and native summaries differ (${wasmJson.length} vs ${nativeJson.length} bytes); ` +
      `first at line ${i + 1}:\n  wasm:   ${a[i]}\n  native: ${b[i]}`,
  );
}

/** Calls f, which must throw an Error; returns it. */
function throwsError(f, what) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof Error, `${what}: threw ${typeof e} ${e}, not an Error`);
    return e;
  }
  throw new Error(`${what}: did not throw`);
}

const problemLine = (p) => (p.path ? `${p.path}: ${p.message}` : p.message);

const presetText = fs.readFileSync(`scenarios/${PRESET}.toml`, 'utf8');
const badText = presetText
  .replace(/^turnover = \{ p5 = 0\.18, p95 = 0\.34 \}/m, 'turnover = 1.7')
  .replace(/^fill_probability = 0\.8/m, 'fill_probability = 1.5');

const tests = [];
const test = (name, f) => tests.push({ name, f });

// ---------------------------------------------------------------------------------------

let presetJson; // the wasm summary of the preset, RUNS and SEED

test(`identity: preset ${PRESET}, ${RUNS} runs, seed ${SEED}`, () => {
  const s = wfsim.Scenario.fromText(wfsim.presets().find((p) => p.name === PRESET).toml);
  presetJson = s.run(RUNS, SEED);
  const out = native('run', '--preset', PRESET, '--runs', `${RUNS}`, '--seed', `${SEED}`, '--json', '-');
  assertSameJson(presetJson, out, PRESET);
  const summary = JSON.parse(presetJson);
  assert.equal(summary.runs, RUNS);
  assert.equal(summary.seed, SEED);
  assert.equal(summary.scenario.hash, s.hash());
});

test(`identity: ${SMALL} (pods, campaign, every distribution), seed as a string; CSVs`, () => {
  const s = wfsim.Scenario.fromText(fs.readFileSync(SMALL, 'utf8'));
  const json = s.run(RUNS, `${SEED}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfsim-identity-'));
  try {
    const [series, budget] = [path.join(dir, 'series.csv'), path.join(dir, 'budget.csv')];
    const out = native('run', SMALL, '--runs', `${RUNS}`, '--seed', `${SEED}`, '--json', '-', '--csv', series, '--budget-csv', budget);
    assertSameJson(json, out, SMALL);
    assert.equal(s.lastSeriesCsv(), fs.readFileSync(series, 'utf8'), 'series CSV');
    assert.equal(s.lastBudgetCsv(), fs.readFileSync(budget, 'utf8'), 'budget CSV');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test(`identity: ${SMALL}, 130 runs (a part block), largest seed 2^53 - 1 as a string`, () => {
  const s = wfsim.Scenario.fromText(fs.readFileSync(SMALL, 'utf8'));
  const json = s.run(130, '9007199254740991');
  assertSameJson(json, native('run', SMALL, '--runs', '130', '--seed', '9007199254740991', '--json', '-'), SMALL);
});

test('version, presets and schema match the native CLI', () => {
  const cargoVersion = fs.readFileSync('Cargo.toml', 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.equal(wfsim.version(), cargoVersion);
  const list = wfsim.presets();
  assert.ok(Array.isArray(list) && list.length >= 1);
  const p = list.find((x) => x.name === PRESET);
  assert.equal(typeof p.description, 'string');
  assert.equal(p.toml, presetText);
  assert.equal(wfsim.schema() + '\n', native('schema'));
  assert.equal(typeof JSON.parse(wfsim.schema()), 'object');
});

test('Scenario: name, hash, defaults, toToml and toJson round trips', () => {
  const s = wfsim.Scenario.fromText(presetText);
  assert.equal(s.name(), PRESET);
  assert.match(s.hash(), /^[0-9a-f]{16}$/);
  assert.equal(s.defaultRuns(), 1000);
  assert.equal(s.defaultSeed(), SEED);
  assert.equal(typeof s.defaultSeed(), 'number');
  assert.equal(wfsim.Scenario.fromText(s.toToml()).hash(), s.hash());
  const j = s.toJson();
  assert.equal(JSON.parse(j).name, PRESET);
  assert.equal(wfsim.Scenario.fromText(j).hash(), s.hash());
  assert.deepEqual(wfsim.validate(j), []);
});

test('validate: problems with paths; empty when valid; a parse error is one problem; never throws', () => {
  assert.deepEqual(wfsim.validate(presetText), []);
  const problems = wfsim.validate(badText);
  assert.ok(Array.isArray(problems));
  const paths = problems.map((p) => p.path);
  assert.ok(paths.includes('workforce.turnover'), `paths: ${paths}`);
  assert.ok(paths.includes('agency.fill_probability'), `paths: ${paths}`);
  for (const p of problems) assert.deepEqual(Object.keys(p).sort(), ['message', 'path']);
  assert.match(problems.find((p) => p.path === 'workforce.turnover').message, /1\.7/);
  for (const text of ['name = [', '{"name": 1', '', 'not = "a scenario"']) {
    const ps = wfsim.validate(text);
    assert.equal(ps.length, 1, `${JSON.stringify(text)}: ${JSON.stringify(ps)}`);
    assert.equal(typeof ps[0].message, 'string');
  }
});

test('Scenario.fromText throws an Error with .problems and the joined lines as .message', () => {
  const e = throwsError(() => wfsim.Scenario.fromText(badText), 'bad scenario');
  assert.deepEqual(e.problems, wfsim.validate(badText));
  assert.equal(e.message, e.problems.map(problemLine).join('\n'));
  const parse = throwsError(() => wfsim.Scenario.fromText('name = ['), 'parse error');
  assert.equal(parse.problems.length, 1);
  assert.equal(parse.message, parse.problems[0].message);
});

test('cancel: progress returning false throws "cancelled"; a later run still works', () => {
  const s = wfsim.Scenario.fromText(presetText);
  const calls = [];
  const e = throwsError(
    () =>
      s.run(2000, SEED, (done, total) => {
        calls.push([done, total]);
        return calls.length < 2 ? undefined : false;
      }),
    'cancelled run',
  );
  assert.equal(e.message, 'cancelled');
  assert.equal(calls.length, 2);
  assert.ok(calls.every(([d, t]) => typeof d === 'number' && t === 2000 && d > 0 && d < 2000), `${calls}`);
  throwsError(() => s.lastSeriesCsv(), 'no completed run yet');
  // An exception in the callback cancels and comes back as it is.
  const mine = new Error('mine');
  assert.equal(throwsError(() => s.run(2000, SEED, () => { throw mine; }), 'throwing progress'), mine);
  // The instance keeps working, and the result is unchanged.
  const seen = [];
  assert.equal(s.run(RUNS, SEED, (d, t) => { seen.push(d); return true; }), presetJson);
  assert.deepEqual(seen, [RUNS]);
  assert.equal(s.run(RUNS, `${SEED}`), presetJson);
  assert.ok(s.lastSeriesCsv().startsWith('week,metric,statistic,value\n'));
});

test('bad runs and seeds throw an Error naming the value', () => {
  const s = wfsim.Scenario.fromText(presetText);
  const cases = [
    [0, 1, /runs: 0 /],
    [1.5, 1, /runs: 1\.5 /],
    [-3, 1, /runs: -3 /],
    [NaN, 1, /runs: NaN /],
    ['300', 1, /runs: "300" /],
    [2000000, 1, /runs: 2000000 /],
    [10, -1, /seed: -1 /],
    [10, 0.5, /seed: 0\.5 /],
    [10, 2 ** 53, /seed: 9007199254740992 /],
    [10, '9007199254740992', /seed: 9007199254740992 /],
    [10, 'abc', /seed: "abc" /],
    [10, '-1', /seed: "-1" /],
    [10, '', /seed: "" /],
    [10, undefined, /seed: undefined /],
  ];
  for (const [runs, seed, re] of cases) {
    const e = throwsError(() => s.run(runs, seed), `run(${runs}, ${JSON.stringify(seed)})`);
    assert.match(e.message, re);
  }
  assert.equal(JSON.parse(s.run(3, 0)).seed, 0);
});

// The second module (decision analyses): the same JSON as the CLI, the shared header, and
// outcome names read as the CLI reads them.
const full = await import(pathToFileURL(path.join(root, PKG, 'full', 'wfsim_full.js')).href);
full.initSync({ module: fs.readFileSync(`${PKG}/full/wfsim_full_bg.wasm`) });

/** The provenance header every JSON output opens with. */
function assertHeader(json, schema, scenario, runs, seed) {
  const v = JSON.parse(json);
  assert.deepEqual(Object.keys(v).slice(0, 5), ['schema', 'engine_version', 'scenario', 'runs', 'seed']);
  assert.equal(v.schema, schema);
  assert.equal(v.engine_version, wfsim.version());
  assert.deepEqual(v.scenario, { name: scenario.name(), hash: scenario.hash() });
  assert.equal(v.runs, runs);
  assert.equal(v.seed, seed);
  return v;
}

test('analyses: compare, sensitivity and targets as the CLI writes them, each with the header', () => {
  const base = full.Scenario.fromText(presetText);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfsim-analyses-'));
  try {
    // A variant: the preset with its pod's social workers set to 0.
    const variantFile = path.join(dir, 'variant.toml');
    const noPod = presetText.replace(/^name = "peterborough-2012"/m, 'name = "no-pod"').replace(/^social_workers = \d+/m, 'social_workers = 0');
    assert.notEqual(noPod, presetText);
    fs.writeFileSync(variantFile, noPod);
    const variant = full.Scenario.fromText(noPod);
    const c = base.compareWith(variant, 20, SEED);
    assertSameJson(c, native('compare', PRESET, variantFile, '--runs', '20', '--seed', `${SEED}`, '--json', '-'), 'compare');
    const cv = assertHeader(c, 'wfsim.compare/2', base, 20, SEED);
    assert.deepEqual(cv.variants[0].scenario, { name: variant.name(), hash: variant.hash() });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // spend_<line> over a financial year, as `--metric spend_<line> --at FY` reads it; and
  // spend with a line, as the app asks.
  const s = base.sensitivity('spend_agency_staffing', '2012-13', undefined, 2, SEED);
  assertSameJson(s, native('sensitivity', PRESET, '--metric', 'spend_agency_staffing', '--at', '2012-13', '--runs', '2', '--seed', `${SEED}`, '--json', '-'), 'sensitivity');
  assert.equal(assertHeader(s, 'wfsim.sensitivity/2', base, 2, SEED).outcome, 'agency_staffing spend 2012-13');
  assert.equal(base.sensitivity('spend', '2012-13', 'agency_staffing', 2, SEED), s);
  const t = assertHeader(base.evaluateTargets(['ia_overdue <= 7 on 2012-03-14'], 30, SEED), 'wfsim.targets/1', base, 30, SEED);
  assert.deepEqual(Object.keys(t.targets[0]), ['target', 'probability', 'standard_error']);
  // Runs below what an analysis needs name the value and the range.
  assert.match(throwsError(() => base.sensitivity('lac', '2012-03-14', undefined, 1, SEED), 'one run').message, /^runs: 1 is not allowed; use 2 to 1000000$/);
  assert.match(throwsError(() => base.sensitivity('lac', 'soon', undefined, 2, SEED), 'bad when').message, /"soon"/);
});

let timing; // wall times of the test below, printed at the end

test(`identity: preset ${PRESET}, ${TIMING_RUNS} runs (timed; native with --threads 1)`, () => {
  const s = wfsim.Scenario.fromText(presetText);
  let t = performance.now();
  const json = s.run(TIMING_RUNS, SEED);
  const nodeMs = performance.now() - t;
  t = performance.now();
  const out = native('run', '--preset', PRESET, '--runs', `${TIMING_RUNS}`, '--seed', `${SEED}`, '--threads', '1', '--json', '-');
  const nativeMs = performance.now() - t;
  timing = { nodeMs, nativeMs };
  assertSameJson(json, out, `${PRESET}, ${TIMING_RUNS} runs`);
});

// ---------------------------------------------------------------------------------------

let passed = 0;
let failed = 0;
for (const { name, f } of tests) {
  try {
    f();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split('\n').join('\n     ')}`);
  }
}

// Informational: the same work in Node (one thread) and natively with --threads 1.
if (timing) {
  const { nodeMs, nativeMs } = timing;
  console.log(
    `timing: ${TIMING_RUNS} runs of ${PRESET}: node ${(nodeMs / 1000).toFixed(2)} s, ` +
      `native --threads 1 ${(nativeMs / 1000).toFixed(2)} s, ratio ${(nodeMs / nativeMs).toFixed(2)}`,
  );
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
