// Times a Monte Carlo of a preset in the WebAssembly build under Node (one thread), for
// scripts/bench to compare with the native figure. Plain Node 20, no npm packages.
//
//   scripts/build-wasm && node tests-node/bench.mjs [--runs N] [--repeat K] [--preset NAME] [--seed S]
//
// Loads www/src/pkg like identity.mjs does, warms up with 64 runs, then times
// `Scenario.run(runs, seed)` (the runs, the summary and its JSON text) K times. Prints
// `key value` lines: preset, runs, repeat, seconds_each, seconds (the fastest),
// runs_per_second.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = path.join(root, 'www/src/pkg');

const opts = { runs: 2000, repeat: 1, preset: 'peterborough-2012', seed: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const [flag, value] = [argv[i], argv[i + 1]];
  const key = flag.replace(/^--/, '');
  if (!(key in opts) || !flag.startsWith('--') || value === undefined) {
    console.error(`bad argument ${flag}\nusage: bench.mjs [--runs N] [--repeat K] [--preset NAME] [--seed S]`);
    process.exit(2);
  }
  opts[key] = key === 'preset' ? value : Number(value);
}

if (!fs.existsSync(path.join(PKG, 'wfsim_bg.wasm'))) {
  console.error(`${PKG}/wfsim_bg.wasm is missing: run scripts/build-wasm first`);
  process.exit(2);
}
const wfsim = await import(pathToFileURL(path.join(PKG, 'wfsim.js')).href);
wfsim.initSync({ module: fs.readFileSync(path.join(PKG, 'wfsim_bg.wasm')) });

const preset = wfsim.presets().find((p) => p.name === opts.preset);
if (!preset) {
  console.error(`no preset ${opts.preset}`);
  process.exit(2);
}
const s = wfsim.Scenario.fromText(preset.toml);
const seed = opts.seed ?? s.defaultSeed();

s.run(Math.min(64, opts.runs), seed); // warm-up: compile and tier up the module
const each = [];
for (let k = 0; k < Math.max(1, opts.repeat); k++) {
  const t = performance.now();
  s.run(opts.runs, seed);
  each.push((performance.now() - t) / 1000);
}
const seconds = Math.min(...each);
console.log(`preset ${opts.preset}`);
console.log(`runs ${opts.runs}`);
console.log(`repeat ${each.length}`);
console.log(`seconds_each ${each.map((x) => x.toFixed(4)).join(',')}`);
console.log(`seconds ${seconds.toFixed(4)}`);
console.log(`runs_per_second ${(opts.runs / seconds).toFixed(1)}`);
