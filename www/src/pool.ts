// A pool of engine workers, one per core the browser offers (capped, and settable in the
// page): Monte Carlos are spread over them, with progress across the pool, Cancel for all,
// and a worker that crashes replaced and its share run again.
//
// The general call is `runAll(jobs)`: several Monte Carlos (a scenario, runs and seed each),
// each result in job order. Runs and analyses of the page (the working scenario, the options
// side by side, the decision analyses) go through it, so they share the cores.

import { EngineError, EngineWorker, type RunOutput } from './engine';

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

/** The workers the browser suggests: one per logical core, within 1 and `MAX_WORKERS`. */
export function suggestedWorkers(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0;
  return Math.max(1, Math.min(MAX_WORKERS, Number.isInteger(n) && n > 0 ? n : 2));
}

interface Task {
  job: RunJob;
  tries: number;
  /** Runs done of this task, as its worker reports them. */
  done: number;
  progress: (done: number) => void;
  resolve: (v: RunOutput) => void;
  reject: (e: EngineError) => void;
}

export class WorkerPool {
  private workers: (EngineWorker | undefined)[] = [];
  private busy: boolean[] = [];
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

  /** Several Monte Carlos spread over the workers; the results in job order. */
  runAll(jobs: RunJob[], onProgress?: Progress): Promise<RunOutput[]> {
    const total = jobs.reduce((a, j) => a + j.runs, 0);
    const tasks: Task[] = [];
    const report = () =>
      onProgress?.(
        Math.min(
          total,
          tasks.reduce((a, t) => a + t.done, 0),
        ),
        total,
      );
    const all = jobs.map(
      (job) =>
        new Promise<RunOutput>((resolve, reject) => {
          const task: Task = {
            job,
            tries: 0,
            done: 0,
            progress: (d) => {
              task.done = d;
              report();
            },
            resolve: (v) => {
              task.done = job.runs;
              report();
              resolve(v);
            },
            reject,
          };
          tasks.push(task);
        }),
    );
    this.queue.push(...tasks);
    this.pump();
    return Promise.all(all);
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
    const generation = this.generation;
    const w = this.worker(i);
    w.run(task.job.text, task.job.runs, task.job.seed, (d) => task.progress(d))
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
