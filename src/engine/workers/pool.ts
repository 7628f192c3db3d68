// A small worker_threads pool: matching runs off the main thread so both cores work while
// the main thread reads files or git objects. Batches amortise message overhead.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Chunk, Provenance } from '../../types.js';
import type { RunnerConfig, WorkResult } from './runner.js';
import { displayPath } from '../../sources/provenance.js';

/** The compiled worker script (under ts-jest this module runs from src/, the worker from dist/). */
function workerScript(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../../dist/engine/workers/worker.js', import.meta.url);
}

/** Workers by default: one per core, at most 8 (beyond that the source is the limit). */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
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

/** A chunk on its way to a worker: its bytes are `packed[at, at + length)` of the batch. */
export type WireChunk = Omit<Chunk, 'bytes'> & { at: number; length: number };
export interface WireBatch {
  id: number;
  packed: Uint8Array;
  chunks: WireChunk[];
}

interface Slot {
  worker: Worker;
  busy: number;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, { resolve: (r: WorkResult[]) => void; reject: (e: Error) => void; slot: Slot }>();
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
      worker.on('message', (msg: { id: number; results: WorkResult[] }) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        slot.busy--;
        p.resolve(msg.results);
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
    // All of a batch's bytes travel in one transferred buffer: transferring thousands of
    // small blobs one ArrayBuffer each cost ~10 µs apiece, far more than one memcpy.
    const total = chunks.reduce((n, c) => n + c.bytes.byteLength, 0);
    const packed = new Uint8Array(total);
    let offset = 0;
    const sendable: WireChunk[] = chunks.map((c) => {
      const at = offset;
      packed.set(c.bytes, at);
      offset += c.bytes.byteLength;
      const { bytes: _bytes, provenance, ...rest } = c;
      return { ...rest, provenance: [wireProvenance(provenance[0])], at, length: c.bytes.byteLength };
    });
    return new Promise<WorkResult[]>((resolve, reject) => {
      this.pending.set(id, { resolve: (results) => resolve(restore(chunks, results)), reject, slot });
      slot.worker.postMessage({ id, packed, chunks: sendable } satisfies WireBatch, [packed.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/**
 * What a worker needs of a chunk's provenance: its display path (path allowlists, warnings).
 * A git blob's provenance (up to 20 commits with author, email, subject) stays here and hits
 * get it back in restore(): cloning it for every blob cost more than the blob's bytes.
 */
function wireProvenance(p: Provenance | undefined): Provenance {
  if (!p || p.kind === 'file' || p.kind === 'stdin' || p.kind === 'archive') return p ?? { kind: 'stdin' };
  return { kind: 'file', path: displayPath(p) };
}

/** Give each hit the full provenance of its chunk, kept back when the chunk was sent. */
function restore(chunks: Chunk[], results: WorkResult[]): WorkResult[] {
  results.forEach((r, i) => {
    const full = chunks[i].provenance;
    if (full.length < 2 && wireProvenance(full[0]) === full[0]) return;
    for (const h of r.hits) h.provenance = full.map((p) => rebase(h.provenance[0], p));
  });
  return results;
}

/** `prov` with its innermost (non-archive) provenance replaced by `to`. */
function rebase(prov: Provenance, to: Provenance): Provenance {
  return prov.kind === 'archive' ? { ...prov, outer: rebase(prov.outer, to) } : to;
}
