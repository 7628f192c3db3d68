// A small worker_threads pool: matching runs off the main thread so both cores work while
// the main thread reads files or git objects. Batches amortise message overhead.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Chunk, Provenance } from '../../types.js';
import type { RunnerConfig, WorkResult } from './runner.js';

/** The compiled worker script (under ts-jest this module runs from src/, the worker from dist/). */
function workerScript(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../../dist/engine/workers/worker.js', import.meta.url);
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
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { workerData: cfg });
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
    const transfer = new Set<ArrayBuffer>();
    const sendable = chunks.map((c) => {
      const b = c.bytes;
      // Transfer whole buffers we own; copy views of shared buffers (a clone would copy all
      // of it) and any buffer already in this batch (a transfer list takes each buffer once).
      // A blob's full provenance (up to 20 commits) stays here: workers see the first only,
      // and hits get the full list back in restore(). Cloning it cost more than the bytes.
      if (c.provenance.length > 1) c = { ...c, provenance: [c.provenance[0]] };
      if (b.byteLength === 0) return c; // deferred reads (Chunk.readFrom) carry no bytes
      const whole = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
      const own = whole && !transfer.has(b.buffer as ArrayBuffer) ? b : new Uint8Array(b); // a copy (Buffer#slice would share)
      transfer.add(own.buffer as ArrayBuffer);
      return { ...c, bytes: own };
    });
    return new Promise<WorkResult[]>((resolve, reject) => {
      this.pending.set(id, { resolve: (results) => resolve(restore(chunks, results)), reject, slot });
      slot.worker.postMessage({ id, chunks: sendable }, [...transfer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** Give each hit the full provenance of its chunk, kept back when the chunk was sent. */
function restore(chunks: Chunk[], results: WorkResult[]): WorkResult[] {
  results.forEach((r, i) => {
    const full = chunks[i].provenance;
    if (full.length < 2) return;
    for (const h of r.hits) h.provenance = full.map((p) => rebase(h.provenance[0], p));
  });
  return results;
}

/** `prov` with its innermost (non-archive) provenance replaced by `to`. */
function rebase(prov: Provenance, to: Provenance): Provenance {
  return prov.kind === 'archive' ? { ...prov, outer: rebase(prov.outer, to) } : to;
}
