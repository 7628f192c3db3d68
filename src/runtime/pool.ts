// A small worker_threads pool: matching runs off the main thread so both cores work while
// the main thread reads files or git objects. Batches amortise message overhead.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Chunk } from '../types.js';
import type { ChunkRunner, RunnerConfig, WorkResult } from './runner.js';
import { decodeResults, encodeBatch, type WireResults } from './wire.js';
import { workOf } from './work.js';

/** The compiled worker script (under ts-jest this module runs from src/, the worker from dist/). */
function workerScript(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/runtime/worker.js', import.meta.url);
}

/**
 * Workers by default: one per core, at most 8 (beyond that the source is the limit), less
 * the cores `reserved` for work that runs beside them (a history scan: git log and its
 * parsing on the main thread keep a core busy; a worker more only adds contention).
 */
export function defaultWorkerCount(reserved = 0): number {
  return Math.max(1, Math.min(availableParallelism() - reserved, 8));
}

/**
 * Workers for a whole-history scan: one per core but the one git log and the main thread
 * keep busy, and none when that leaves one (2 cores): matching on the main thread, between
 * reads of git's output, measured ~6% faster there than handing it to a single worker.
 */
export function historyWorkerCount(): number {
  const n = defaultWorkerCount(1);
  return n >= 2 ? n : 0;
}

/** Workers started ahead of need (prewarm), not yet taken by a pool. */
let warm: Worker[] = [];

/**
 * Start `count` workers now, to be taken by the next pool: they load their modules while the
 * CLI is still loading and parsing (~100 ms of start-up on an otherwise idle core). Unref'd:
 * if no pool takes them (usage error, --help), they do not hold the process open.
 */
export function prewarm(count = defaultWorkerCount()): void {
  const script = workerScript();
  for (let i = warm.length; i < count; i++) {
    const w = new Worker(script);
    w.unref();
    // An unused warm worker that fails (say, dist/ missing) must not crash the process.
    w.on('error', () => {});
    warm.push(w);
  }
}

interface Slot {
  worker: Worker;
  busy: number;
}

/** Where batches are matched: worker threads, or the main thread itself. */
export interface Pool {
  readonly size: number;
  run(chunks: Chunk[]): Promise<WorkResult[]>;
  close(): Promise<void>;
}

/**
 * Batches matched on the main thread, as a worker would: blobs asked of git a batch ahead.
 * For `--workers 0`, and for history scans on two cores, where a worker cost more in
 * start-up and hand-over than it took off the main thread.
 */
export class MainThreadPool implements Pool {
  readonly size = 1;
  constructor(private readonly runner: ChunkRunner) {}

  run(chunks: Chunk[]): Promise<WorkResult[]> {
    return this.runner.runBatch(chunks.map(workOf));
  }

  async close(): Promise<void> {}
}

export class WorkerPool implements Pool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, { resolve: (r: WireResults) => void; reject: (e: Error) => void; slot: Slot }>();
  private nextId = 0;

  constructor(cfg: RunnerConfig, size: number) {
    const script = workerScript();
    const taken = warm.splice(0, size);
    for (const w of warm) void w.terminate();
    warm = [];
    for (let i = 0; i < size; i++) {
      const worker = taken[i] ?? new Worker(script);
      worker.ref();
      // Configuration is the first message (a warm worker was started before there was one).
      worker.postMessage({ config: cfg });
      const slot: Slot = { worker, busy: 0 };
      worker.on('message', (msg: WireResults) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        slot.busy--;
        p.resolve(msg);
      });
      worker.on('error', (err) => {
        for (const [id, p] of this.pending) {
          if (p.slot === slot) {
            this.pending.delete(id);
            p.reject(err);
          }
        }
      });
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  run(chunks: Chunk[]): Promise<WorkResult[]> {
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    slot.busy++;
    const { batch, transfer } = encodeBatch(id, chunks);
    return new Promise<WorkResult[]>((resolve, reject) => {
      this.pending.set(id, { resolve: (w) => resolve(decodeResults(w, chunks.length)), reject, slot });
      slot.worker.postMessage(batch, transfer);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
