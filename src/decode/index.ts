// decode/: turns a Chunk (bytes) into the texts the engine matches.
// Minimal version for the core issue: UTF-8 text, binary files counted and skipped.
// The artifacts issue extends this with archives, images, UTF-16, escapes and strings.
import type { Chunk, ScanWarning, TextChunk } from '../types.js';

export interface DecodeLimits {
  maxDepth: number;
  maxArchiveBytes: number;
  maxEntries: number;
  maxRatio: number;
  maxEntryBytes: number;
}

export const DEFAULT_LIMITS: DecodeLimits = {
  maxDepth: 8,
  maxArchiveBytes: 4 * 1024 ** 3,
  maxEntries: 100_000,
  maxRatio: 200,
  maxEntryBytes: 512 * 1024 ** 2,
};

export interface DecodeContext {
  warn(w: ScanWarning): void;
  count(key: string, n?: number): void;
}

const utf8 = new TextDecoder('utf-8');

/** A NUL byte in the first 8 KB marks binary content (the same test git uses). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Async because container formats (zip, tar, gzip) are read through streaming libraries. */
export async function* expand(chunk: Chunk, _limits: DecodeLimits, ctx: DecodeContext): AsyncGenerator<TextChunk> {
  if (looksBinary(chunk.bytes)) {
    ctx.count('binarySkipped');
    return;
  }
  yield { text: utf8.decode(chunk.bytes), provenance: chunk.provenance, lines: chunk.lines };
}
