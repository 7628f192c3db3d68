// How batches cross to a worker and results come back. Per chunk, the main thread's cost is
// what bounds a history scan (tens of thousands of small blobs), so the format is columnar:
// arrays of strings and one buffer of bytes clone several times faster than an object per
// chunk, and results that say nothing (the vast majority) come back as a byte count only.
import type { Chunk, GitBlobRef } from '../types.js';
import type { WorkResult } from './runner.js';
import { displayPath } from '../sources/provenance.js';
import { reattach } from './reattach.js';

export interface WireBatch {
  id: number;
  /** Every chunk's loaded bytes, back to back; chunk i ends at ends[i]. */
  packed: Uint8Array;
  ends: Uint32Array;
  ids: string[];
  /**
   * Display path per chunk: all a worker needs of provenance (path allowlists, warnings).
   * A git blob's provenance (up to 20 commits with author and subject) stays on the main
   * thread and is given back to hits there (reattach.ts).
   */
  paths: string[];
  /** Per chunk: a file for the worker to read ('' = bytes are in `packed`). */
  readFrom: string[];
  /** Per chunk: read the blob `ids[i]` from git (`gitRefs[i]` indexes `refs`; -1 = no). */
  gitRefs: Int32Array;
  refs: GitBlobRef[];
  /** Rare fields, by chunk index. */
  lines: Array<[number, number[]]>;
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
  const paths = new Array<string>(n);
  const readFrom = new Array<string>(n);
  const gitRefs = new Int32Array(n);
  const refs: GitBlobRef[] = [];
  const lines: Array<[number, number[]]> = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const c = chunks[i]!;
    packed.set(c.bytes, offset);
    offset += c.bytes.byteLength;
    ends[i] = offset;
    ids[i] = c.id;
    const p = c.provenance[0];
    paths[i] = p ? (p.kind === 'file' ? p.path : displayPath(p)) : '-';
    readFrom[i] = c.readFrom ?? '';
    let r = -1;
    if (c.gitBlob) {
      r = refs.indexOf(c.gitBlob);
      if (r < 0) r = refs.push(c.gitBlob) - 1;
    }
    gitRefs[i] = r;
    if (c.lines) lines.push([i, c.lines]);
  }
  return { batch: { id, packed, ends, ids, paths, readFrom, gitRefs, refs, lines }, transfer: [packed.buffer as ArrayBuffer] };
}

/** In the worker: the batch's chunks, provenance a stand-in `{ kind: 'file', path }`. */
export function decodeBatch(b: WireBatch): Chunk[] {
  const chunks: Chunk[] = new Array(b.ids.length);
  let start = 0;
  for (let i = 0; i < b.ids.length; i++) {
    const end = b.ends[i]!;
    const c: Chunk = { id: b.ids[i]!, bytes: b.packed.subarray(start, end), provenance: [{ kind: 'file', path: b.paths[i]! }] };
    start = end;
    if (b.readFrom[i]) c.readFrom = b.readFrom[i];
    if (b.gitRefs[i]! >= 0) c.gitBlob = b.refs[b.gitRefs[i]!];
    chunks[i] = c;
  }
  for (const [i, lines] of b.lines) chunks[i]!.lines = lines;
  return chunks;
}

/** In the worker. */
export function encodeResults(id: number, results: readonly WorkResult[]): WireResults {
  const bytes = new Float64Array(results.length);
  const full: Array<[number, WorkResult]> = [];
  results.forEach((r, i) => {
    bytes[i] = r.bytes;
    if (r.hits.length || r.warnings.length || r.deferred || r.files !== 1 || hasKeys(r.counts)) full.push([i, r]);
  });
  return { id, bytes, full };
}

/** On the main thread: one result per chunk, hits given their chunk's full provenance back. */
export function decodeResults(w: WireResults, chunks: readonly Chunk[]): WorkResult[] {
  const out = new Array<WorkResult>(chunks.length);
  for (let i = 0; i < chunks.length; i++) out[i] = { hits: NONE, warnings: NONE, counts: NO_COUNTS, files: 1, bytes: w.bytes[i]! };
  for (const [i, r] of w.full) {
    const c = chunks[i]!;
    const p = c.provenance;
    // As sent: a lone file provenance; late provenance (Chunk.settle) is attached when known.
    const asSent = (p.length === 1 && p[0]!.kind === 'file' && !c.moreProvenance) || !p[0] || c.settle;
    // The stand-in's display path is that of p[0]: warnings keep theirs.
    out[i] = asSent ? r : reattach(r, undefined, p, c.moreProvenance);
  }
  return out;
}

// Shared by every silent result: nothing reads them but to iterate.
const NONE: never[] = Object.freeze([]) as never[];
const NO_COUNTS: Record<string, number> = Object.freeze({}) as Record<string, number>;

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}
