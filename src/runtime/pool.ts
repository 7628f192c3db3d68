// A small worker_threads pool: matching runs off the main thread so both cores work while
// the main thread reads files or git objects. Batches amortise message overhead.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Chunk } from '../types.js';
import type { ChunkRunner, RunnerConfig, WorkResult } from './runner.js';
import { decodeResults, encodeBatch, type WireResults, type WireWindowResult } from './wire.js';
import type { ViewHits } from './stream-windows.js';
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

/** CPU cores, asked once. */
let cores: number | undefined;

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

/**
 * Windows of one stream out with workers at once. Each costs ~75 MB of RSS while out (its
 * text on both threads, the copy between them, the worker's heap growth); two, with the main
 * thread matching a third, is where a single line stops being one core's work.
 */
export const WINDOWS_OUT = 2;

interface Slot {
  worker: Worker;
  busy: number;
  /** A window of a long stream this worker is matching for the main thread (stream-windows.ts). */
  window?: { resolve: (v: ViewHits[]) => void; reject: (e: Error) => void };
}

/** Where batches are matched: worker threads, or the main thread itself. */
export interface Pool {
  readonly size: number;
  run(chunks: Chunk[]): Promise<WorkResult[]>;
  /** One window of a stream matched by a worker that has none; undefined when all have one. */
  matchWindow?(text: string): Promise<ViewHits[]> | undefined;
  /** Whether the windows this pool takes at most already fill every core (see WindowHelper). */
  readonly windowsFillCores?: boolean;
  /** More workers, up to `size` (a worker pool). */
  grow?(size: number): void;
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

  constructor(private readonly cfg: RunnerConfig, size: number) {
    const taken = warm.splice(0, size);
    for (const w of warm) void w.terminate();
    warm = [];
    this.grow(size, taken);
  }

  /** Whether the windows this pool takes at most already fill every core (see WindowHelper). */
  get windowsFillCores(): boolean {
    return Math.min(WINDOWS_OUT, this.slots.length) >= (cores ??= availableParallelism());
  }

  /** Workers up to `size`: a pool started for one stream's windows grows when batches come. */
  grow(size: number, taken: Worker[] = []): void {
    const script = workerScript();
    while (this.slots.length < size) this.add(taken.shift() ?? new Worker(script));
  }

  private add(worker: Worker): void {
    worker.ref();
    // Configuration is the first message (a warm worker was started before there was one).
    worker.postMessage({ config: this.cfg });
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (msg: WireResults | WireWindowResult) => {
      if ('views' in msg) return this.windowDone(slot, msg.views);
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      slot.busy--;
      p.resolve(msg);
    });
    worker.on('error', (err) => {
      slot.window?.reject(err);
      slot.window = undefined;
      for (const [id, p] of this.pending) {
        if (p.slot === slot) {
          this.pending.delete(id);
          p.reject(err);
        }
      }
    });
    this.slots.push(slot);
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

  matchWindow(text: string): Promise<ViewHits[]> | undefined {
    // The least busy of the workers without a window, while fewer than WINDOWS_OUT are out.
    let slot: Slot | undefined;
    let out = 0;
    for (const s of this.slots) {
      if (s.window) out++;
      else if (!slot || s.busy < slot.busy) slot = s;
    }
    if (!slot || out >= WINDOWS_OUT) return undefined;
    const taken = slot;
    return new Promise<ViewHits[]>((resolve, reject) => {
      taken.window = { resolve, reject };
      taken.worker.postMessage({ window: text });
    });
  }

  private windowDone(slot: Slot, views: ViewHits[]): void {
    const w = slot.window;
    slot.window = undefined;
    w?.resolve(views);
  }

  async close(): Promise<void> {
    for (const s of this.slots) {
      s.window?.reject(new Error('worker pool closed'));
      s.window = undefined;
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
