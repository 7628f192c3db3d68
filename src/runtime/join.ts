// Where what a runner found meets where its content was seen (issue #11, property 4). Results
// come back relative to their content (work.ts: archive members, warnings' paths after the
// content's own); the provenance stays here, on the main thread, in the chunk it was submitted
// with or, for content a source yielded before it knew (a history's early blobs), from the
// source's LateProvenance once that is ready. Each hit then gets a place per provenance entry,
// and path allowlists are applied per place (path-allow.ts): nothing is matched twice.
//
// Results waiting for late provenance are held; those that say nothing as ids and numbers only
// (quiet.ts), so 100k early blobs cost ~2 MB, not their chunks and result objects.
import type { Chunk, Provenance, ScanWarning } from '../types.js';
import type { LateProvenance } from '../sources/source.js';
import type { PlacedHit } from '../store/placed.js';
import type { WorkResult } from './runner.js';
import type { PathAllow } from './path-allow.js';
import { QuietResults, isQuiet } from './quiet.js';
import { displayPath } from '../sources/provenance.js';
import { below, nest } from './work.js';

/** A result joined with its provenance: what the accounting absorbs. */
export interface Joined {
  hits: PlacedHit[];
  warnings: ScanWarning[];
  counts: Record<string, number>;
  files: number;
  bytes: number;
  /** A large archive file to stream on this thread, and where it was seen. */
  deferred?: { path: string; provenance: Provenance; text?: boolean };
}

export interface JoinDeps {
  absorb(j: Joined): void;
  /** A result that said nothing but "one file, n bytes". */
  absorbQuiet(bytes: number): void;
  allow: PathAllow;
}

export class Join {
  private late: LateProvenance | undefined;
  private ready = false;
  private full: Array<[id: string, size: number | undefined, r: WorkResult]> = [];
  private readonly quiet = new QuietResults();
  /** Work that ends after the source: late provenance becoming ready. */
  private readonly later: Array<Promise<void>> = [];

  constructor(private readonly deps: JoinDeps) {}

  /** The source's answers for chunks it yields with empty provenance (one per scan). */
  provenanceLater(late: LateProvenance): void {
    this.late = late;
    this.later.push(late.ready.then(() => this.release(late)));
  }

  /** Results of `chunks`, in order. */
  accept(chunks: readonly Chunk[], results: readonly WorkResult[]): void {
    for (let i = 0; i < results.length; i++) {
      const c = chunks[i]!;
      const r = results[i]!;
      if (c.provenance.length || !this.late) {
        if (isQuiet(r)) this.deps.absorbQuiet(r.bytes);
        else this.deps.absorb(place(r, c.provenance, c.moreProvenance, this.deps.allow, c.id));
      } else if (this.ready) this.lateOne(this.late, c.id, c.size, r);
      else if (isQuiet(r)) this.quiet.push(c.id, c.size, r.bytes);
      else this.full.push([c.id, c.size, r]);
    }
  }

  /** Waits, in order, for what is joined after the source ended (stops when abandon() says so). */
  async finish(until: (p: Promise<unknown>) => Promise<unknown>, abandon: () => boolean): Promise<void> {
    for (let i = 0; i < this.later.length && !abandon(); i++) await until(this.later[i]!);
  }

  /** After an abort, nobody waits on what is cut off. */
  forget(): void {
    for (const p of this.later) p.catch(() => {});
  }

  private release(late: LateProvenance): void {
    this.ready = true;
    this.quiet.drain((id, size, bytes) => late.counts(id, size) && this.deps.absorbQuiet(bytes));
    const held = this.full;
    this.full = [];
    for (const [id, size, r] of held) this.lateOne(late, id, size, r);
  }

  private lateOne(late: LateProvenance, id: string, size: number | undefined, r: WorkResult): void {
    if (isQuiet(r)) {
      if (late.counts(id, size)) this.deps.absorbQuiet(r.bytes);
      return;
    }
    const p = late.places(id, size);
    if (p) this.deps.absorb(place(r, p.provenance, p.moreProvenance, this.deps.allow, id));
  }
}

/**
 * `r` placed at every entry of `places`: a hit at each (its members nested inside), except
 * where a path allowlist hides it; warnings named after the first place (as a report lists a
 * content by its first place). `id` names the content when no place is known.
 */
export function place(r: WorkResult, places: readonly Provenance[], more: number | undefined, allow: PathAllow, id: string): Joined {
  const first = places[0];
  const display = first ? displayPath(first) : id;
  const hits: PlacedHit[] = [];
  for (const h of r.hits) {
    let provenance = places.map((p) => nest(p, h.members));
    if (allow.active) provenance = provenance.filter((p) => !allow.hides(h.hit, displayPath(p)));
    if (!provenance.length) continue;
    const placed: PlacedHit = { hit: h.hit, provenance };
    if (h.encoding) placed.encoding = h.encoding;
    if (h.field) placed.field = h.field;
    if (more) placed.moreProvenance = more;
    hits.push(placed);
  }
  // Relative paths ('' = the content, '!member…' inside it) follow the content's display path.
  const warnings = r.warnings.map((w) => (w.path === '' || w.path.startsWith('!') ? { ...w, path: first ? below(first, w.path) : id + w.path } : w));
  if (r.empty) warnings.push({ kind: 'empty-input', path: display, message: `${display === '-' ? 'stdin' : display} was empty or closed: nothing scanned` });
  const joined: Joined = { hits, warnings, counts: r.counts, files: r.files, bytes: r.bytes };
  if (r.deferred && first) joined.deferred = { ...r.deferred, provenance: first };
  return joined;
}
