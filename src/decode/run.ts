// Per-artifact state of one decode run: the shared budgets (bytes, entries) that every
// nesting level draws from, so a nested bomb cannot multiply them, and the one place
// where a hit limit becomes a ScanWarning.
import type { Provenance, ViewWindows, WarningKind } from '../types.js';
import { displayPath } from '../sources/provenance.js';
import type { DecodeContext, DecodeLimits } from './limits.js';
import type { Marks } from './encoded-views.js';
import type { WindowOptions } from './window.js';

/**
 * Below this many inflated bytes the compression ratio is not enforced: small files of
 * repeated bytes legitimately compress far better than any sane limit.
 */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

export class Run {
  bytes = 0;
  entries = 0;
  /** Set when a tree-wide budget is exhausted: every level stops. */
  stopped = false;

  constructor(
    readonly limits: DecodeLimits,
    readonly ctx: DecodeContext,
    /** The engine's keyword prefilter over raw bytes (see ExpandOptions.mayMatch). */
    readonly mayMatch?: (bytes: Uint8Array) => boolean,
    /** The marks of that pass (see ExpandOptions.marks). */
    readonly marks?: (bytes: Uint8Array) => Marks | undefined,
    /** How much of a text a view keeps around a decoded part (see ExpandOptions.windows). */
    readonly windows?: ViewWindows,
    /** Where the windows of a member streamed in windows go (see ExpandOptions.takeWindow). */
    readonly takeWindow?: WindowOptions['takeWindow'],
  ) {}

  /** `takeWindow` as a WindowOptions field, or nothing. */
  windowHooks(): WindowOptions {
    return this.takeWindow ? { takeWindow: this.takeWindow } : {};
  }

  /** `windows` as a Pass field, or nothing. */
  viewWindows(): { windows?: ViewWindows } {
    return this.windows ? { windows: this.windows } : {};
  }

  warn(kind: WarningKind, where: Provenance[] | string, message: string): void {
    const path = typeof where === 'string' ? where : where.length ? displayPath(where[0]) : '-';
    this.ctx.warn({ kind, path, message });
  }

  /**
   * Provenance of the member `inner` of `provenance`, its name handed on to be scanned for
   * secrets (DecodeContext.name): every member name that decode reads passes here.
   */
  child(provenance: Provenance[], inner: string): Provenance[] {
    const at = child(provenance, inner);
    this.ctx.name?.(inner, 'name', at);
    return at;
  }

  /** Count one more entry; false (with one warning) when the artifact has too many. */
  takeEntry(where: Provenance[] | string): boolean {
    if (this.stopped) return false;
    if (++this.entries > this.limits.maxEntries) {
      this.stopped = true;
      this.warn('archive-limit', where, `more than ${this.limits.maxEntries} archive entries (maxEntries): remaining entries not scanned`);
      return false;
    }
    return true;
  }

  /** Bytes an entry may still inflate to: the smaller of the per-entry cap and what is left of the budget. */
  entryCap(): number {
    return Math.max(0, Math.min(this.limits.maxEntryBytes, this.limits.maxArchiveBytes - this.bytes));
  }

  /** Account for inflated bytes. */
  addBytes(n: number): void {
    this.bytes += n;
  }

  /** Warn and stop when an entry did not fit in the remaining total budget. */
  budgetExhausted(where: Provenance[] | string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.warn('archive-limit', where, `archive expands to more than ${this.limits.maxArchiveBytes} bytes (maxArchiveBytes): remaining entries not scanned`);
  }

  /** The warning for an entry that inflated (or declares it inflates) past its cap: which limit was it? */
  overLimit(at: Provenance[] | string, inflatedAtLeast: number, compressed: number | undefined): void {
    const { limits } = this;
    if (compressed !== undefined && inflatedAtLeast > this.ratioCap(compressed)) {
      this.warn('archive-limit', at, `compression ratio above ${limits.maxRatio}:1 (maxRatio; ${compressed} bytes inflate past ${this.ratioCap(compressed)}): entry not scanned (zip bomb?)`);
    } else if (inflatedAtLeast > limits.maxEntryBytes) {
      this.sizeCap(at);
    } else {
      this.budgetExhausted(at);
    }
  }

  /** An entry over maxEntryBytes: skipped, the others go on. */
  sizeCap(at: Provenance[] | string): void {
    this.warn('size-cap', at, `entry larger than ${this.limits.maxEntryBytes} bytes (maxEntryBytes): not scanned`);
  }

  /** A container one level too deep: not opened. */
  depthLimit(at: Provenance[] | string, kind: string): void {
    this.ctx.count('depthLimited');
    this.warn('depth-limit', at, `${kind} nested more than ${this.limits.maxDepth} archive levels deep (maxDepth): not opened`);
  }

  /** Largest inflated size allowed for `compressed` input bytes by the ratio limit. */
  ratioCap(compressed: number): number {
    return Math.max(RATIO_FLOOR_BYTES, compressed * this.limits.maxRatio);
  }
}

/** Number of archive levels in a provenance: the depth its bytes sit at. */
export function archiveDepth(p: Provenance | undefined): number {
  let d = 0;
  while (p && p.kind === 'archive') {
    d++;
    p = p.outer;
  }
  return d;
}

export function child(provenance: Provenance[], inner: string): Provenance[] {
  return provenance.map((outer) => ({ kind: 'archive', outer, inner }));
}

export function errMessage(e: unknown): string {
  // duck-typed: an Error from another realm (a vm context) is not `instanceof Error` here
  const m = (e as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : String(e);
}
