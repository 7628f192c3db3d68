// The windowed path on its own: windows small enough to put a secret exactly on each kind of
// boundary (across a window's text end, across its owned range's end, in the overlap), and
// the join of window hits back into stream coordinates.
import { describe, expect, it } from '@jest/globals';
import { textWindows, windowViews, OVERLAP_CHARS, CONTEXT_CHARS } from '../../src/decode/window.js';
import { placeWindowHits } from '../../src/runtime/place-window.js';
import { Engine } from '../../src/engine/detect.js';
import { loadRules } from '../../src/rules/load.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { locate } from '../helpers/cli.js';
import type { Hit } from '../../src/types.js';

async function* pieces(text: string, size: number): AsyncGenerator<Uint8Array> {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function scanWindowed(text: string, windowChars: number, pieceSize = 4096): Promise<Hit[]> {
  const engine = new Engine(await loadRules({ builtin: true, extra: [] }));
  const out: Hit[] = [];
  for await (const tc of textWindows(pieces(text, pieceSize), [{ kind: 'stdin' }], { windowChars })) {
    out.push(...placeWindowHits(engine.detect(tc.text), tc.window!, tc.encoding));
  }
  return out;
}

const W = OVERLAP_CHARS * 2; // small windows: the boundaries are where the test puts them
const filler = (n: number) => ('abc def ghi\n'.repeat(Math.ceil(n / 12))).slice(0, n);

describe('textWindows + placeWindowHits', () => {
  // Window 0 is the first W chars (pieces of 4096 divide W); it owns [0, W − OVERLAP + CONTEXT);
  // window 1 starts at W − OVERLAP.
  const ownedEnd = W - OVERLAP_CHARS + CONTEXT_CHARS;
  it.each([
    ['across the end of window 0\'s text', W - 10],
    ['across the end of window 0\'s owned range', ownedEnd - 10],
    ['at the start of window 1 (in the overlap, before window 1 owns)', W - OVERLAP_CHARS - 5],
    ['right where window 1 starts owning', ownedEnd],
  ])('a key id %s is reported once, at its exact line and column', async (_name, at) => {
    const { keyId } = fakeKeyId();
    const text = filler(at - 1) + ' ' + keyId + '\n' + filler(3 * W);
    const hits = await scanWindowed(text, W);
    const want = locate(text, keyId);
    expect(hits.map((h) => [h.secret, h.span.line, h.span.column, h.span.endColumn])).toEqual([[keyId, want.line, want.column, want.column + 20]]);
  });

  it('a key pair whose halves sit in different windows\' owned ranges is one pair, once', async () => {
    const k = fakeKeyId().keyId;
    const s = fakeSecret();
    const text = filler(ownedEnd - 31) + ` id=${k}\nsecret=${s}\n` + filler(2 * W);
    const hits = await scanWindowed(text, W);
    expect(hits.map((h) => [h.ruleId, h.span.line, h.span.column])).toEqual([['aws-access-key-pair', locate(text, k).line, locate(text, k).column]]);
    expect(hits[0].parts!.map((p) => [p.role, p.span.line, p.span.column])).toEqual([
      ['key-id', locate(text, k).line, locate(text, k).column],
      ['secret', locate(text, s).line, locate(text, s).column],
    ]);
  });

  it('columns carry across windows on one long line, and UTF-8 split between pieces stays whole', async () => {
    const { keyId } = fakeKeyId();
    const text = 'é'.repeat(3 * W) + ' ' + keyId + ' ' + 'x'.repeat(W);
    const hits = await scanWindowed(text, W, 4097); // odd piece size: 'é' (2 bytes) split
    expect(hits.map((h) => [h.span.line, h.span.column])).toEqual([[1, 3 * W + 2]]);
  });

  it('windowViews: a window no rule can match yields only the views that may hide an encoded key', () => {
    const at = [{ kind: 'stdin' as const }];
    const encodings = (text: string, may: boolean) => [...windowViews(text, at, () => may)].map((tc) => tc.encoding);
    // an escaped line (it has a json-unescaped view) and nothing encoded: nothing to match
    const escaped = 'x = "a\\nb\\/c' + 'Z'.repeat(20) + '"\n';
    expect(encodings(escaped, false)).toEqual([]);
    expect(encodings(escaped, true)).toEqual([undefined, 'json-unescaped']);
    // a key id in base64: its view is yielded though the raw text holds no keyword
    const { keyId } = fakeKeyId();
    const b64 = `blob = "${Buffer.from(`id=${keyId} `).toString('base64')}"\n`;
    const views = [...windowViews(b64, at, () => false)];
    expect(views.map((tc) => tc.encoding)).toEqual(['base64']);
    expect(views[0]!.text).toContain(keyId);
  });

  it('an empty stream yields no window', async () => {
    const got = [];
    for await (const tc of textWindows(pieces('', 10), [{ kind: 'stdin' }])) got.push(tc);
    expect(got).toEqual([]);
  });
});

describe('decoding the stream: ASCII pieces read as latin1, the rest through a streaming decoder', () => {
  /** The windows' texts joined back (each owned range once), from bytes cut into given pieces. */
  async function decoded(bytes: Buffer, cuts: number[]): Promise<string> {
    async function* cut(): AsyncGenerator<Uint8Array> {
      let at = 0;
      for (const c of [...cuts, bytes.length]) {
        yield bytes.subarray(at, c);
        at = c;
      }
    }
    let out = '';
    for await (const tc of textWindows(cut(), [{ kind: 'stdin' }], {})) if (tc.encoding === undefined) out += tc.text;
    return out;
  }
  const whole = (b: Buffer) => new TextDecoder('utf-8').decode(b);

  it.each([
    ['a character split across pieces, ASCII pieces around it', Buffer.concat([Buffer.from('abc'), Buffer.from('é☕😀'), Buffer.from('xyz')]), [3, 4, 6, 9, 11, 13]],
    ['each byte its own piece', Buffer.from('aé☕😀b'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    ['a BOM at the start is dropped', Buffer.from('\ufeffabc é'), [3, 5]],
    ['a BOM after ASCII pieces is kept (U+FEFF), as one decoder would', Buffer.from('abc\ufeffdef'), [3, 6]],
    ['invalid and truncated sequences become U+FFFD, as one decoder makes them', Buffer.from([0x61, 0xe2, 0x82, 0x62, 0xc0, 0x80, 0x63, 0xf0, 0x9f, 0x98]), [2, 3, 5, 8]],
    ['a piece ending mid-character, then an ASCII piece (the held byte comes first)', Buffer.from([0x61, 0xc3, 0x62, 0x63]), [2]],
    ['stray continuation bytes at a piece end', Buffer.from([0x61, 0x80, 0x80, 0x80, 0x80, 0x80, 0x62, 0x63]), [6, 7]],
  ])('%s: the same text as one decoder over all the bytes', async (_what, bytes, cuts) => {
    expect(await decoded(bytes, cuts)).toBe(whole(bytes));
  });
});
