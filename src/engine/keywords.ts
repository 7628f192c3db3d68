// Which rule keywords occur in a text, and where: one pass over the text for all keywords.
//
// Two scanners, chosen by the number of distinct keywords (measured, see README Performance):
// - few keywords: the trie regex of prefilter.ts — V8's irregexp compiles it to native code
//   that skips ahead on the first characters, ~2x faster than any JS loop on the built-in rules;
//   but its cost grows with the alternation (84 → 610 ms on 37 MB with +200 keywords);
// - many: the Aho-Corasick automaton of automaton.ts, a dense DFA over case-folded bytes:
//   one table load per character whatever the keyword count, four lanes at a time (in
//   WebAssembly where it runs, wasm-lanes.ts: ~2x the JS loop). A case-sensitive keyword
//   is folded too and re-checked exactly on a hit. Texts of LONG_TEXT and more (stream
//   windows, big files) take it whatever the count.
// Both report the same keys (prefilter.ts keywordKey) at the same start offsets.
import { Prefilter, escapeRegExp, keywordKey, type Keyword, type KeywordTail } from './prefilter.js';
import { buildAutomaton, walkText } from './automaton.js';
import { laneWalk, type LaneWalk } from './wasm-lanes.js';
import { mergeTails, tailInBytes, tailInText } from './tails.js';

export { keywordKey, type Keyword } from './prefilter.js';

/** From this many distinct keywords on, the automaton (below: the trie regex); measured crossover. */
export const AUTOMATON_FROM = 28;

/**
 * Texts this long are scanned by the automaton whatever the keyword count: its cost per
 * character does not depend on the text, while the trie regex slows where many characters
 * start a keyword (the case-insensitive s-e of secret/session/security): on 8 MB windows of
 * the one-line JSON bench text ~25 ms against ~34 ms (CPU, 4 rounds each). On short files
 * the regex is as fast, and building the automaton is not worth it.
 */
export const LONG_TEXT = 1 << 20;

/** Up to this many keys known present, eachOf (one native search per key) beats each(). */
export const TARGETED_MAX = 8;

/** Texts shorter than this (names, paths) are walked by char code, not copied to bytes first. */
const SHORT_TEXT = 256;

/** Told each keyword occurrence: its index in `keys` and its start offset. */
export type OnKeyword = (key: number, start: number) => void;

/** Occurrences recorded per pass, at most: a text dense with keywords is scanned again instead. */
export const RECORD_MAX = 1 << 20;

/**
 * The keys present in a text (or its raw bytes), and where: the pass that decided whether the
 * text is worth decoding and matching also tells scan() where each keyword starts, so scan()
 * need not look again. `at` is flat [key, start, key, start, …] over `length` units, undefined
 * past RECORD_MAX occurrences. Offsets in bytes are the text's when the UTF-8 decoded text is
 * as long as the bytes: then every byte became one character (no sequence shrinks, none grows).
 */
export class KeywordsFound extends Set<string> {
  at: number[] | undefined = [];
  /** Marks (KeywordIndex's opts.marks) seen in the same pass: each with its first start. */
  readonly marks = new Map<string, number>();
  constructor(readonly length: number) {
    super();
  }
}

interface Scanner {
  each(text: string, onHit: OnKeyword): void;
  eachInBytes(bytes: Uint8Array, onHit: OnKeyword): void;
}

export class KeywordIndex {
  /** Distinct keyword keys; a hit names its key by index here. */
  readonly keys: string[];
  private readonly index: Map<string, number>;
  /** Per key, its case-insensitive literal regex (eachOf), made on first use. */
  private readonly literal: Array<RegExp | undefined> = [];
  private readonly scanner: Scanner;
  /** The automaton for long texts, when `scanner` is the regex (made on first use). */
  private long: Scanner | undefined;
  private readonly list: Keyword[];
  /** The marks, in any ASCII case; scanner index keys.length + i is marks[i]. */
  private readonly marks: readonly string[];
  /** Per key: its keywords' tail getters, null when one of them has none (see tailOf). */
  private readonly tailGetters: Array<Array<() => KeywordTail | undefined> | null>;
  /** Per key: its tail once asked (null: none, every hit counts), undefined until then. */
  private readonly tails: Array<KeywordTail | null | undefined>;

  /**
   * `opts.marks`: literals that select no rule but that a caller wants to know about from the
   * same pass (decode's view triggers): recorded in KeywordsFound.marks, never as keys. With
   * marks the automaton is used whatever the keyword count, so the pass stays one.
   */
  constructor(keywords: readonly Keyword[], opts: { automatonFrom?: number; marks?: readonly string[] } = {}) {
    const byKey = new Map<string, Keyword>();
    const getters = new Map<string, Array<() => KeywordTail | undefined> | null>();
    for (const k of keywords) {
      const key = keywordKey(k);
      byKey.set(key, k);
      const list = getters.get(key);
      if (list === null) continue;
      getters.set(key, k.tail ? [...(list ?? []), k.tail] : null);
    }
    this.keys = [...byKey.keys()];
    this.tailGetters = this.keys.map((k) => getters.get(k)!);
    this.tails = this.keys.map((_, i) => (this.tailGetters[i] === null ? null : undefined));
    this.index = new Map(this.keys.map((k, i) => [k, i]));
    const list = [...byKey.values()];
    this.list = list;
    this.marks = [...new Set((opts.marks ?? []).map((m) => m.toLowerCase()))];
    const withMarks = [...list, ...this.marks.map((text) => ({ text, ignoreCase: true }))];
    this.scanner =
      this.marks.length > 0 || list.length >= (opts.automatonFrom ?? AUTOMATON_FROM) ? new Automaton(withMarks) : new RegexScanner(list, this.keys);
  }

  /** Every occurrence of every keyword (overlapping ones included), in one pass. */
  each(text: string, onHit: OnKeyword): void {
    const n = this.keys.length;
    this.textScanner(text).each(text, (k, at) => k < n && this.follows(text, k, at) && onHit(k, at));
  }

  /**
   * Occurrences of the given keys only (those a byte pass found present): a native indexOf
   * per exact keyword, a case-insensitive literal regex per other one — each runs at memchr
   * speed, so for a few keys this beats one pass for all keywords several times over.
   */
  eachOf(text: string, keys: Iterable<string>, onHit: OnKeyword): void {
    for (const key of keys) {
      const k = this.index.get(key);
      if (k === undefined) continue;
      const word = key.slice(1);
      if (key[0] === '=') {
        for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) if (this.follows(text, k, at)) onHit(k, at);
        continue;
      }
      const re = (this.literal[k] ??= new RegExp(escapeRegExp(word), 'gi'));
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (this.follows(text, k, m.index)) onHit(k, m.index);
        re.lastIndex = m.index + 1;
      }
    }
  }

  /** Keys present in `text`, and where (see KeywordsFound). */
  present(text: string): KeywordsFound {
    const found = new KeywordsFound(text.length);
    this.textScanner(text).each(text, (k, at) => this.follows(text, k, at) && this.record(found, k, at));
    return found;
  }

  /**
   * Keys present in raw bytes, without decoding: keywords are ASCII and UTF-8 never hides an
   * ASCII byte inside a multi-byte sequence, so the set equals that of the decoded text.
   */
  presentInBytes(bytes: Uint8Array): KeywordsFound {
    const found = new KeywordsFound(bytes.length);
    this.scanner.eachInBytes(bytes, (k, at) => this.follows(bytes, k, at) && this.record(found, k, at));
    return found;
  }

  /**
   * The occurrences `found` recorded for `text`, if it recorded them for a text of this
   * length: each is checked against the text (a found set handed on with the wrong text
   * yields nothing wrong), and true returned; false when the caller must scan itself.
   */
  replay(found: ReadonlySet<string>, text: string, onHit: OnKeyword): boolean {
    if (!(found instanceof KeywordsFound) || found.at === undefined || found.length !== text.length) return false;
    const at = found.at;
    for (let i = 0; i < at.length; i += 2) {
      const k = at[i]!;
      const start = at[i + 1]!;
      const key = this.keys[k]!;
      if (key[0] === '=' ? text.startsWith(key.slice(1), start) : sameFolded(text, start, key.slice(1))) onHit(k, start);
    }
    return true;
  }

  /**
   * Whether the hit of key `k` at `at` may start a match: what follows it is what its rules
   * need (KeywordTail), or stops where a decoded view may go on. The one place hits are
   * judged: every pass (bytes, text, targeted) asks here. Marks always count.
   */
  private follows(src: string | Uint8Array, k: number, at: number): boolean {
    if (k >= this.keys.length) return true;
    let tail = this.tails[k];
    if (tail === undefined) tail = this.tails[k] = this.tailOf(k);
    if (tail === null) return true;
    const from = at + this.keys[k]!.length - 1;
    return typeof src === 'string' ? tailInText(tail, src, from) : tailInBytes(tail, src, from);
  }

  /** The key's tail: the loosest of its keywords' (each rule may need other characters). */
  private tailOf(k: number): KeywordTail | null {
    let merged: KeywordTail | null = null;
    for (const get of this.tailGetters[k]!) {
      const t = get();
      if (!t) return null;
      merged = merged ? mergeTails(merged, t) : t;
    }
    return merged;
  }

  private textScanner(text: string): Scanner {
    if (text.length < LONG_TEXT || this.scanner instanceof Automaton) return this.scanner;
    return (this.long ??= new Automaton(this.list));
  }

  private record(found: KeywordsFound, k: number, at: number): void {
    if (k >= this.keys.length) {
      const mark = this.marks[k - this.keys.length]!;
      if (!found.marks.has(mark)) found.marks.set(mark, at);
      return;
    }
    found.add(this.keys[k]!);
    const list = found.at;
    if (list === undefined) return;
    if (list.length >= 2 * RECORD_MAX) found.at = undefined;
    else list.push(k, at);
  }
}

/** The trie regex (prefilter.ts) reporting positions; bytes go through a latin1 view. */
class RegexScanner implements Scanner {
  private readonly prefilter: Prefilter;
  private readonly index: Map<string, number>;

  constructor(keywords: Keyword[], keys: string[]) {
    this.prefilter = new Prefilter(keywords);
    this.index = new Map(keys.map((k, i) => [k, i]));
  }

  each(text: string, onHit: OnKeyword): void {
    this.prefilter.each(text, (key, start) => onHit(this.index.get(key)!, start));
  }

  eachInBytes(bytes: Uint8Array, onHit: OnKeyword): void {
    // One byte per char: V8 matches one-byte strings ~3x faster than the two-byte strings
    // UTF-8 text with any non-ASCII character decodes to.
    const view = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.each(view.toString('latin1'), onHit);
  }
}

/** The automaton (automaton.ts) over ASCII-case-folded bytes; chars above 0xFF fold to NUL. */
class Automaton implements Scanner {
  private readonly delta: Int32Array;
  /** Per state: the keyword indices ending here (own and by suffix). */
  private readonly out: number[][];
  private readonly words: Keyword[];
  /** The longest keyword less one: how early each lane of a walk starts. */
  private readonly overlap: number;
  /** The four-lane walk over bytes, made on first use. */
  private walk: LaneWalk | undefined;

  constructor(keywords: Keyword[]) {
    this.words = keywords;
    const { delta, out } = buildAutomaton(keywords);
    this.delta = delta;
    this.out = out;
    this.overlap = keywords.reduce((m, k) => Math.max(m, k.text.length - 1), 0);
  }

  each(text: string, onHit: OnKeyword): void {
    const confirm = (k: Keyword, at: number) => (k.ignoreCase ? sameFolded(text, at, k.text) : text.startsWith(k.text, at));
    if (text.length < SHORT_TEXT) {
      walkText(this.delta, text, (end, state) => this.report(this.out[state >> 8]!, end + 1, confirm, onHit));
      return;
    }
    // Over a latin1 copy (one byte per UTF-16 unit, so offsets are the text's): a byte loop
    // beats charCodeAt by ~1.5x. A char above 0xFF keeps its low byte there, so every hit is
    // confirmed on the text itself.
    this.scanBytes(Buffer.from(text, 'latin1'), confirm, onHit);
  }

  eachInBytes(bytes: Uint8Array, onHit: OnKeyword): void {
    this.scanBytes(bytes, (k, at) => k.ignoreCase || sameBytes(bytes, at, k.text), onHit);
  }

  private scanBytes(bytes: Uint8Array, confirm: (k: Keyword, at: number) => boolean, onHit: OnKeyword): void {
    this.walk ??= laneWalk(this.delta, this.overlap);
    this.walk(bytes, (end, state) => this.report(this.out[state >> 8]!, end + 1, confirm, onHit));
  }

  private report(ends: number[], end: number, confirm: (k: Keyword, at: number) => boolean, onHit: OnKeyword): void {
    for (const w of ends) {
      const k = this.words[w]!;
      const at = end - k.text.length;
      if (confirm(k, at)) onHit(w, at);
    }
  }
}

/** `text` at `at` spells `word` in any ASCII case (word is ASCII). */
function sameFolded(text: string, at: number, word: string): boolean {
  for (let j = 0; j < word.length; j++) if (foldAscii(text.charCodeAt(at + j)) !== foldAscii(word.charCodeAt(j))) return false;
  return true;
}

const foldAscii = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 32 : c);

function sameBytes(bytes: Uint8Array, at: number, text: string): boolean {
  for (let j = 0; j < text.length; j++) if (bytes[at + j] !== text.charCodeAt(j)) return false;
  return true;
}
