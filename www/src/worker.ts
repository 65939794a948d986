// The engine in a Web Worker: the WebAssembly module is loaded here only, so a long run
// never blocks the page and a crash (a panic in the engine) only costs a worker, which
// the page re-creates (see engine.ts).
//
// Protocol: the page posts {id, type, ...}; the worker answers {id, type: 'ok', value},
// {id, type: 'error', message, problems?, fatal?} or, during a run, {id, type: 'progress',
// done, total}.

import type { AnalysisJob } from './engine';
import init, * as main from './pkg/wfsim.js';

// The full module (the decision analyses and the budget paper, feature `paper`, about twice
// the size) is loaded only when one of those is first asked for; from then on it does every
// job (it holds the same engine), so the run behind the next report is already in it.
type FullModule = typeof import('./pkg/full/wfsim_full.js');
let fullModule: Promise<FullModule> | undefined;
let engine: typeof main | FullModule = main;
function loadFull(): Promise<FullModule> {
  fullModule ??= import('./pkg/full/wfsim_full.js').then(async (m) => {
    await m.default();
    engine = m;
    return m;
  });
  return fullModule;
}

/** The scenario handle of the last run (kept for the report), by scenario text, runs and seed. */
let last:
  | {
      key: string;
      s: { free(): void; lastReportFiles?: (t?: string) => { name: string; bytes: Uint8Array }[] };
    }
  | undefined;
function keep(key: string, s: NonNullable<typeof last>['s']) {
  last?.s.free();
  last = { key, s };
}

type Request =
  | { id: number; type: 'info' }
  | { id: number; type: 'validate'; text: string }
  | { id: number; type: 'steady'; text: string }
  | { id: number; type: 'councils' }
  | { id: number; type: 'council-figures'; code: string; year?: number }
  | { id: number; type: 'council-scenario'; code: string; year?: number; csv: string }
  | { id: number; type: 'shift'; doc: string; from: string; to: string }
  | { id: number; type: 'run'; text: string; runs: number; seed: string }
  | {
      id: number;
      type: 'share';
      text: string;
      runs: number;
      seed: string;
      first: number;
      last: number;
    }
  | { id: number; type: 'merge'; text: string; runs: number; seed: string; parts: Uint8Array[] }
  | { id: number; type: 'options'; text: string }
  | { id: number; type: 'report'; text: string; runs: number; seed: string; scenarioText?: string }
  | { id: number; type: 'compare'; base: string; variant: string; runs: number; seed: string }
  | { id: number; type: 'check-targets'; text: string; targets: string[] }
  | { id: number; type: 'targets'; text: string; targets: string[]; runs: number; seed: string }
  | { id: number; type: 'optimise'; text: string; spec: string; seed: string }
  | { id: number; type: 'analysis-share'; job: AnalysisJob; first: number; last: number }
  | { id: number; type: 'analysis-merge'; job: AnalysisJob; parts: Uint8Array[] }
  | { id: number; type: 'crash-for-test' };

const ready = init();

const post = (msg: unknown, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(msg, transfer);

/** A progress callback that posts at most every 80 ms (and at the end). */
function progressOf(id: number) {
  let last = 0;
  return (done: number, total: number) => {
    const now = performance.now();
    if (now - last > 80 || done === total) {
      last = now;
      post({ id, type: 'progress', done, total });
    }
    return true;
  };
}

/** Use a scenario handle for one job, then free it. */
async function using<T>(
  text: string,
  f: (s: import('./pkg/full/wfsim_full.js').Scenario) => T,
): Promise<T> {
  const m = await loadFull();
  const s = m.Scenario.fromText(text);
  try {
    return f(s);
  } finally {
    s.free();
  }
}

async function handle(req: Request): Promise<unknown> {
  await ready;
  const wfsim = engine;
  switch (req.type) {
    case 'info':
      return {
        version: wfsim.version(),
        presets: wfsim.presets(),
        schema: wfsim.schema(),
        families: wfsim.distributionFamilies(),
      };
    case 'validate':
      return wfsim.validate(req.text);
    case 'steady':
      return JSON.parse(wfsim.steadyState(req.text)) as unknown;
    case 'councils':
      return wfsim.councils();
    case 'council-figures':
      return wfsim.councilFigures(req.code, req.year);
    case 'council-scenario':
      return wfsim.councilScenario(req.code, req.year, req.csv);
    case 'shift':
      return JSON.parse(wfsim.shiftScenario(req.doc, req.from, req.to)) as unknown;
    case 'run': {
      const s = wfsim.Scenario.fromText(req.text);
      try {
        const t0 = performance.now();
        const summaryText = s.run(req.runs, req.seed, progressOf(req.id));
        const elapsedMs = performance.now() - t0;
        const out = {
          summaryText,
          seriesCsv: s.lastSeriesCsv(),
          budgetCsv: s.lastBudgetCsv(),
          elapsedMs,
        };
        keep(`${req.runs}|${req.seed}|${req.text}`, s);
        return out;
      } catch (e) {
        s.free();
        throw e;
      }
    }
    case 'share': {
      const s = wfsim.Scenario.fromText(req.text);
      try {
        return s.runShare(req.runs, req.seed, req.first, req.last, progressOf(req.id));
      } finally {
        s.free();
      }
    }
    case 'merge': {
      const s = wfsim.Scenario.fromText(req.text);
      try {
        const t0 = performance.now();
        const summaryText = s.mergeShares(req.runs, req.seed, req.parts);
        const out = {
          summaryText,
          seriesCsv: s.lastSeriesCsv(),
          budgetCsv: s.lastBudgetCsv(),
          elapsedMs: performance.now() - t0,
        };
        keep(`${req.runs}|${req.seed}|${req.text}`, s);
        return out;
      } catch (e) {
        s.free();
        throw e;
      }
    }
    case 'report': {
      const m = await loadFull();
      const key = `${req.runs}|${req.seed}|${req.text}`;
      if (!last || last.key !== key || !last.s.lastReportFiles) {
        // The last run was in the main module (or was another one): run it again in the full
        // module, with the same scenario, runs and seed, so the same results.
        const s = m.Scenario.fromText(req.text);
        try {
          s.run(req.runs, req.seed, progressOf(req.id));
        } catch (e) {
          s.free();
          throw e;
        }
        keep(key, s);
      }
      const files = last!.s.lastReportFiles!(req.scenarioText);
      return files.map((f) => ({ name: f.name, bytes: f.bytes }));
    }
    case 'options':
      return using(req.text, (s) => s.analysisOptions());
    case 'compare': {
      const base = (await loadFull()).Scenario.fromText(req.base);
      try {
        return await using(req.variant, (v) => base.compareWith(v, req.runs, req.seed));
      } finally {
        base.free();
      }
    }
    case 'check-targets':
      return using(req.text, (s) => s.checkTargets(req.targets));
    case 'targets':
      return using(req.text, (s) => s.evaluateTargets(req.targets, req.runs, req.seed));
    case 'optimise':
      return using(req.text, (s) => s.optimise(req.spec, req.seed, progressOf(req.id)));
    case 'analysis-share': {
      const j = req.job;
      const p = progressOf(req.id);
      return using(j.text, (s) =>
        j.kind === 'sensitivity'
          ? s.sensitivityShare(j.metric, j.when, j.line, j.runs, j.seed, req.first, req.last, p)
          : s.calibrateShare(j.csv, j.paths, j.draws, j.accept, j.seed, req.first, req.last, p),
      );
    }
    case 'analysis-merge': {
      const j = req.job;
      return using(j.text, (s) =>
        j.kind === 'sensitivity'
          ? s.sensitivityMerge(j.metric, j.when, j.line, j.runs, j.seed, req.parts)
          : s.calibrateMerge(j.csv, j.paths, j.draws, j.accept, j.seed, req.parts),
      );
    }
    case 'crash-for-test':
      // Lets the end-to-end tests check that the page survives a dying worker.
      setTimeout(() => {
        throw new Error('worker crashed (test)');
      });
      return new Promise(() => {});
  }
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const req = event.data;
  try {
    const value = await handle(req);
    // A share's state is moved to the page, not copied.
    post({ id: req.id, type: 'ok', value }, value instanceof Uint8Array ? [value.buffer] : []);
  } catch (e) {
    const err = e as { message?: string; problems?: unknown };
    // A WebAssembly trap (a panic) leaves the instance unusable: the page must re-create us.
    const fatal = e instanceof WebAssembly.RuntimeError || !(e instanceof Error);
    post({
      id: req.id,
      type: 'error',
      message: err && typeof err.message === 'string' ? err.message : String(e),
      problems: Array.isArray(err?.problems) ? err.problems : undefined,
      fatal,
    });
  }
};
