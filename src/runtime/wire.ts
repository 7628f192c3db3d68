// How batches cross to a worker and results come back. Per chunk, the main thread's cost is
// what bounds a history scan (tens of thousands of small blobs), so the format is columnar:
// arrays of strings and one buffer of bytes clone several times faster than an object per
// chunk, and results that say nothing (the vast majority) come back as a byte count only.
// A worker gets locators only (work.ts): ids and where to read, never where content was seen.
import type { Chunk, GitBlobRef } from '../types.js';
import type { WorkResult } from './runner.js';
import type { ViewHits } from './stream-windows.js';
import { workOf, type Work } from './work.js';

export interface WireBatch {
  id: number;
  /** Every chunk's loaded bytes, back to back; chunk i ends at ends[i]. */
  packed: Uint8Array;
  ends: Uint32Array;
  ids: string[];
  /** Per chunk: a file for the worker to read ('' = bytes are in `packed`). */
  readFrom: string[];
  /** Per chunk: read the blob `ids[i]` from git (`gitRefs[i]` indexes `refs`; -1 = no). */
  gitRefs: Int32Array;
  refs: GitBlobRef[];
  /** Rare fields, by chunk index: pre-commit line sets, archive depth of streamed entries. */
  lines: Array<[number, number[]]>;
  depths: Array<[number, number]>;
}

export interface WireResults {
  id: number;
  /** Bytes each chunk scanned (a chunk with a full result below has its count there). */
  bytes: Float64Array;
  /** Results with anything to say (hits, warnings, counts, a deferred archive), by index. */
  full: Array<[number, WorkResult]>;
}

export function encodeBatch(id: number, chunks: readonly Chunk[]): { batch: WireBatch; transfer: ArrayBuffer[] } {
  const n = chunks.length;
  let total = 0;
  for (const c of chunks) total += c.bytes.byteLength;
  // One transferred buffer: transferring thousands of small ArrayBuffers cost ~10 µs apiece.
  const packed = new Uint8Array(total);
  const ends = new Uint32Array(n);
  const ids = new Array<string>(n);
  const readFrom = new Array<string>(n);
  const gitRefs = new Int32Array(n);
  const refs: GitBlobRef[] = [];
  const lines: Array<[number, number[]]> = [];
  const depths: Array<[number, number]> = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const c = chunks[i]!;
    packed.set(c.bytes, offset);
    offset += c.bytes.byteLength;
    ends[i] = offset;
    ids[i] = c.id;
    readFrom[i] = c.readFrom ?? '';
    let r = -1;
    if (c.gitBlob) {
      r = refs.indexOf(c.gitBlob);
      if (r < 0) r = refs.push(c.gitBlob) - 1;
    }
    gitRefs[i] = r;
    if (c.lines) lines.push([i, c.lines]);
    if (c.provenance[0]?.kind === 'archive') depths.push([i, workOf(c).depth]);
  }
  return { batch: { id, packed, ends, ids, readFrom, gitRefs, refs, lines, depths }, transfer: [packed.buffer as ArrayBuffer] };
}

/** A window of a stream, sent to a worker to match (pool.ts matchWindow), and its answer. */
export interface WireWindow {
  window: string;
}
export interface WireWindowResult {
  views: ViewHits[];
}

/** In the worker: the batch's locators. */
export function decodeBatch(b: WireBatch): Work[] {
  const works: Work[] = new Array(b.ids.length);
  let start = 0;
  for (let i = 0; i < b.ids.length; i++) {
    const end = b.ends[i]!;
    const w: Work = { id: b.ids[i]!, bytes: b.packed.subarray(start, end), depth: 0 };
    start = end;
    if (b.readFrom[i]) w.readFrom = b.readFrom[i];
    if (b.gitRefs[i]! >= 0) w.gitBlob = b.refs[b.gitRefs[i]!];
    works[i] = w;
  }
  for (const [i, lines] of b.lines) works[i]!.lines = lines;
  for (const [i, depth] of b.depths) works[i]!.depth = depth;
  return works;
}

/** In the worker. */
export function encodeResults(id: number, results: readonly WorkResult[]): WireResults {
  const bytes = new Float64Array(results.length);
  const full: Array<[number, WorkResult]> = [];
  results.forEach((r, i) => {
    bytes[i] = r.bytes;
    if (r.hits.length || r.warnings.length || r.deferred || r.empty || r.files !== 1 || hasKeys(r.counts)) full.push([i, r]);
  });
  return { id, bytes, full };
}

/** On the main thread: one result per chunk, in order (joined with provenance in join.ts). */
export function decodeResults(w: WireResults, count: number): WorkResult[] {
  const out = new Array<WorkResult>(count);
  for (let i = 0; i < count; i++) out[i] = { hits: NONE, warnings: NONE, counts: NO_COUNTS, files: 1, bytes: w.bytes[i]! };
  for (const [i, r] of w.full) out[i] = r;
  return out;
}

// Shared by every silent result: nothing reads them but to iterate.
const NONE: never[] = Object.freeze([]) as never[];
const NO_COUNTS: Record<string, number> = Object.freeze({}) as Record<string, number>;

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}
