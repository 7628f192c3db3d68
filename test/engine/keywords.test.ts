// Both keyword scanners (trie regex for few keywords, Aho-Corasick automaton for many) report
// the same occurrences: same keys, same start offsets, exact case where the rule is exact.
import { KeywordIndex, LONG_TEXT, RECORD_MAX, type Keyword } from '../../src/engine/keywords.js';
import type { KeywordTail } from '../../src/engine/prefilter.js';

const KEYWORDS: Keyword[] = [
  { text: 'AKIA', ignoreCase: false },
  { text: 'ASIA', ignoreCase: false },
  { text: 'secret_key', ignoreCase: true },
  { text: 'secret', ignoreCase: true },
  { text: 'cret_k', ignoreCase: false },
  { text: 'da2-', ignoreCase: false },
  { text: 'aaa', ignoreCase: false },
];

function occurrences(ix: KeywordIndex, text: string): string[] {
  const out: string[] = [];
  ix.each(text, (k, at) => out.push(`${ix.keys[k]}@${at}`));
  return out.sort();
}

const regex = new KeywordIndex(KEYWORDS, { automatonFrom: Infinity });
const automaton = new KeywordIndex(KEYWORDS, { automatonFrom: 0 });

describe('KeywordIndex', () => {
  it.each([
    ['exact and any-case keywords', 'x AKIA akia Akia SECRET_KEY Secret_Key asia ASIA', ['=AKIA@2', '=ASIA@44', '~secret@17', '~secret@28', '~secret_key@17', '~secret_key@28']],
    ['a keyword starting inside another, and overlapping runs', 'secret_key aaaa', ['=aaa@11', '=aaa@12', '=cret_k@2', '~secret@0', '~secret_key@0']],
    // U+0141 and U+0173 have low bytes 0x41 ('A') and 0x73 ('s'): a byte view of the text
    // must not make them keyword letters.
    ['chars above 0xFF whose low byte is a keyword letter', '\u0141KIA AKI\u0141 \u0173ecret da2-', ['=da2-@17']],
    ['nothing', 'no keys here', []],
  ])('%s: both scanners agree, at exact offsets', (_what, text, expected) => {
    expect(occurrences(regex, text)).toEqual(expected);
    expect(occurrences(automaton, text)).toEqual(expected);
  });

  it('finds the same keys in raw UTF-8 bytes as in the decoded text', () => {
    const text = 'café ☕ AKIA\nSecret_Key = 1; akia dA2-';
    const bytes = Buffer.from(text, 'utf8');
    for (const ix of [regex, automaton]) {
      expect([...ix.presentInBytes(bytes)].sort()).toEqual(['=AKIA', '~secret', '~secret_key']);
      expect([...ix.present(text)].sort()).toEqual(['=AKIA', '~secret', '~secret_key']);
    }
  });

  it('agrees with the regex scanner on random text over the keywords\' alphabet', () => {
    const alphabet = 'AKIaSkiaserct_KEYd2-\u0141 ';
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let n = 0; n < 200; n++) {
      // short texts are walked by char code, longer ones over a byte copy: both against the regex
      const text = Array.from({ length: n % 2 ? 200 : 400 }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      expect(occurrences(automaton, text)).toEqual(occurrences(regex, text));
    }
  });
});

describe('KeywordsFound: the places the presence pass recorded, replayed by scan()', () => {
  const replayed = (ix: KeywordIndex, found: ReadonlySet<string>, text: string): string[] | false => {
    const out: string[] = [];
    return ix.replay(found, text, (k, at) => out.push(`${ix.keys[k]}@${at}`)) ? out.sort() : false;
  };

  it.each([['regex', regex], ['automaton', automaton]] as const)('%s: the places found in ASCII bytes are those a pass over the decoded text finds', (_name, ix) => {
    const text = 'x AKIA akia SECRET_KEY aaaa secret da2-';
    const found = ix.presentInBytes(Buffer.from(text, 'utf8'));
    expect(found.length).toBe(text.length);
    expect(replayed(ix, found, text)).toEqual(occurrences(ix, text));
    expect(replayed(ix, ix.present(text), text)).toEqual(occurrences(ix, text));
  });

  it('is not replayed over a text of another length (non-ASCII UTF-8: the offsets differ)', () => {
    const text = 'café AKIA secret';
    const found = automaton.presentInBytes(Buffer.from(text, 'utf8'));
    expect([...found].sort()).toEqual(['=AKIA', '~secret']);
    expect(replayed(automaton, found, text)).toBe(false);
  });

  it('replays nothing wrong when handed with another text of the same length', () => {
    const found = automaton.present('AKIA secret.');
    expect(replayed(automaton, found, 'xxxx SECRET.')).toEqual(['~secret@5']);
    expect(replayed(automaton, found, 'no keys here')).toEqual([]);
  });

  it('a plain Set of keys (no places) is not replayed', () => {
    expect(replayed(automaton, new Set(['=AKIA']), 'AKIA')).toBe(false);
  });

  it(`stops recording past ${RECORD_MAX} places (the text is then scanned again), and still knows the keys`, () => {
    const text = 'aaa'.repeat(RECORD_MAX / 2 + 1) + ' secret';
    const found = automaton.present(text);
    expect(found.at).toBeUndefined();
    expect([...found].sort()).toEqual(['=aaa', '~secret']);
    expect(replayed(automaton, found, text)).toBe(false);
  });
});

it(`scans texts of ${LONG_TEXT} characters and more with the automaton, with the same results as the regex on short ones`, () => {
  const filler = 'se Se sE user resource '.repeat(Math.ceil(LONG_TEXT / 23));
  const text = `${filler}AKIA Secret_Key \u0141KIA da2-`;
  expect(text.length).toBeGreaterThanOrEqual(LONG_TEXT);
  const tail = text.slice(filler.length);
  const shifted = occurrences(regex, tail).map((o) => o.replace(/@(\d+)$/, (_m, n: string) => `@${Number(n) + filler.length}`));
  expect(shifted).toEqual([`=AKIA@${filler.length}`, `=da2-@${filler.length + 21}`, `~secret@${filler.length + 5}`, `~secret_key@${filler.length + 5}`]);
  expect(occurrences(regex, text)).toEqual(shifted);
  expect([...regex.present(text)].sort()).toEqual(['=AKIA', '=da2-', '~secret', '~secret_key']);
});

describe('keyword tails: a hit counts only where what follows may start its rule\'s match', () => {
  // 4 characters of a-z after tok_ (as a rule `tok_[a-z]{4,}` says)
  const lower = (): KeywordTail => {
    const ascii = [0, 0, 0, 0];
    for (let c = 0x61; c <= 0x7a; c++) ascii[c >> 5]! |= 1 << (c & 31);
    return { ascii, min: 4 };
  };
  const index = (automatonFrom: number, more: Keyword[] = []) =>
    new KeywordIndex([{ text: 'tok_', ignoreCase: false, tail: lower }, { text: 'AKIA', ignoreCase: false }, ...more], { automatonFrom });
  const every = (ix: KeywordIndex, text: string) => ({
    each: occurrences(ix, text),
    present: [...ix.present(text)].sort(),
    bytes: [...ix.presentInBytes(Buffer.from(text, 'utf8'))].sort(),
    targeted: ((out: string[]) => (ix.eachOf(text, ['=tok_', '=AKIA'], (k, at) => out.push(`${ix.keys[k]}@${at}`)), out.sort()))([]),
  });
  const both = (text: string) => {
    const a = every(index(Infinity), text);
    expect(every(index(0), text)).toEqual(a);
    return a;
  };

  it.each([
    ['followed as the rule needs', 'x tok_abcd y', ['=tok_@2']],
    ['a character outside the class within the count', 'x tok_ab1d y', []],
    ['cut by a quote (a literal joined to the next)', 'x "tok_ab" + "cd"', ['=tok_@3']],
    ['cut by an escape', 'x tok_ab\\u0063d', ['=tok_@2']],
    ['cut by the end of the text (a stream window)', 'x tok_ab', ['=tok_@2']],
    ['a keyword without a tail counts wherever it is', 'AKIA1 tok_', ['=AKIA@0', '=tok_@6']],
  ])('%s', (_what, text, expected) => {
    const r = both(text);
    expect(r.each).toEqual(expected);
    expect(r.targeted).toEqual(expected);
    expect(r.present).toEqual([...new Set(expected.map((o) => o.split('@')[0]))].sort());
    expect(r.bytes).toEqual(r.present);
  });

  it('a character above 0x7F is in no tail, in the text as in its UTF-8 bytes', () => {
    expect(both('tok_ab\u00e9d').each).toEqual([]);
    expect(both('tok_ab\u00e9d').bytes).toEqual([]);
    expect(both('tok_ab\u0161d').each).toEqual([]);
  });

  it('on a latin1 copy (a stream window\'s bytes) a character above 0xFF may pass as its low byte, never fail', () => {
    // U+0161's low byte is a: the copy passes where the text does not, the safe way round
    const ix = index(0);
    expect([...ix.presentInBytes(Buffer.from('tok_ab\u0161d', 'latin1'))]).toEqual(['=tok_']);
    expect([...ix.present('tok_ab\u0161d')]).toEqual([]);
  });

  it('a key two rules share keeps every hit when one of them says nothing of its tail', () => {
    for (const from of [Infinity, 0]) {
      expect(occurrences(index(from, [{ text: 'tok_', ignoreCase: false }]), 'tok_1')).toEqual(['=tok_@0']);
      expect(occurrences(index(from, [{ text: 'tok_', ignoreCase: false, tail: () => ({ ...lower(), min: 1 }) }]), 'tok_a1')).toEqual(['=tok_@0']);
    }
  });

  it('asks for a tail once, on the key\'s first hit', () => {
    let asked = 0;
    const ix = new KeywordIndex([{ text: 'tok_', ignoreCase: false, tail: () => (asked++, lower()) }]);
    ix.present('no keyword');
    expect(asked).toBe(0);
    ix.present('tok_abcd tok_1');
    ix.presentInBytes(Buffer.from('tok_abcd'));
    expect(asked).toBe(1);
  });
});
