// Keyword prefilter: one left-to-right pass of a single regex finds which rule keywords occur,
// so only those rules' regexes run — and, in a tree, only files with a keyword are decoded.
//
// A keyword is matched with its rule's case: exactly for a case-sensitive rule (a key-id
// prefix), in any case for a rule with flags: i (secret_key). Matching key-id prefixes in any
// case let 'Asia/Tokyo' and 'Arabia' send 20 MB of node_modules on to decoding for nothing.
//
// The regex is a trie of the keywords (shared prefixes written once), case-insensitive letters
// as [xX] classes. Measured on node_modules (74 MB of JS): ~25% faster than a flat 'gi'
// alternation, which itself beat per-keyword indexOf and a JS byte loop by 3-4x.
export interface Keyword {
  text: string;
  ignoreCase: boolean;
  /** What follows it wherever its rule matches (rules/keyword-tail.ts), asked on its first hit. */
  tail?: () => KeywordTail | undefined;
}

/**
 * What follows a keyword in every match that holds it: at least `min` characters of one
 * ASCII set (four 32-bit words). A hit not followed so starts no match (KeywordIndex drops
 * it). ASCII only: a latin1 copy of a text (a stream window's) shows a character above 0xFF
 * as its low byte, so a set holding such characters could not be judged on those bytes.
 */
export interface KeywordTail {
  ascii: number[];
  min: number;
}

export class Prefilter {
  private readonly regex: RegExp | undefined;
  private readonly keys: Set<string>;

  constructor(keywords: readonly Keyword[]) {
    this.keys = new Set(keywords.map(keywordKey));
    this.regex = keywords.length ? new RegExp(trie(keywords.map(units)), 'g') : undefined;
  }

  /** Keys (see keywordKey) of the keywords present in `text`. */
  scan(text: string): Set<string> {
    const found = new Set<string>();
    this.each(text, (key) => found.add(key));
    return found;
  }

  /** Every keyword occurrence: its key (see keywordKey) and start offset, in text order. */
  each(text: string, onHit: (key: string, start: number) => void): void {
    const re = this.regex;
    if (!re) return;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      // The longest keyword starting here matched; shorter ones that are its prefixes did too.
      // Each prefix may be a keyword in exact case, in any case, or both.
      const s = m[0];
      for (let len = s.length; len > 0; len--) {
        const exact = `=${s.slice(0, len)}`;
        const any = `~${exact.slice(1).toLowerCase()}`;
        if (this.keys.has(exact)) onHit(exact, m.index);
        if (this.keys.has(any)) onHit(any, m.index);
      }
      // Resume one character on, not after the match: a keyword may start inside another.
      re.lastIndex = m.index + 1;
    }
  }
}

/** How a keyword is named in scan() results: its case rule and its text. */
export function keywordKey(k: Keyword): string {
  return k.ignoreCase ? `~${k.text.toLowerCase()}` : `=${k.text}`;
}

/** A keyword as regex units, one per character. */
function units(k: Keyword): string[] {
  return [...k.text].map((c) => {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    return k.ignoreCase && lower !== upper ? `[${lower}${upper}]` : escapeRegExp(c);
  });
}

/** An alternation of unit sequences with common prefixes factored out. */
function trie(words: string[][]): string {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const w of words) {
    let n = root;
    for (const u of w) {
      let child = n.next.get(u);
      if (!child) n.next.set(u, (child = { end: false, next: new Map() }));
      n = child;
    }
    n.end = true;
  }
  // Where a keyword ends and a longer one goes on, the rest is optional (greedy): the match
  // is the longest keyword, and scan() credits the shorter ones it begins with.
  const emit = (n: Node): string => {
    const alts = [...n.next].map(([u, child]) => u + emit(child));
    if (alts.length === 0) return '';
    const body = alts.length === 1 && !n.end ? alts[0] : `(?:${alts.join('|')})`;
    return n.end ? `${body}?` : body;
  };
  return emit(root);
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
