// Secrets in names. File paths, archive member names, git paths and git authors are printed
// in every report, and a key id pasted into a file name leaks just as one pasted into the
// file does: each name is matched with the same Engine as contents, and a hit is a finding
// located in that name (Location.field; line and column count within the name).
//
// Called where names are born (the files source, decode's archive members, the history walk),
// each distinct name once: sources pass each name once (the walk keeps one copy of each path
// and author), and this scanner remembers names that had a keyword but no hit, so a name that
// repeats (META-INF/… in every jar) is matched once. A name without any rule keyword costs one
// prefilter pass over a short string and nothing else.
import type { LazyProvenance, NameField } from '../types.js';
import type { Matcher } from './compile.js';
import type { PlacedHit } from '../store/placed.js';
import { displayPath } from '../provenance.js';

/** Keyword names without a hit remembered, at most: a huge tree of them must not grow memory. */
const CLEAN_MAX = 10_000;

export interface NameOptions {
  inlineAllow: boolean;
  extraCanaries?: ReadonlyMap<string, string>;
}

export class NameScanner {
  private readonly clean = new Set<string>();
  /** fingerprint + the directory a hit lies in: reported once, not once per file below it. */
  private readonly dirHits = new Set<string>();

  constructor(
    private readonly engine: Matcher,
    private readonly opts: NameOptions,
  ) {}

  /**
   * Hits of `name` (seen at `provenance`, whose display path ends with it), pushed to `out`.
   * A getter is called only for a name with a keyword (building a git path's provenance
   * cost more than matching the name).
   */
  scan(name: string, field: NameField, at: LazyProvenance, out: PlacedHit[]): void {
    const keywords = this.engine.keywordsIn(name);
    if (keywords.size === 0 || this.clean.has(name)) return;
    const provenance = typeof at === 'function' ? at() : at;
    const path = provenance[0] ? displayPath(provenance[0]) : name;
    const hits = this.engine.scan(name, { keywords, path, inlineAllow: this.opts.inlineAllow, extraCanaries: this.opts.extraCanaries });
    if (hits.length === 0) {
      // A path allowlist may hide a hit at this path and not at another one.
      if (this.clean.size < CLEAN_MAX && !this.engine.allowsPath(path)) this.clean.add(name);
      return;
    }
    for (const hit of hits) {
      if (field === 'name' && this.inSeenDirectory(name, path, hit)) continue;
      out.push({ hit, provenance, field });
    }
  }

  /**
   * A hit that lies wholly in a directory part of the name (`<key id>/a.txt`) is reported at the
   * first file seen below that directory only: every other file there says nothing new.
   */
  private inSeenDirectory(name: string, path: string, hit: PlacedHit['hit']): boolean {
    const spans = [hit.span, ...(hit.parts ?? []).map((p) => p.span)];
    const end = Math.max(...spans.map((s) => offsetOf(name, s.endLine, s.endColumn)));
    const slash = name.indexOf('/', end);
    if (slash < 0) return false;
    const base = path.endsWith(name) ? path.slice(0, path.length - name.length) : '';
    const key = `${hit.fingerprint}\0${base}${name.slice(0, slash)}`;
    if (this.dirHits.has(key)) return true;
    this.dirHits.add(key);
    return false;
  }
}

/** Offset of a 1-based line and column in `text` (names rarely hold a newline, but may). */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at + column - 1;
}
