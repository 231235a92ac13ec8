// Worker threads that run the big kernels' shares on the same (shared) WebAssembly memory.
// Each worker instantiates the module on that memory and sleeps on its own wake-up word; a
// job is its arguments written to a shared control block, then the wake-up word of each
// worker that takes part set to the job's number. The calling thread runs share 0 itself
// and then waits for the others with Atomics: blocking in Node (and in workers), spinning
// on a browser's main thread, which may not block.
import type { LoadedModule } from './module.js';
import type { KernelExports } from './runtime.js';

/** Kernels that can be split over threads; their last arguments are (thread, threads, ...rest). */
export type ParallelKernel =
  | 'matmul' | 'sparseAggregate' | 'sparseExtremeShare' | 'sparseExtremeGradInput' | 'sparseExtremeGradWeight' | 'edgeDot'
  | 'attention' | 'attentionQueryGrad' | 'attentionKeyValueGrad'
  | 'lstmGates' | 'lstmGatesGrad' | 'gruGates' | 'gruGatesGrad';
const PARALLEL: readonly ParallelKernel[] = [
  'matmul', 'sparseAggregate', 'sparseExtremeShare', 'sparseExtremeGradInput', 'sparseExtremeGradWeight', 'edgeDot',
  'attention', 'attentionQueryGrad', 'attentionKeyValueGrad',
  'lstmGates', 'lstmGatesGrad', 'gruGates', 'gruGatesGrad',
];

// Control block (Int32 slots; worker i sleeps on WAKE + i), then Float64 arguments.
const JOB = 0;
const PENDING = 1;
const KERNEL = 2;
const THREADS = 3;
const ARG_COUNT = 4;
const THREAD_AT = 5;
const READY = 6;
const FAILED = 7;
const WAKE = 16;
const SLOTS = 256;
const MAX_WORKERS = SLOTS - WAKE - 1;
const ARGS_AT = SLOTS * 4;
const MAX_ARGS = 32;
/** How long the caller waits for the workers' shares before it reports the pool stuck. */
const STALL_MS = 120_000;

// The worker's body: one prelude per platform supplies `onFirst` (the first message).
const WORKER_BODY = `
onFirst(({ module, memory, control, id, names }) => {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const ctl = new Int32Array(control, 0, ${SLOTS});
  const args = new Float64Array(control, ${ARGS_AT}, ${MAX_ARGS});
  // Jobs are numbered from 1: one posted to this worker before it was up runs right away.
  let done = 0;
  Atomics.add(ctl, ${READY}, 1);
  for (;;) {
    Atomics.wait(ctl, ${WAKE} + id, done);
    const job = Atomics.load(ctl, ${WAKE} + id);
    // A wake-up without a new job must not run the last one again.
    if (job === done) continue;
    done = job;
    const threads = ctl[${THREADS}];
    try {
      const list = Array.from(args.subarray(0, ctl[${ARG_COUNT}]));
      const at = ctl[${THREAD_AT}];
      list[at] = id;
      list[at + 1] = threads;
      exports[names[ctl[${KERNEL}]]](...list);
    } catch {
      Atomics.store(ctl, ${FAILED}, 1);
    }
    if (Atomics.sub(ctl, ${PENDING}, 1) === 1) Atomics.notify(ctl, ${PENDING});
  }
});`;
const NODE_PRELUDE = "const { parentPort } = require('node:worker_threads'); const onFirst = (f) => parentPort.once('message', f);";
const BROWSER_PRELUDE = 'const onFirst = (f) => { self.onmessage = (e) => { self.onmessage = null; f(e.data); }; };';

interface WorkerHandle {
  postMessage(message: unknown): void;
}

type Spawn = () => WorkerHandle;

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

// Hidden from bundlers: browsers never load Node's modules.
const nodeModule = (name: string): Promise<unknown> => import(/* @vite-ignore */ /* webpackIgnore: true */ `node:${name}`);

function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

/** How to start a worker on this host, or null where workers cannot share memory. */
async function workerFactory(): Promise<Spawn | null> {
  if (isNode()) {
    const { Worker } = (await nodeModule('worker_threads')) as typeof import('node:worker_threads');
    return () => {
      const worker = new Worker(`${NODE_PRELUDE}\n${WORKER_BODY}`, { eval: true });
      worker.unref();
      return worker;
    };
  }
  const scope = globalThis as { Worker?: new (url: string) => WorkerHandle; crossOriginIsolated?: boolean };
  if (!scope.Worker || !scope.crossOriginIsolated) return null;
  const url = URL.createObjectURL(new Blob([`${BROWSER_PRELUDE}\n${WORKER_BODY}`], { type: 'text/javascript' }));
  const WorkerClass = scope.Worker;
  return () => new WorkerClass(url);
}

/** The number of cores the host reports (1 where it reports none). */
export async function availableCores(): Promise<number> {
  if (isNode()) {
    const os = (await nodeModule('os')) as typeof import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  }
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

/** A pool of worker threads over one shared memory; runs single-threaded until they are up. */
export class ThreadPool {
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private readonly workers: WorkerHandle[] = [];
  private readonly blocking = canBlock();
  /** Threads asked for; null until setThreads, meaning "as many as there are cores". */
  private requested: number | null = null;
  private detecting = false;
  private starting: Promise<void> = Promise.resolve();

  constructor(
    private readonly loaded: LoadedModule,
    private readonly exports: KernelExports,
  ) {
    const buffer = new SharedArrayBuffer(ARGS_AT + MAX_ARGS * 8);
    this.control = new Int32Array(buffer, 0, SLOTS);
    this.args = new Float64Array(buffer, ARGS_AT, MAX_ARGS);
  }

  /**
   * Threads a job may use now: the caller plus the workers that are up, at most as asked.
   * The first call without setThreads starts one worker per further core in the background.
   */
  get threads(): number {
    if (this.requested === null) {
      if (!this.detecting) {
        this.detecting = true;
        void availableCores().then((cores) => {
          if (this.requested === null) void this.resize(cores);
        });
      }
      return 1;
    }
    return Math.min(this.requested, 1 + Atomics.load(this.control, READY));
  }

  /** The thread count asked for (1 until the default is known). */
  get requestedThreads(): number {
    return this.requested ?? 1;
  }

  /** Asks for `n` threads (the caller included); resolves once the workers are up. */
  resize(count: number): Promise<void> {
    const n = Math.min(count, MAX_WORKERS + 1);
    this.requested = n;
    const missing = n - 1 - this.workers.length;
    if (missing > 0) {
      this.starting = this.starting.then(() => this.spawn(missing));
    }
    return this.starting;
  }

  private async spawn(count: number): Promise<void> {
    const spawn = await workerFactory();
    if (!spawn) {
      this.requested = 1;
      return;
    }
    const target = Atomics.load(this.control, READY) + count;
    for (let i = 0; i < count; i++) {
      const worker = spawn();
      this.workers.push(worker);
      worker.postMessage({
        module: this.loaded.module,
        memory: this.loaded.memory,
        control: this.control.buffer,
        id: this.workers.length,
        names: PARALLEL,
      });
    }
    // Poll rather than block: in a browser this is the main thread.
    while (Atomics.load(this.control, READY) < target) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  /**
   * Runs `kernel(...args)` split over up to `threads` threads: `args[threadAt]` and
   * `args[threadAt + 1]` are filled with each share's thread index and the thread count.
   */
  run(kernel: ParallelKernel, args: number[], threadAt: number, threads = this.threads): void {
    const run = this.exports[kernel] as (...a: number[]) => void;
    if (threads <= 1) {
      args[threadAt] = 0;
      args[threadAt + 1] = 1;
      run(...args);
      return;
    }
    const ctl = this.control;
    this.args.set(args);
    ctl[KERNEL] = PARALLEL.indexOf(kernel);
    ctl[THREADS] = threads;
    ctl[ARG_COUNT] = args.length;
    ctl[THREAD_AT] = threadAt;
    ctl[FAILED] = 0;
    Atomics.store(ctl, PENDING, threads - 1);
    const job = Atomics.add(ctl, JOB, 1) + 1;
    for (let id = 1; id < threads; id++) {
      Atomics.store(ctl, WAKE + id, job);
      Atomics.notify(ctl, WAKE + id);
    }
    args[threadAt] = 0;
    args[threadAt + 1] = threads;
    try {
      run(...args);
    } finally {
      // Even when share 0 traps, the workers still read the control block: the next job
      // may only overwrite it once they are done.
      const started = Date.now();
      for (let pending = Atomics.load(ctl, PENDING); pending !== 0; pending = Atomics.load(ctl, PENDING)) {
        if (this.blocking) Atomics.wait(ctl, PENDING, pending, 1000);
        // No share takes minutes: fail loudly rather than hang if a worker never answers.
        if (Date.now() - started > STALL_MS) {
          throw new Error(`wasm: ${kernel}: ${pending} of ${threads - 1} worker thread(s) still busy after ${STALL_MS / 1000} s (job ${job}); setThreads(1) runs without workers`);
        }
      }
    }
    if (ctl[FAILED]) throw new Error(`wasm: ${kernel} failed in a worker thread`);
  }
}
