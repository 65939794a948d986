// The page's side of the engine workers: request/response by id, progress callbacks, and
// recovery. A worker that dies (an uncaught error, a WebAssembly trap) or is cancelled is
// terminated and replaced by a fresh one; pending requests fail with a clear message.

import type { SteadyState } from './check';
import type { DistFamilies, Preset, Problem } from './types';

export interface EngineInfo {
  version: string;
  presets: Preset[];
  schema: string;
  families: DistFamilies;
}

export interface Council {
  code: string;
  name: string;
  years: number[];
}

export interface FigureRow {
  key: string;
  group: string;
  kind: 'text' | 'date' | 'number' | 'rate' | 'money';
  unit: string;
  help: string;
  value: string;
  source: string;
}

export interface Shifted {
  doc: Record<string, import('./types').Json>;
  moved: [string, string, string][];
  note: string;
}

export interface RunOutput {
  summaryText: string;
  seriesCsv: string;
  budgetCsv: string;
  elapsedMs: number;
}

export interface ReportFile {
  name: string;
  bytes: Uint8Array;
}

export interface AnalysisOptions {
  params: string[];
  metrics: string[];
  lines: string[];
  financial_years: string[];
  first_date: string;
  last_date: string;
}

/** A decision analysis the pool splits by runs (src/wasm/shares.rs): its arguments. */
export type AnalysisJob =
  | {
      kind: 'sensitivity';
      text: string;
      metric: string;
      when: string;
      line?: string;
      runs: number;
      seed: string;
    }
  | {
      kind: 'calibrate';
      text: string;
      csv: string;
      paths: string[];
      draws: number;
      accept: number;
      seed: string;
    };

/** The runs an analysis is split by: a sensitivity's paired runs, a calibration's draws. */
export function analysisRuns(job: AnalysisJob): number {
  return job.kind === 'sensitivity' ? job.runs : job.draws;
}

export class EngineError extends Error {
  problems?: Problem[];
  /** The worker died and was restarted. */
  crashed: boolean;
  cancelled: boolean;
  constructor(
    message: string,
    opts: { problems?: Problem[]; crashed?: boolean; cancelled?: boolean } = {},
  ) {
    super(message);
    this.problems = opts.problems;
    this.crashed = opts.crashed ?? false;
    this.cancelled = opts.cancelled ?? false;
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: EngineError) => void;
  onProgress?: (done: number, total: number) => void;
}

export class EngineWorker {
  private worker!: Worker;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  /** Called after the worker died and was replaced (not after a cancel). */
  onCrash: (message: string) => void = () => {};

  constructor(private readonly name: string) {
    this.start();
  }

  private start() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: this.name,
    });
    this.worker.onmessage = (event: MessageEvent) => this.receive(event.data);
    this.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      const message = event.message || 'the engine stopped unexpectedly';
      this.restart(
        new EngineError(`The engine stopped unexpectedly (${message}). It has been restarted.`, {
          crashed: true,
        }),
      );
      this.onCrash(message);
    };
    this.worker.onmessageerror = () => {
      this.restart(
        new EngineError(
          'The engine sent a message the page could not read. It has been restarted.',
          { crashed: true },
        ),
      );
    };
  }

  private receive(msg: { id: number; type: string; [k: string]: unknown }) {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.done as number, msg.total as number);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'ok') {
      p.resolve(msg.value);
    } else {
      const fatal = Boolean(msg.fatal);
      const err = new EngineError(String(msg.message), {
        problems: msg.problems as Problem[] | undefined,
        crashed: fatal,
      });
      if (fatal) {
        this.restart(
          new EngineError(
            `The engine stopped unexpectedly (${String(msg.message)}). It has been restarted.`,
            { crashed: true },
          ),
        );
        this.onCrash(String(msg.message));
        err.message = `The engine stopped unexpectedly (${String(msg.message)}). It has been restarted; your scenario is safe.`;
      }
      p.reject(err);
    }
  }

  /** Terminate the worker, fail every pending request with `reason`, start a new worker. */
  restart(reason: EngineError) {
    this.worker.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.start();
    for (const p of pending) p.reject(reason);
  }

  private request<T>(
    msg: Record<string, unknown>,
    onProgress?: (done: number, total: number) => void,
    transfer: Transferable[] = [],
  ): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      this.worker.postMessage({ ...msg, id }, transfer);
    });
  }

  info(): Promise<EngineInfo> {
    return this.request({ type: 'info' });
  }

  validate(text: string): Promise<Problem[]> {
    return this.request({ type: 'validate', text });
  }

  /** Where each stock's flows settle, and the drift warnings (`wfsim check`). */
  steady(text: string): Promise<SteadyState> {
    return this.request({ type: 'steady', text });
  }

  /** The councils in the DfE data. */
  councils(): Promise<Council[]> {
    return this.request({ type: 'councils' });
  }

  /** The council figure set as form rows, pre-filled for `code` (empty: none). */
  councilFigures(code: string, year?: number): Promise<FigureRow[]> {
    return this.request({ type: 'council-figures', code, year });
  }

  /** The derived scenario's TOML from the form's values (a template CSV); rejects with problems. */
  councilScenario(code: string, year: number | undefined, csv: string): Promise<string> {
    return this.request({ type: 'council-scenario', code, year, csv });
  }

  /** The scenario document moved from start `from` to `to` (every dated item). */
  shift(doc: string, from: string, to: string): Promise<Shifted> {
    return this.request({ type: 'shift', doc, from, to });
  }

  run(
    text: string,
    runs: number,
    seed: string,
    onProgress: (done: number, total: number) => void,
  ): Promise<RunOutput> {
    return this.request({ type: 'run', text, runs, seed }, onProgress);
  }

  /**
   * Runs `first..last` of a Monte Carlo of `runs` runs: the engine's counted state of that
   * share, to be merged with the other shares' (`merge`).
   */
  share(
    text: string,
    runs: number,
    seed: string,
    first: number,
    last: number,
    onProgress: (done: number, total: number) => void,
  ): Promise<Uint8Array> {
    return this.request({ type: 'share', text, runs, seed, first, last }, onProgress);
  }

  /** The run's output from its shares' states, in run order (moved to the worker). */
  merge(text: string, runs: number, seed: string, parts: Uint8Array[]): Promise<RunOutput> {
    return this.request(
      { type: 'merge', text, runs, seed, parts },
      undefined,
      parts.map((p) => p.buffer as ArrayBuffer),
    );
  }

  /** The budget paper of the last run (run again in the report module if needed). */
  report(
    text: string,
    runs: number,
    seed: string,
    scenarioText: string,
    onProgress: (done: number, total: number) => void,
  ): Promise<ReportFile[]> {
    return this.request({ type: 'report', text, runs, seed, scenarioText }, onProgress);
  }

  analysisOptions(text: string): Promise<AnalysisOptions> {
    return this.request({ type: 'options', text });
  }

  /** Paired comparison (wfsim.compare/2 JSON text) of `variant` against `base`. */
  compare(base: string, variant: string, runs: number, seed: string): Promise<string> {
    return this.request({ type: 'compare', base, variant, runs, seed });
  }

  /** Runs `first..last` of a decision analysis: the rows to assemble (`analysisMerge`). */
  analysisShare(
    job: AnalysisJob,
    first: number,
    last: number,
    onProgress: (done: number, total: number) => void,
  ): Promise<Uint8Array> {
    return this.request({ type: 'analysis-share', job, first, last }, onProgress);
  }

  /** The analysis's JSON text from its shares' rows, in run order (copied to the worker). */
  analysisMerge(job: AnalysisJob, parts: Uint8Array[]): Promise<string> {
    return this.request({ type: 'analysis-merge', job, parts });
  }

  checkTargets(text: string, targets: string[]): Promise<{ index: number; message: string }[]> {
    return this.request({ type: 'check-targets', text, targets });
  }

  targets(text: string, targets: string[], runs: number, seed: string): Promise<string> {
    return this.request({ type: 'targets', text, targets, runs, seed });
  }

  /** The optimiser (wfsim.optimise/1 JSON text with `frontier_svg`) of a spec's TOML. */
  optimise(
    text: string,
    spec: string,
    seed: string,
    onProgress: (done: number, total: number) => void,
  ): Promise<string> {
    return this.request({ type: 'optimise', text, spec, seed }, onProgress);
  }

  /** Stop the worker for good (its pending requests fail as cancelled). */
  terminate() {
    this.worker.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new EngineError('Run cancelled.', { cancelled: true }));
  }

  /** Stop whatever is running: the worker is busy in WebAssembly, so it is replaced. */
  cancel() {
    this.restart(new EngineError('Run cancelled.', { cancelled: true }));
  }

  /** Die as a crash mid-run would (the worker gone), for the end-to-end tests. */
  dieForTest() {
    this.restart(
      new EngineError('The engine stopped unexpectedly (test). It has been restarted.', {
        crashed: true,
      }),
    );
    this.onCrash('test');
  }

  crashForTest(): Promise<unknown> {
    return this.request({ type: 'crash-for-test' });
  }
}
