// Decode limits and context: re-exported by ./index.ts (the public names live there).
import type { LazyProvenance, NameField, Provenance, ScanWarning } from '../types.js';

export interface DecodeLimits {
  /** Archive levels that may be opened (a zip in a zip is 2). Default 8. */
  maxDepth: number;
  /** Total inflated bytes per top-level artifact, all nesting levels together. Default 4 GiB. */
  maxArchiveBytes: number;
  /** Entries per top-level artifact, all nesting levels together. Default 100 000. */
  maxEntries: number;
  /** Inflated/compressed size of one entry (zip bombs); not enforced below 1 MiB inflated. Default 200. */
  maxRatio: number;
  /** Inflated size of one entry; larger entries are skipped with a size-cap warning. Default 512 MiB. */
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
  /** An archive member's name was read (see SourceContext.name). */
  name?(text: string, field: NameField, provenance: LazyProvenance): void;
}

/** Streams and entries up to this many bytes are held whole (the fast path, all decoders available); larger ones are streamed. */
export const STREAM_OVER = 16 * 1024 * 1024;
