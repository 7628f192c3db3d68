// What a scan has counted so far: warnings (each reported live, as it happens), named
// counters, the summary's totals, the finding store, and archives sent back to be
// streamed. One place absorbs a joined result (join.ts), so no total is kept twice.
import type { Finding, ScanResult, ScanWarning, Summary } from '../types.js';
import { FindingStore } from '../store/finding-store.js';
import type { Joined } from './join.js';
import type { PlacedHit } from '../store/placed.js';
import type { PlaceFilter } from './exclude-places.js';

export type OnWarning = (w: ScanWarning, found: () => Finding[]) => void;

/** Warnings that mean some content went unscanned. */
const INCOMPLETE = new Set<ScanWarning['kind']>([
  'unreadable', 'size-cap', 'symlink-loop', 'missing-object', 'shallow', 'archive-corrupt',
  'archive-limit', 'archive-encrypted', 'depth-limit', 'decode', 'rule-timeout', 'interrupted',
  'match-cap',
]);

export class Accounting {
  readonly warnings: ScanWarning[] = [];
  readonly counts: Record<string, number> = {};
  readonly summary: Summary = {
    filesScanned: 0,
    bytesScanned: 0,
    findings: 0,
    binarySkipped: 0,
    warnings: 0,
    warningsByKind: {},
    complete: true,
    durationMs: 0,
  };
  /** Large archives the readers sent back, to be streamed on this thread after the source. */
  readonly deferred: Array<NonNullable<Joined['deferred']>> = [];
  readonly findings: FindingStore;

  constructor(
    private readonly onWarning?: OnWarning,
    /** Excluded places dropped before the store (runtime/exclude-places.ts). */
    private readonly filter?: PlaceFilter,
  ) {
    this.findings = new FindingStore(this.warn);
  }

  /** One placed hit into the store, its excluded places left out. */
  readonly add = (h: PlacedHit): void => {
    const kept = this.filter ? this.filter.hit(h) : h;
    if (kept) this.findings.add(kept);
  };

  readonly warn = (w: ScanWarning): void => {
    if (this.filter?.warning(w)) return void this.count('excludedWarnings');
    this.warnings.push(w);
    this.summary.warningsByKind[w.kind] = (this.summary.warningsByKind[w.kind] ?? 0) + 1;
    this.onWarning?.(w, () => this.findings.unsorted());
  };

  readonly count = (key: string, n = 1): void => void (this.counts[key] = (this.counts[key] ?? 0) + n);

  readonly absorb = (r: Joined): void => {
    this.summary.filesScanned += r.files;
    this.summary.bytesScanned += r.bytes;
    if (r.deferred) this.deferred.push(r.deferred);
    for (const h of r.hits) this.add(h);
    for (const w of r.warnings) this.warn(w);
    for (const [k, v] of Object.entries(r.counts)) this.count(k, v);
  };

  /** A result that said nothing but "one file, n bytes" (see quiet.ts). */
  readonly absorbQuiet = (bytes: number): void => {
    this.summary.filesScanned++;
    this.summary.bytesScanned += bytes;
  };

  /** The totals, once everything (verification included) is done. */
  result(list: Finding[], started: number): ScanResult {
    const { summary, counts, warnings } = this;
    summary.binarySkipped = counts.binarySkipped ?? 0;
    delete counts.binarySkipped;
    summary.findings = list.length;
    summary.warnings = warnings.length;
    summary.complete = warnings.every((w) => !INCOMPLETE.has(w.kind));
    summary.durationMs = Date.now() - started;
    if (Object.keys(counts).length) summary.extra = counts;
    return { summary, findings: list, warnings };
  }
}
