// What a running scan is doing, for a progress display (the CLI's cli/progress.ts). Counters
// only, updated as results arrive; the reader polls a snapshot as often as it draws, so the
// scan pays nothing per redraw and nothing at all when no one asks.
import type { WorkResult } from './runtime/runner.js';

/** scanning: the source's content (a tree's files, a history's blobs); then large archives; then --verify. */
export type ProgressPhase = 'scanning' | 'archives' | 'verifying';

export interface ScanProgress {
  phase: ProgressPhase;
  /** Items of this phase done: files/blobs/entries matched, archives streamed, keys verified. */
  done: number;
  /** Items of this phase in all, when known (archives, verifying). */
  total?: number;
  /** Bytes matched so far (the whole scan). */
  bytes: number;
  /** Distinct secrets found so far. */
  findings: number;
  /** When this phase began (ms since the epoch). */
  since: number;
}

export class ProgressFeed {
  /** `onPhase`: told as each phase begins (the scanning phase at once), so a display can redraw then. */
  constructor(private readonly onPhase?: (snapshot: () => ScanProgress) => void) {
    onPhase?.(this.snapshot);
  }

  private phaseName: ProgressPhase = 'scanning';
  private since = Date.now();
  private items = 0;
  private total: number | undefined;
  private count: (() => number) | undefined;
  private bytes = 0;
  private readonly secrets = new Set<string>();

  /** Results matched (any phase): bytes, and in the scanning phase, items. */
  matched(results: readonly WorkResult[]): void {
    for (const r of results) {
      this.bytes += r.bytes;
      if (this.phaseName === 'scanning') this.items += r.files;
      for (const h of r.hits) this.secrets.add(h.hit.fingerprint);
    }
  }

  /** A new phase; `count` says how many of `total` are done when asked (verification). */
  phase(name: ProgressPhase, total?: number, count?: () => number): void {
    this.phaseName = name;
    this.since = Date.now();
    this.items = 0;
    this.total = total;
    this.count = count;
    this.onPhase?.(this.snapshot);
  }

  /** One item of a phase with a total done (an archive streamed). */
  step(): void {
    this.items++;
  }

  readonly snapshot = (): ScanProgress => ({
    phase: this.phaseName,
    done: this.count ? this.count() : this.items,
    ...(this.total !== undefined ? { total: this.total } : {}),
    bytes: this.bytes,
    findings: this.secrets.size,
    since: this.since,
  });
}
