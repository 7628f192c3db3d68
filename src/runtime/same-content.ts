// Identical files scanned once (issue #11, property 5): node_modules holds the same LICENSE,
// package and bundle many times. Hashing every file would cost about as much as the keyword
// pass it would save, so only what could repeat is compared: a file whose size and first and
// last SAMPLE bytes match an earlier file's. The earlier file is then read again and compared
// byte for byte (no hash, so no collision to trust), and a file with the same bytes takes the
// earlier one's result with its own path: its hits become locations there, its warnings are
// said there. Per runner (one per worker thread): a copy that lands on another worker is
// scanned there, so a content is scanned at most once per worker.
//
// Not deduplicated: files under MIN_BYTES (matching them costs less than the compare),
// streamed files, a second distinct content with the same size and samples as an earlier one
// (scanned as usual), and any file at a path some rule is allowlisted at (the same bytes may
// count at one path and not at the other). A file rewritten while the scan runs may be taken
// for its old bytes: what a scan of a changing tree sees is not defined anyway.
import { readFileSync } from 'node:fs';
import type { Chunk, Provenance } from '../types.js';
import { displayPath } from '../sources/provenance.js';
import { fsPath } from '../sources/names.js';
import type { WorkResult } from './runner.js';

const MIN_BYTES = 1024;
const SAMPLE = 32;
/** Contents remembered per runner (~150 bytes each): bounds memory on a tree of millions of files. */
const MAX_ENTRIES = 100_000;

/** The first file of a size and samples, and the result it gave. */
interface First {
  readFrom: string;
  at: Provenance;
  result?: WorkResult;
}

export class SameContent {
  private readonly firsts = new Map<string, First>();

  constructor(private readonly allowsPath: (path: string) => boolean) {}

  /**
   * Before matching a whole file's bytes: `result` is filled and 'reused' returned when the
   * same bytes were scanned; else a callback to call with the result once it is complete
   * (undefined when there is nothing to remember).
   */
  check(chunk: Chunk, bytes: Uint8Array, result: WorkResult): 'reused' | ((r: WorkResult) => void) | undefined {
    const at = chunk.provenance[0];
    if (bytes.byteLength < MIN_BYTES || chunk.readFrom === undefined || chunk.lines || at?.kind !== 'file' || this.allowsPath(at.path)) return undefined;
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const key = `${b.byteLength}:${b.toString('latin1', 0, SAMPLE)}${b.toString('latin1', b.byteLength - SAMPLE)}`;
    const first = this.firsts.get(key);
    if (!first) {
      if (this.firsts.size >= MAX_ENTRIES) return undefined;
      const entry: First = { readFrom: chunk.readFrom, at };
      this.firsts.set(key, entry);
      return (r) => void (entry.result = copy(r));
    }
    if (first.result && sameBytes(first.readFrom, b)) {
      reuse(first, at, result);
      return 'reused';
    }
    return undefined;
  }
}

/** Whether the file at `readFrom` holds exactly `bytes` (false if it cannot be read again). */
function sameBytes(readFrom: string, bytes: Buffer): boolean {
  try {
    return readFileSync(fsPath(readFrom)).equals(bytes);
  } catch {
    return false;
  }
}

function copy(r: WorkResult): WorkResult {
  return { hits: r.hits.map((h) => ({ ...h })), warnings: r.warnings.map((w) => ({ ...w })), counts: { ...r.counts }, files: r.files, bytes: r.bytes };
}

/** `kept`'s result, as found at `to`: hits and warnings moved from its path to `to`'s. */
function reuse(kept: First, to: Provenance, result: WorkResult): void {
  const from = displayPath(kept.at);
  const there = displayPath(to);
  for (const h of kept.result!.hits) result.hits.push({ ...h, provenance: h.provenance.map((p) => rebase(p, to)) });
  for (const w of kept.result!.warnings) result.warnings.push({ ...w, path: w.path.startsWith(from) ? there + w.path.slice(from.length) : w.path });
  for (const [k, v] of Object.entries(kept.result!.counts)) result.counts[k] = (result.counts[k] ?? 0) + v;
  result.counts.duplicateContent = (result.counts.duplicateContent ?? 0) + 1;
  result.files = kept.result!.files;
  result.bytes = kept.result!.bytes;
}

/** `p` with its innermost (non-archive) provenance replaced by `to`. */
function rebase(p: Provenance, to: Provenance): Provenance {
  return p.kind === 'archive' ? { ...p, outer: rebase(p.outer, to) } : to;
}
