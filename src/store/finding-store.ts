// The finding store: placed hits in, one Finding per secret out (identity = fingerprint),
// every place it was seen as a location (capped at LOCATION_CAP, the true count kept), in one
// deterministic order. It can be saved (saved.ts), loaded and merged with another store
// (shard merges, resumed audits): merging is commutative, associative and idempotent.
//
// Counting places beyond the cap across merges: each store has an `origin` id, and a finding
// records how many places each origin saw (`seen`) and which origins saw each listed location.
// The unlisted count is Σ over origins of (places it saw − its places still listed): merging a
// store with itself or with an overlapping one counts nothing twice (a per-origin maximum,
// as a grow-only counter), disjoint shards add up.
import { randomBytes } from 'node:crypto';
import type { Finding, Location, Provenance, ScanWarning } from '../types.js';
import { displayPath } from '../sources/provenance.js';
import { LOCATION_CAP } from '../engine/bounds.js';
import type { PlacedHit } from './placed.js';
import { compareFindings, compareLocations, locationKey } from './order.js';
import { mergeFields } from './merge-fields.js';
import { loadInto, saveStore } from './saved.js';

export type { PlacedHit } from './placed.js';

export interface StoreOptions {
  /** Hears once per finding that its locations went over LOCATION_CAP. */
  onCap?: (w: ScanWarning) => void;
  /** This store's origin id (tests); default: random. */
  origin?: string;
}

/** What the store knows of one finding besides the Finding itself. */
export interface FindingState {
  /** Places seen per origin (listed or not). */
  seen: Map<string, number>;
  /** Origins that saw each listed location; absent = this store's own origin. */
  tags: WeakMap<Location, readonly string[]>;
  /** locationKey of each listed location. */
  keys: Set<string>;
}

export class FindingStore {
  readonly origin: string;
  private readonly byFingerprint = new Map<string, Finding>();
  private readonly state = new Map<string, FindingState>();
  /** fingerprint + path → location was found in raw (undecoded) text. */
  private readonly rawSeen = new Set<string>();
  private readonly capWarned = new Set<string>();
  private readonly onCap?: (w: ScanWarning) => void;

  constructor(opts: StoreOptions | ((w: ScanWarning) => void) = {}) {
    const o = typeof opts === 'function' ? { onCap: opts } : opts;
    this.onCap = o.onCap;
    this.origin = o.origin ?? randomBytes(8).toString('hex');
  }

  /** One hit: a location at each place of its text's provenance. */
  add({ hit, provenance, encoding, field, moreProvenance = 0 }: PlacedHit): void {
    let counted = false;
    provenance.forEach((at, i) => {
      const added = this.place(hit, at, encoding, field, i === 0);
      // Places beyond the provenance list: counted once per new place of the hit.
      if (i === 0 && added && moreProvenance > 0) counted = true;
    });
    if (counted) {
      const f = this.byFingerprint.get(hit.fingerprint)!;
      f.moreLocations = (f.moreLocations ?? 0) + moreProvenance;
      this.bump(hit.fingerprint, this.origin, moreProvenance);
    }
  }

  /** The findings so far, unsorted (what a live line is redacted of). */
  unsorted(): Finding[] {
    return [...this.byFingerprint.values()];
  }

  /** Every finding, locations sorted, findings in compareFindings order. */
  findings(): Finding[] {
    const list = [...this.byFingerprint.values()];
    for (const f of list) f.locations.sort(compareLocations);
    return list.sort(compareFindings);
  }

  /** Versioned JSON holding the secrets: see saved.ts before writing it anywhere. */
  save(): string {
    return saveStore(this);
  }

  /** A store from save()'s JSON; malformed or another version → StoreFormatError. */
  static load(json: string, opts: StoreOptions = {}): FindingStore {
    const store = new FindingStore(opts);
    loadInto(store, json);
    return store;
  }

  /** This store's state of a finding (saved.ts, merge). */
  stateOf(fingerprint: string): FindingState | undefined {
    return this.state.get(fingerprint);
  }

  /** Origins that saw a listed location of this store. */
  tagsOf(fingerprint: string, l: Location): readonly string[] {
    return this.state.get(fingerprint)?.tags.get(l) ?? [this.origin];
  }

  /** Take every finding of `other` in (see the top of this file for how places are counted). */
  merge(other: FindingStore): void {
    for (const key of other.rawSeen) this.rawSeen.add(key);
    for (const theirs of other.byFingerprint.values()) {
      const fp = theirs.fingerprint;
      const ours = this.byFingerprint.get(fp);
      const union = new Map<string, { loc: Location; tags: Set<string> }>();
      const take = (store: FindingStore, f: Finding) => {
        for (const l of f.locations) {
          const key = locationKey(l);
          const e = union.get(key);
          const tags = store.tagsOf(fp, l);
          if (!e) union.set(key, { loc: structuredClone(l), tags: new Set(tags) });
          else {
            for (const t of tags) e.tags.add(t);
            if (compareLocations(l, e.loc) < 0) e.loc = structuredClone(l);
          }
        }
      };
      if (ours) take(this, ours);
      take(other, theirs);
      const seen = new Map(ours ? this.state.get(fp)!.seen : []);
      for (const [o, n] of other.state.get(fp)?.seen ?? []) seen.set(o, Math.max(seen.get(o) ?? 0, n));
      const f = ours ?? { ...structuredClone(theirs), locations: [] };
      if (ours) mergeFields(f, theirs);
      this.install(f, [...union.values()], seen);
    }
  }

  /**
   * Set a finding's locations from a union of places with their origins: decoded views of a
   * path also seen raw dropped, sorted, the first LOCATION_CAP listed, the rest counted.
   */
  install(f: Finding, entries: Array<{ loc: Location; tags: Set<string> | readonly string[] }>, seen: Map<string, number>): void {
    const fp = f.fingerprint;
    const raw = new Set(entries.filter((e) => !e.loc.encoding && !e.loc.field).map((e) => e.loc.path));
    const kept = entries.filter((e) => {
      if (!e.loc.encoding || !raw.has(e.loc.path)) return true;
      for (const t of e.tags) seen.set(t, Math.max(0, (seen.get(t) ?? 0) - 1));
      return false;
    });
    kept.sort((a, b) => compareLocations(a.loc, b.loc));
    const listed = kept.slice(0, LOCATION_CAP);
    const st: FindingState = { seen, tags: new WeakMap(), keys: new Set() };
    const listedBy = new Map<string, number>();
    for (const e of listed) {
      st.keys.add(locationKey(e.loc));
      const tags = [...e.tags].sort();
      for (const t of tags) listedBy.set(t, (listedBy.get(t) ?? 0) + 1);
      if (!(tags.length === 1 && tags[0] === this.origin)) st.tags.set(e.loc, tags);
      if (!e.loc.encoding && !e.loc.field) this.rawSeen.add(`${fp}\0${e.loc.path}`);
    }
    let more = 0;
    for (const [o, n] of seen) more += Math.max(0, n - (listedBy.get(o) ?? 0));
    f.locations = listed.map((e) => e.loc);
    if (more > 0) f.moreLocations = more;
    else delete f.moreLocations;
    this.byFingerprint.set(fp, f);
    this.state.set(fp, st);
  }

  /** One place of a hit; returns whether it was new. */
  private place(hit: PlacedHit['hit'], at: Provenance, encoding: string | undefined, field: PlacedHit['field'], primary: boolean): boolean {
    const path = displayPath(at);
    const rawKey = `${hit.fingerprint}\0${path}`;
    // A decoded view (json-unescaped, url-decoded) of text already matched raw adds nothing.
    if (encoding && this.rawSeen.has(rawKey)) return false;
    const location: Location = { path, ...hit.span, provenance: at };
    // A copy: the join adds place marks (runtime/place-allow.ts) to one place, not to all of them.
    if (hit.suppressed?.length) location.suppressed = hit.suppressed.slice();
    if (encoding) location.encoding = encoding;
    if (field) location.field = field;
    const f = this.finding(hit, location, primary);
    const st = this.state.get(hit.fingerprint)!;
    // A name is no view of the content: it neither hides nor is hidden by decoded views.
    if (!encoding && !field) {
      if (!this.rawSeen.has(rawKey)) this.dropDecoded(f, st, path);
      this.rawSeen.add(rawKey);
    }
    const key = locationKey(location);
    if (st.keys.has(key)) return false;
    this.bump(hit.fingerprint, this.origin, 1);
    if (f.locations.length < LOCATION_CAP) {
      f.locations.push(location);
      st.keys.add(key);
      return true;
    }
    // Beyond the cap a place is counted, not kept (nor compared: the count may include a
    // place that a listed one duplicates, as a decoded view found before the raw text).
    if (!this.capWarned.has(f.fingerprint)) {
      this.capWarned.add(f.fingerprint);
      this.onCap?.({ kind: 'location-cap', path, message: `a '${f.ruleId}' finding is in more than ${LOCATION_CAP} places; the rest are counted (moreLocations), not listed` });
    }
    f.moreLocations = (f.moreLocations ?? 0) + 1;
    return true;
  }

  /** The finding of a hit, made on first sight (its parts located where the hit first was). */
  private finding(hit: PlacedHit['hit'], at: Location, primary: boolean): Finding {
    let f = this.byFingerprint.get(hit.fingerprint);
    if (f) {
      if (primary && hit.context?.candidates) {
        const merged = new Set([...(f.context?.candidates ?? []), ...hit.context.candidates]);
        f.context = { ...f.context, candidates: [...merged] };
      }
      return f;
    }
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
    if (hit.provider) f.provider = hit.provider;
    if (hit.facts) f.facts = hit.facts;
    if (hit.context) f.context = hit.context;
    if (hit.parts) {
      const { line: _l, column: _c, endLine: _el, endColumn: _ec, ...where } = at;
      f.parts = hit.parts.map(({ span, ...rest }) => ({ ...rest, location: { ...where, ...span } }));
    }
    this.byFingerprint.set(hit.fingerprint, f);
    this.state.set(hit.fingerprint, { seen: new Map(), tags: new WeakMap(), keys: new Set() });
    return f;
  }

  /** Drop decoded-view locations of a path found before its raw text was. */
  private dropDecoded(f: Finding, st: FindingState, path: string): void {
    if (!f.locations.some((l) => l.encoding && l.path === path)) return;
    f.locations = f.locations.filter((l) => {
      if (!(l.encoding && l.path === path)) return true;
      st.keys.delete(locationKey(l));
      for (const t of st.tags.get(l) ?? [this.origin]) this.bump(f.fingerprint, t, -1);
      return false;
    });
  }

  private bump(fingerprint: string, origin: string, n: number): void {
    const seen = this.state.get(fingerprint)!.seen;
    seen.set(origin, Math.max(0, (seen.get(origin) ?? 0) + n));
  }
}

export { compareFindings, compareLocations } from './order.js';
export { StoreFormatError } from './validate.js';
