// Hands chunks on to be matched: on this thread while the input is small (pre-commit,
// stdin), then in batches to a worker pool, with a bounded number of batches in flight
// (backpressure keeps memory bounded). It also knows when to stop waiting: after an abort
// with user rules, a worker may be inside a regex call that runs to its budget (seconds).
import type { Chunk } from '../types.js';
import type { ChunkRunner, RunnerConfig, WorkResult } from './runner.js';
import type { Pool } from './pool.js';
import { workOf } from './work.js';

/** Below this much input, starting workers costs more than it saves (pre-commit, stdin). */
const INLINE_BYTES = 4 * 1024 * 1024;
const INLINE_CHUNKS = 64;
const BATCH_BYTES = 1024 * 1024;
const BATCH_CHUNKS = 256;

export interface DispatchOptions {
  cfg: RunnerConfig;
  inline: ChunkRunner;
  /** Worker threads; 0 = all on this thread. */
  workers: number;
  eagerWorkers: boolean;
  signal: AbortSignal;
  /** Results, in the order of their chunks (joined with their provenance there: join.ts). */
  accept(chunks: Chunk[], results: WorkResult[]): void;
  /** A chunk was handed on (progress, for the interrupted warning). */
  submitted(chunk: Chunk): void;
}

export class Dispatcher {
  private pool: Pool | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private batch: Chunk[] = [];
  private batchBytes = 0;
  private submittedChunks = 0;
  private submittedBytes = 0;
  private readonly userRules: boolean;
  private readonly poolSize: number;
  /** Whether the pool has all its workers (one started for a stream's windows has fewer). */
  private full = false;
  private readonly stopped: Promise<void>;

  private constructor(private readonly o: DispatchOptions, private readonly pools: typeof import('./pool.js')) {
    // User rules (--rules) never match on this thread, which must stay free to hear Ctrl-C
    // and SIGTERM and to end the workers: a worker, even with --workers 0, from the start.
    this.userRules = o.inline.hasUserRules;
    const signal = o.signal;
    this.stopped = new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })));
    this.poolSize = Math.max(this.userRules ? 1 : 0, o.workers);
    if (o.eagerWorkers || this.userRules) this.startPool();
    // A long stream matched here (stdin, a large file or member) shares its windows with the
    // workers, started for it if the input was small until then: only as many as take
    // windows (~25 MB each), the rest when batches come.
    o.inline.windowHelper = {
      match: (text) => {
        if (!this.pool && this.poolSize > 0) this.startPool(Math.min(this.poolSize, pools.WINDOWS_OUT));
        return this.pool?.matchWindow?.(text);
      },
      // User rules never match a window here: it waits for a worker (see the constructor).
      waitWhenBusy: () => this.userRules || this.pool?.windowsFillCores === true,
    };
  }

  static async create(o: Omit<DispatchOptions, 'workers'> & { workers?: number }): Promise<Dispatcher> {
    // Loaded only when a scan runs: the pool module pulls in worker_threads.
    const pools = await import('./pool.js');
    return new Dispatcher({ ...o, workers: o.workers ?? pools.defaultWorkerCount() }, pools);
  }

  /** With user rules, once aborted nothing waits on a worker. Built-in rules are fast: their batches are finished. */
  readonly abandon = (): boolean => this.userRules && this.o.signal.aborted;
  readonly untilStopped = <T>(p: Promise<T>): Promise<unknown> => (this.userRules ? Promise.race([p, this.stopped]) : p);

  /** Hand a chunk on; returns a promise only when the caller must wait (backpressure). */
  submit(chunk: Chunk): Promise<void> | undefined {
    // Bytes not loaded yet count by their known size (git blobs); unread files count as 0.
    const weight = chunk.bytes.byteLength || (chunk.size ?? 0);
    this.submittedChunks++;
    this.o.submitted(chunk);
    this.submittedBytes += weight;
    if (!this.pool && (this.submittedBytes > INLINE_BYTES || this.submittedChunks > INLINE_CHUNKS)) this.startPool();
    // A stream (stdin, FIFO, large member) cannot cross to a worker: it runs here, in order.
    if (!this.pool || chunk.stream) return this.o.inline.run(workOf(chunk)).then((r) => this.o.accept([chunk], [r]));
    // A batch for a pool started for a stream's windows: now it gets all its workers.
    if (!this.full) this.startPool();
    this.batch.push(chunk);
    this.batchBytes += weight;
    if (this.batchBytes >= BATCH_BYTES || this.batch.length >= BATCH_CHUNKS) return this.flush();
    return undefined;
  }

  /** Everything submitted so far is matched (unless abandoned). */
  async drain(): Promise<void> {
    if (!this.pool || this.abandon()) return;
    await this.flush();
    await this.untilStopped(Promise.all(this.inFlight));
  }

  /** Ends the workers, even one inside a regex call (V8 terminates it there). */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  /** Workers started so far (0: matching on this thread only). */
  get workersStarted(): number {
    return this.pool && this.poolSize > 0 ? this.pool.size : 0;
  }

  /** The pool, or more of its workers: `size` short of poolSize only for a stream's windows. */
  private startPool(size = this.poolSize): void {
    this.full = size === this.poolSize;
    if (this.pool) this.pool.grow?.(size);
    else this.pool = this.poolSize > 0 ? new this.pools.WorkerPool(this.o.cfg, size) : new this.pools.MainThreadPool(this.o.inline);
  }

  private async flush(): Promise<void> {
    if (!this.batch.length) return;
    const chunks = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    const p: Promise<void> = this.pool!
      .run(chunks)
      .then((results) => this.o.accept(chunks, results))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    // Backpressure: a bounded number of batches in flight keeps memory bounded.
    while (this.inFlight.size >= this.pool!.size * 2 && !this.abandon()) await this.untilStopped(Promise.race(this.inFlight));
  }
}
