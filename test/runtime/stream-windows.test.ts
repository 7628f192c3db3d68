// The windows of one long stream are matched where a core is free (runtime/stream-windows.ts):
// by a helper when one takes it, else here. Whatever order helpers finish in, windows are
// placed in stream order (place-window.ts drops a decoded view's hit the window before
// reported, which needs that order), and a helper that fails loses no window.
import { describe, expect, test } from '@jest/globals';
import type { Provenance, TextWindow } from '../../src/types.js';
import { compile } from '../../src/engine/compile.js';
import { DECODE_MARKS } from '../../src/decode/index.js';
import { loadRules } from '../../src/rules/load.js';
import { matchWindow, StreamWindows, type ViewHits, type WindowHelper } from '../../src/runtime/stream-windows.js';
import { fakeKeyId, randomFrom } from '../helpers/keys.js';

const at: Provenance[] = [{ kind: 'file', path: 'stdin' }];

function window(index: number): TextWindow {
  return { line: 1 + index * 100, column: 1, index, seen: new Map() };
}

/** A view result naming the text it came from, so the order of placing can be read back. */
const viewsOf = (text: string, where: string): ViewHits[] => [{ hits: [], warnings: [{ kind: 'decode', message: `${where}:${text}` }] }];

/** A helper whose answers the test releases (or fails) one by one, in any order. */
function manualHelper(accept: (n: number) => boolean) {
  const pending: Array<{ text: string; resolve: (v: ViewHits[]) => void; reject: (e: Error) => void }> = [];
  let asked = 0;
  const helper: WindowHelper = {
    match(text) {
      if (!accept(asked++)) return undefined;
      return new Promise((resolve, reject) => void pending.push({ text, resolve, reject }));
    },
    waitWhenBusy: () => false,
  };
  return { helper, pending };
}

function recorder() {
  const placed: Array<{ index: number; from: string }> = [];
  const place = (views: ViewHits[], w: TextWindow) => void placed.push({ index: w.index, from: views[0]!.warnings[0]!.message });
  return { placed, place };
}

describe('StreamWindows', () => {
  test('helpers that finish in reverse order still have their windows placed in stream order', async () => {
    const { helper, pending } = manualHelper((n) => n < 2);
    const { placed, place } = recorder();
    const sw = new StreamWindows((t) => viewsOf(t, 'local'), helper, place);
    void sw.take('w0', window(0), at);
    void sw.take('w1', window(1), at);
    void sw.take('w2', window(2), at); // the helper refuses: matched here, at once
    // w2 is done but waits behind w0 and w1.
    expect(placed).toEqual([]);
    pending[1]!.resolve(viewsOf(pending[1]!.text, 'helper'));
    await Promise.resolve();
    expect(placed).toEqual([]);
    pending[0]!.resolve(viewsOf(pending[0]!.text, 'helper'));
    await sw.finish();
    expect(placed).toEqual([
      { index: 0, from: 'helper:w0' },
      { index: 1, from: 'helper:w1' },
      { index: 2, from: 'local:w2' },
    ]);
  });

  test('a helper that fails has its window matched here, in its place', async () => {
    const { helper, pending } = manualHelper(() => true);
    const { placed, place } = recorder();
    const sw = new StreamWindows((t) => viewsOf(t, 'local'), helper, place);
    void sw.take('w0', window(0), at);
    void sw.take('w1', window(1), at);
    pending[0]!.reject(new Error('worker died'));
    pending[1]!.resolve(viewsOf('w1', 'helper'));
    await sw.finish();
    expect(placed).toEqual([
      { index: 0, from: 'local:w0' },
      { index: 1, from: 'helper:w1' },
    ]);
  });

  test('when helpers fill the cores, a window no helper took waits for one to come back and goes to it', async () => {
    // One helper, busy until its window is answered.
    const pending: Array<{ text: string; resolve: (v: ViewHits[]) => void }> = [];
    let busy = false;
    const helper: WindowHelper = {
      match(text) {
        if (busy) return undefined;
        busy = true;
        return new Promise((resolve) => void pending.push({ text, resolve: (v) => ((busy = false), resolve(v)) }));
      },
      waitWhenBusy: () => true,
    };
    const { placed, place } = recorder();
    const sw = new StreamWindows((t) => viewsOf(t, 'local'), helper, place);
    void sw.take('w0', window(0), at);
    const second = sw.take('w1', window(1), at);
    await Promise.resolve();
    expect(pending.map((p) => p.text)).toEqual(['w0']);
    pending[0]!.resolve(viewsOf('w0', 'helper'));
    await second;
    expect(pending.map((p) => p.text)).toEqual(['w0', 'w1']);
    pending[1]!.resolve(viewsOf('w1', 'helper'));
    await sw.finish();
    expect(placed).toEqual([
      { index: 0, from: 'helper:w0' },
      { index: 1, from: 'helper:w1' },
    ]);
  });

  test('with no helper, or a busy one, every window is matched here and placed as it is taken', () => {
    for (const helper of [undefined, manualHelper(() => false).helper]) {
      const { placed, place } = recorder();
      const sw = new StreamWindows((t) => viewsOf(t, 'local'), helper, place);
      void sw.take('w0', window(0), at);
      expect(placed).toEqual([{ index: 0, from: 'local:w0' }]);
      void sw.take('w1', window(1), at);
      expect(placed.map((p) => p.index)).toEqual([0, 1]);
    }
  });
});

describe('matchWindow', () => {
  test('finds a key in window coordinates, in the raw view and in a JSON-escaped one', async () => {
    const engine = compile(await loadRules(), [], { marks: DECODE_MARKS });
    const a = fakeKeyId().keyId;
    const b = fakeKeyId().keyId;
    const text = `filler\n  id = ${a}\n{"k":"x\\u003d${b}"}\n`;
    const views = matchWindow(engine, text, { inlineAllow: true, extraCanaries: new Map() });
    const found = views.flatMap((v) => v.hits.map((h) => [v.encoding ?? 'raw', h.secret, h.span.line, h.span.column]));
    expect(found).toContainEqual(['raw', a, 2, 8]);
    // Glued to the escape in the raw text, b is a key only once the escape is decoded.
    expect(found.filter((f) => f[1] === b).map((f) => [f[0], f[2]])).toEqual([['json-unescaped', 3]]);
  });

  test('a character above 0xFF after a keyword (its latin1 low byte a "<") keeps the hit: the URL password is found', async () => {
    // The window's keyword pass runs over a latin1 copy, where U+013C shows as "<". A tail
    // read from [^\s:/@"'<>] (a set with non-ASCII characters) dropped this hit.
    const engine = compile(await loadRules(), [], { marks: DECODE_MARKS });
    const password = randomFrom('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789', 16);
    const text = `filler\nurl = "postgres://\u013Cadmin:${password}@db.example.net:5432/app"\n`;
    const views = matchWindow(engine, text, { inlineAllow: true, extraCanaries: new Map() });
    const found = views.flatMap((v) => v.hits.map((h) => [v.encoding ?? 'raw', h.ruleId, h.secret, h.span.line]));
    expect(found).toEqual([['raw', 'dbconn-postgres', password, 2]]);
  });

  test('a window without a keyword gives no views', async () => {
    const engine = compile(await loadRules(), [], { marks: DECODE_MARKS });
    expect(matchWindow(engine, 'nothing here\n'.repeat(100), { inlineAllow: true, extraCanaries: new Map() })).toEqual([]);
  });
});
