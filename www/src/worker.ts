// The engine in a Web Worker: the WebAssembly module is loaded here only, so a long run
// never blocks the page and a crash (a panic in the engine) only costs a worker, which
// the page re-creates (see engine.ts).
//
// Protocol: the page posts {id, type, ...}; the worker answers {id, type: 'ok', value},
// {id, type: 'error', message, problems?, fatal?} or, during a run, {id, type: 'progress',
// done, total}.

import init, * as wfsim from './pkg/wfsim.js';

type Request =
  | { id: number; type: 'info' }
  | { id: number; type: 'validate'; text: string }
  | { id: number; type: 'canonical'; text: string }
  | { id: number; type: 'run'; text: string; runs: number; seed: string }
  | { id: number; type: 'crash-for-test' };

const ready = init();

const post = (msg: unknown) => (self as unknown as Worker).postMessage(msg);

async function handle(req: Request): Promise<unknown> {
  await ready;
  switch (req.type) {
    case 'info':
      return { version: wfsim.version(), presets: wfsim.presets(), schema: wfsim.schema() };
    case 'validate':
      return wfsim.validate(req.text);
    case 'canonical': {
      const s = wfsim.Scenario.fromText(req.text);
      try {
        return { toml: s.toToml(), json: s.toJson(), hash: s.hash(), name: s.name() };
      } finally {
        s.free();
      }
    }
    case 'run': {
      const s = wfsim.Scenario.fromText(req.text);
      try {
        let last = 0;
        const t0 = performance.now();
        const summaryText = s.run(req.runs, req.seed, (done: number, total: number) => {
          const now = performance.now();
          if (now - last > 80 || done === total) {
            last = now;
            post({ id: req.id, type: 'progress', done, total });
          }
          return true;
        });
        const elapsedMs = performance.now() - t0;
        return { summaryText, seriesCsv: s.lastSeriesCsv(), budgetCsv: s.lastBudgetCsv(), elapsedMs };
      } finally {
        s.free();
      }
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
    post({ id: req.id, type: 'ok', value });
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
