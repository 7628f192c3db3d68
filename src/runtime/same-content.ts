// Identical files scanned once (issue #11, property 5): node_modules holds the same LICENSE,
// package and bundle many times. Hashing every file would cost about as much as the keyword
// pass it would save, so only what could repeat is compared: a file whose size and first and
// last SAMPLE bytes match an earlier file's. The earlier file is then read again and compared
// byte for byte (no hash, so no collision to trust), and a file with the same bytes takes the
// earlier one's result: results are relative to their content (work.ts), so the join places
// its hits and warnings at the file's own path, and applies path allowlists there. Per runner
// (one per worker thread): a copy that lands on another worker is scanned there, so a content
// is scanned at most once per worker.
//
// Not deduplicated: files under MIN_BYTES (matching them costs less than the compare),
// streamed files, pre-commit line sets, and a second distinct content with the same size and
// samples as an earlier one (scanned as usual). A file rewritten while the scan runs may be
// taken for its old bytes: what a scan of a changing tree sees is not defined anyway.
import { readFileSync } from 'node:fs';
import { fsPath } from '../sources/names.js';
import type { WorkResult } from './runner.js';
import type { Work } from './work.js';

const MIN_BYTES = 1024;
const SAMPLE = 32;
/** Contents remembered per runner (~150 bytes each): bounds memory on a tree of millions of files. */
const MAX_ENTRIES = 100_000;

/** The first file of a size and samples, and the result it gave. */
interface First {
  readFrom: string;
  result?: WorkResult;
}

export class SameContent {
  private readonly firsts = new Map<string, First>();

  /**
   * Before matching a whole file's bytes: `result` is filled and 'reused' returned when the
   * same bytes were scanned; else a callback to call with the result once it is complete
   * (undefined when there is nothing to remember).
   */
  check(work: Work, bytes: Uint8Array, result: WorkResult): 'reused' | ((r: WorkResult) => void) | undefined {
    if (bytes.byteLength < MIN_BYTES || work.readFrom === undefined || work.lines) return undefined;
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const key = `${b.byteLength}:${b.toString('latin1', 0, SAMPLE)}${b.toString('latin1', b.byteLength - SAMPLE)}`;
    const first = this.firsts.get(key);
    if (!first) {
      if (this.firsts.size >= MAX_ENTRIES) return undefined;
      const entry: First = { readFrom: work.readFrom };
      this.firsts.set(key, entry);
      return (r) => void (entry.result = copy(r));
    }
    if (first.result && sameBytes(first.readFrom, b)) {
      reuse(first.result, result);
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

/** The kept result, as this file's: the same hits and warnings (relative), counts added to. */
function reuse(kept: WorkResult, result: WorkResult): void {
  for (const h of kept.hits) result.hits.push({ ...h });
  for (const w of kept.warnings) result.warnings.push({ ...w });
  for (const [k, v] of Object.entries(kept.counts)) result.counts[k] = (result.counts[k] ?? 0) + v;
  result.counts.duplicateContent = (result.counts.duplicateContent ?? 0) + 1;
  result.files = kept.files;
  result.bytes = kept.bytes;
}
