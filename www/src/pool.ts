// A pool of engine workers, one per core the browser offers (capped, and settable in the
// page): each Monte Carlo is split into shares of consecutive runs, one a worker, whose
// partial results (the engine's counted state, bit for bit) are then merged by one worker
// into the summary a single worker (or the command-line tool) would give. Progress is
// counted across the pool, Cancel stops every worker, and a worker that crashes is
// replaced and its share run again.
//
// The general call is `runAll(jobs)`: several Monte Carlos (a scenario, runs and seed each),
// each result in job order. Runs of the page (the working scenario, the options side by side)
// go through it; the sensitivity and calibration analyses through `analysis(job)`, split the
// same way by runs; so they share the cores.

import {
  type AnalysisJob,
  EngineError,
  EngineWorker,
  type RunOutput,
  analysisRuns,
} from './engine';

export interface RunJob {
  /** The scenario as TOML or JSON text. */
  text: string;
  runs: number;
  seed: string;
}

export type Progress = (done: number, total: number) => void;

/** Most workers the page starts, whatever the machine says. */
export const MAX_WORKERS = 16;
/** How many times a share is tried again after its worker crashed. */
const RETRIES = 2;
/** The engine's block of runs (src/sim/montecarlo.rs): shares are whole blocks. */
const BLOCK = 128;

/** The workers the browser suggests: one per logical core, within 1 and `MAX_WORKERS`. */
export function suggestedWorkers(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0;
  return Math.max(1, Math.min(MAX_WORKERS, Number.isInteger(n) && n > 0 ? n : 2));
}

/**
 * Runs `0..runs` as at most `workers` ranges `[first, last)` of whole blocks (of `block`
 * runs: the engine's, unless the caller's results do not depend on it), as even as
 * blocks allow. The result does not depend on the split: every run's random numbers come
 * from its index, and the merge is exact.
 */
export function shares(runs: number, workers: number, block = BLOCK): [number, number][] {
  const blocks = Math.ceil(runs / block);
  const n = Math.max(1, Math.min(workers, blocks));
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const first = Math.floor((blocks * i) / n) * block;
    const last = Math.min(runs, Math.floor((blocks * (i + 1)) / n) * block);
    out.push([first, last]);
  }
  return out;
}

interface Task {
  /** Runs this task counts towards progress. */
  runs: number;
  tries: number;
  /** Runs done of this task, as its worker reports them. */
  done: number;
  exec: (w: EngineWorker, tries: number, progress: (done: number) => void) => Promise<unknown>;
  progress: (done: number) => void;
  resolve: (v: unknown) => void;
  reject: (e: EngineError) => void;
  /** Aborting it cancels this task alone (with the rest of its call). */
  signal?: AbortSignal;
}

/** Puts one task of a call on the queue: its runs (for progress) and what it does. */
type Enqueue = <T>(runs: number, exec: Task['exec'], front?: boolean) => Promise<T>;

export class WorkerPool {
  private workers: (EngineWorker | undefined)[] = [];
  private busy: boolean[] = [];
  /** The task each worker is running. */
  private running: (Task | undefined)[] = [];
  private queue: Task[] = [];
  private size_: number;
  /** Bumped by `cancel`: tasks of an older generation are dropped. */
  private generation = 0;
  /** Called after a worker died and was replaced (its share is run again). */
  onCrash: (message: string) => void = () => {};

  constructor(
    private readonly name: string,
    size = suggestedWorkers(),
  ) {
    this.size_ = clampSize(size);
  }

  get size(): number {
    return this.size_;
  }

  /** Use `n` workers from now on (extra idle ones stop; busy ones finish their share first). */
  setSize(n: number) {
    this.size_ = clampSize(n);
    for (let i = this.size_; i < this.workers.length; i++)
      if (!this.busy[i]) {
        this.workers[i]?.terminate();
        this.workers[i] = undefined;
      }
    this.pump();
  }

  /** One Monte Carlo. */
  async run(job: RunJob, onProgress?: Progress): Promise<RunOutput> {
    return (await this.runAll([job], onProgress))[0];
  }

  /** Several Monte Carlos, each split over the workers; the results in job order. */
  runAll(jobs: RunJob[], onProgress?: Progress): Promise<RunOutput[]> {
    const enqueue = this.call(
      jobs.reduce((a, j) => a + j.runs, 0),
      onProgress,
    );
    const size = this.size_;
    const one = async (job: RunJob): Promise<RunOutput> => {
      const parts = shares(job.runs, size);
      if (parts.length === 1)
        return enqueue(job.runs, (w, _t, p) => w.run(job.text, job.runs, job.seed, p));
      const t0 = performance.now();
      const bytes = await Promise.all(
        parts.map(([first, last]) =>
          enqueue<Uint8Array>(last - first, (w, _t, p) =>
            w.share(job.text, job.runs, job.seed, first, last, p),
          ),
        ),
      );
      // Merged first, before other jobs' shares. The parts are moved to the merging worker;
      // if it dies with them, the Monte Carlo is run again there in one piece.
      const out = await enqueue<RunOutput>(
        0,
        (w, tries, p) =>
          tries === 0
            ? w.merge(job.text, job.runs, job.seed, bytes)
            : w.run(job.text, job.runs, job.seed, p),
        true,
      );
      return { ...out, elapsedMs: performance.now() - t0 };
    };
    return Promise.all(jobs.map(one));
  }

  /**
   * A decision analysis (sensitivity or calibration) with its runs split over the workers:
   * each worker computes a share's rows, one assembles them in run order, so the JSON text
   * is the one a single worker, or the command-line tool, gives. Aborting `signal` cancels
   * this analysis alone.
   */
  async analysis(job: AnalysisJob, onProgress?: Progress, signal?: AbortSignal): Promise<string> {
    const runs = analysisRuns(job);
    const enqueue = this.call(runs, onProgress, signal);
    // Any split gives the same rows, so shares need not be whole blocks.
    const parts = await Promise.all(
      shares(runs, this.size_, 1).map(([first, last]) =>
        enqueue<Uint8Array>(last - first, (w, _t, p) => w.analysisShare(job, first, last, p)),
      ),
    );
    // Copied, not moved, to the merging worker: if it dies, another merges them.
    return enqueue<string>(0, (w) => w.analysisMerge(job, parts), true);
  }

  /** A call's queue: its tasks' progress summed into `onProgress` (out of `total` runs). */
  private call(total: number, onProgress?: Progress, signal?: AbortSignal): Enqueue {
    const tasks: Task[] = [];
    const report = () =>
      onProgress?.(
        Math.min(
          total,
          tasks.reduce((a, t) => a + t.done, 0),
        ),
        total,
      );
    signal?.addEventListener('abort', () => this.abort(signal), { once: true });
    return <T>(runs: number, exec: Task['exec'], front = false): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (signal?.aborted) return reject(new EngineError('Run cancelled.', { cancelled: true }));
        const task: Task = {
          runs,
          tries: 0,
          done: 0,
          exec,
          progress: (d) => {
            task.done = d;
            report();
          },
          resolve: (v) => {
            task.done = runs;
            report();
            resolve(v as T);
          },
          reject,
          signal,
        };
        tasks.push(task);
        if (front) this.queue.unshift(task);
        else this.queue.push(task);
        this.pump();
      });
  }

  /** Cancel the tasks of one call (its `signal` aborted): queued ones dropped, running ones stopped. */
  private abort(signal: AbortSignal) {
    const cancelled = () => new EngineError('Run cancelled.', { cancelled: true });
    for (const t of this.queue.filter((t) => t.signal === signal)) t.reject(cancelled());
    this.queue = this.queue.filter((t) => t.signal !== signal);
    this.running.forEach((t, i) => {
      if (t?.signal === signal) this.workers[i]?.cancel();
    });
  }

  /** Stop everything running or queued: every worker busy in WebAssembly is replaced. */
  cancel() {
    this.generation++;
    const queued = this.queue.splice(0);
    for (const t of queued) t.reject(new EngineError('Run cancelled.', { cancelled: true }));
    this.workers.forEach((w, i) => {
      if (w && this.busy[i]) w.cancel();
    });
  }

  /** Start queued tasks on idle workers. */
  private pump() {
    for (let i = 0; i < this.size_ && this.queue.length; i++) {
      if (this.busy[i]) continue;
      const task = this.queue.shift()!;
      this.start(i, task);
    }
  }

  private worker(i: number): EngineWorker {
    let w = this.workers[i];
    if (!w) {
      w = new EngineWorker(`${this.name}-${i + 1}`);
      this.workers[i] = w;
    }
    return w;
  }

  private start(i: number, task: Task) {
    this.busy[i] = true;
    this.running[i] = task;
    const generation = this.generation;
    const w = this.worker(i);
    task
      .exec(w, task.tries, (d) => task.progress(d))
      .then(
        (out) => task.resolve(out),
        (e: EngineError) => {
          if (e.crashed && !e.problems && task.tries < RETRIES && generation === this.generation) {
            // The worker has been replaced: run its share again, on whichever is free.
            task.tries++;
            task.done = 0;
            this.onCrash(e.message);
            this.queue.unshift(task);
          } else task.reject(e);
        },
      )
      .finally(() => {
        this.busy[i] = false;
        this.running[i] = undefined;
        if (i >= this.size_) {
          this.workers[i]?.terminate();
          this.workers[i] = undefined;
        }
        this.pump();
      });
  }

  /** Make worker `i` die now (mid-run, if it is running), for the end-to-end tests. */
  killForTest(i = 0) {
    this.workers[i]?.dieForTest();
  }
}

function clampSize(n: number): number {
  return Math.max(1, Math.min(MAX_WORKERS, Math.floor(Number.isFinite(n) ? n : 1)));
}
