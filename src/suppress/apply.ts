// THE one stage that acts on suppressions, on the main thread, after the finding store and
// before verification (nothing hidden is ever sent to a provider). The engine marks places
// (inline markers, config allowlists: Location.suppressed); the suppressors read from files
// (baseline, .keyhoundignore, .gitleaksignore) add theirs here. A place with a mark is
// hidden; a finding whose every place is hidden is hidden whole. What was hidden is kept,
// with why (ScanResult.suppressed), and each entry's uses are counted (--report-unused).
// --no-suppress hides nothing but still marks, so an audit sees what would have been hidden.
import type { Finding, Location, ScanResult, Suppression } from '../types.js';
import { unionMarks } from './inline.js';
import type { Suppressor } from './suppressor.js';

export interface SuppressOptions {
  /** Hide nothing (an audit): every finding is reported, its places still marked. */
  noSuppress: boolean;
  /** Baselines and ignore files. */
  suppressors?: readonly Suppressor[];
  /** Entries the engine marks by (config allowlists), listed if they hid nothing. */
  declared?: readonly Suppression[];
  /** The scan root: what path globs and file names in suppression files are relative to. */
  root?: string;
}

export interface SuppressOutcome {
  /** What is reported. */
  findings: Finding[];
  /** What was hidden: each finding with only its hidden places, each place with its marks. */
  suppressed: Finding[];
  /** Findings hidden at every place. */
  hiddenWhole: number;
  /** Declared entries that matched nothing. */
  unused: Suppression[];
}

const keyOf = (s: Suppression) => `${s.kind}\0${s.source}`;

export function applySuppressions(findings: Finding[], opts: SuppressOptions): SuppressOutcome {
  const suppressors = opts.suppressors ?? [];
  const root = opts.root ?? '.';
  const uses = new Map<string, number>();
  const use = (s: Suppression) => uses.set(keyOf(s), (uses.get(keyOf(s)) ?? 0) + 1);
  const out: SuppressOutcome = { findings: [], suppressed: [], hiddenWhole: 0, unused: [] };
  for (const f of findings) {
    const whole = suppressors.flatMap((s) => s.whole?.(f) ?? []);
    const hidden: Location[] = [];
    const shown: Location[] = [];
    for (const l of f.locations) {
      const marks = unionMarks(l.suppressed, whole, ...suppressors.map((s) => s.at?.(f, l, root)));
      if (marks) {
        l.suppressed = marks;
        marks.forEach(use);
      }
      (marks ? hidden : shown).push(l);
    }
    sort(f, hidden, shown, whole.length > 0, opts.noSuppress, out);
  }
  const declared = [...(opts.declared ?? []), ...suppressors.flatMap((s) => s.entries)];
  const listed = new Set<string>();
  for (const d of declared) {
    if (uses.has(keyOf(d)) || listed.has(keyOf(d))) continue;
    listed.add(keyOf(d));
    out.unused.push(d);
  }
  return out;
}

/** Shown, hidden whole, or split into what is shown and what is hidden. */
function sort(f: Finding, hidden: Location[], shown: Location[], whole: boolean, noSuppress: boolean, out: SuppressOutcome): void {
  // Places beyond the cap are counted, not listed: unless the finding is hidden as a whole,
  // their marks are unknown, so nothing of it is hidden (never a silent pass).
  const unknown = (f.moreLocations ?? 0) > 0 && !whole;
  if (noSuppress || hidden.length === 0 || unknown) {
    out.findings.push(f);
    return;
  }
  if (shown.length === 0) {
    out.suppressed.push(f);
    out.hiddenWhole++;
    return;
  }
  out.findings.push({ ...f, locations: shown });
  const { moreLocations: _more, ...rest } = f;
  out.suppressed.push({ ...rest, locations: hidden });
}

/** The stage's outcome in the result: what was hidden, how many findings were hidden whole. */
export function attachOutcome(result: ScanResult, s: SuppressOutcome | undefined): ScanResult {
  if (!s) return result;
  if (s.suppressed.length) result.suppressed = s.suppressed;
  result.summary.suppressed = s.hiddenWhole;
  if (s.unused.length) result.unusedSuppressions = s.unused;
  return result;
}
