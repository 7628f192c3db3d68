// Run a Source with a simple context and collect what it yields and reports.
import type { Chunk, ScanWarning } from '../../../src/types.js';
import type { Source } from '../../../src/sources/source.js';

export interface Collected {
  chunks: Chunk[];
  warnings: ScanWarning[];
  counts: Record<string, number>;
  text(c: Chunk): string;
  /** Chunks whose bytes contain `s`. */
  containing(s: string): Chunk[];
}

export async function collect(source: Source, signal: AbortSignal = new AbortController().signal): Promise<Collected> {
  const chunks: Chunk[] = [];
  const warnings: ScanWarning[] = [];
  const counts: Record<string, number> = {};
  for await (const c of source({ warn: (w) => warnings.push(w), count: (k, n = 1) => void (counts[k] = (counts[k] ?? 0) + n), signal })) {
    // bytes must own their whole ArrayBuffer: the worker pool transfers it without copying
    if (c.bytes.byteOffset !== 0 || c.bytes.byteLength !== c.bytes.buffer.byteLength) throw new Error(`chunk ${c.id}: bytes share an ArrayBuffer`);
    chunks.push({ ...c, bytes: Buffer.from(c.bytes) });
  }
  const text = (c: Chunk) => Buffer.from(c.bytes).toString('utf8');
  return { chunks, warnings, counts, text, containing: (s) => chunks.filter((c) => text(c).includes(s)) };
}
