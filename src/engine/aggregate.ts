// Same secret, many places → one Finding with many locations (identity = fingerprint).
import type { Finding, Hit, Location, NameField, Provenance, ScanWarning } from '../types.js';
import { displayPath } from '../provenance.js';
import { LOCATION_CAP } from './bounds.js';

/** A Hit as it comes back from a worker: with the provenance of the text it was found in. */
export interface PlacedHit {
  hit: Hit;
  provenance: Provenance[];
  encoding?: string;
  /** Places beyond `provenance` that carry the same bytes (see Chunk.moreProvenance). */
  moreProvenance?: number;
  /** Found in a name, not in content (engine/names.ts). */
  field?: NameField;
}

export class FindingSet {
  private readonly byFingerprint = new Map<string, Finding>();
  /** fingerprint + path → location was found in raw (undecoded) text. */
  private readonly rawSeen = new Set<string>();

  /** `onCap` hears once per finding that its locations went over LOCATION_CAP. */
  constructor(private readonly onCap?: (w: ScanWarning) => void) {}

  add({ hit, provenance, encoding, field, moreProvenance = 0 }: PlacedHit): void {
    if (provenance.length === 0) return;
    const primary = provenance[0];
    const path = displayPath(primary);
    const key = `${hit.fingerprint}\0${path}`;
    // A decoded view (json-unescaped, url-decoded) of text already matched raw adds nothing.
    if (encoding && this.rawSeen.has(key)) return;
    const location: Location = { path, ...hit.span, provenance: primary };
    if (encoding) location.encoding = encoding;
    if (field) location.field = field;
    if (provenance.length - 1 + moreProvenance > 0) location.moreProvenance = provenance.length - 1 + moreProvenance;

    let f = this.byFingerprint.get(hit.fingerprint);
    if (!f) {
      f = {
        fingerprint: hit.fingerprint,
        ruleId: hit.ruleId,
        ruleName: hit.ruleName,
        severity: hit.severity,
        secret: hit.secret,
        match: hit.match,
        entropy: hit.entropy,
        locations: [],
      };
      if (hit.aws) f.aws = hit.aws;
      if (hit.context) f.context = hit.context;
      if (hit.parts) {
        f.parts = hit.parts.map(({ span, ...rest }) => ({ ...rest, location: { path, ...span, provenance: primary, ...(encoding ? { encoding } : {}), ...(field ? { field } : {}) } }));
      }
      this.byFingerprint.set(hit.fingerprint, f);
    } else if (hit.context?.candidates) {
      const merged = new Set([...(f.context?.candidates ?? []), ...hit.context.candidates]);
      f.context = { ...f.context, candidates: [...merged] };
    }
    // A name is no view of the content: it neither hides nor is hidden by decoded views.
    if (!encoding && !field) {
      if (!this.rawSeen.has(key)) {
        // Drop decoded-view locations of the same file found before the raw one.
        f.locations = f.locations.filter((l) => !(l.encoding && l.path === path));
      }
      this.rawSeen.add(key);
    }
    const dup = f.locations.some((l) => l.path === path && l.line === location.line && l.column === location.column && l.field === field && sameProvenance(l.provenance, primary));
    if (dup) return;
    if (f.locations.length < LOCATION_CAP) return void f.locations.push(location);
    // Beyond the cap a place is counted, not kept (nor compared: the count may include a
    // place that a listed one duplicates, as a decoded view found before the raw text).
    if (!f.moreLocations) {
      this.onCap?.({ kind: 'location-cap', path, message: `a '${f.ruleId}' finding is in more than ${LOCATION_CAP} places; the rest are counted (moreLocations), not listed` });
    }
    f.moreLocations = (f.moreLocations ?? 0) + 1;
  }

  /** The findings so far, unsorted (what a live line is redacted of). */
  unsorted(): Finding[] {
    return [...this.byFingerprint.values()];
  }

  findings(): Finding[] {
    const order = { critical: 0, high: 1, medium: 2, low: 3 } as const;
    return [...this.byFingerprint.values()].sort(
      (a, b) => order[a.severity] - order[b.severity] || a.locations[0].path.localeCompare(b.locations[0].path) || a.locations[0].line - b.locations[0].line,
    );
  }
}

function sameProvenance(a: Provenance, b: Provenance): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
