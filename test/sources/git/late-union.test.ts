// The late provenance of several histories joined into one: each history answers for the
// chunks it sent, as often as it sent them; a submodule's places are relocated.
import { describe, expect, test } from '@jest/globals';
import type { Chunk, Provenance } from '../../../src/types.js';
import type { LateProvenance } from '../../../src/sources/source.js';
import { LateUnion } from '../../../src/sources/git/late-union.js';
import { underSubmodule } from '../../../src/sources/git/recurse.js';

const at = (path: string, commit: string): Provenance => ({ kind: 'git', commit, path, author: 'a', email: 'a@x', date: '2020-01-01T00:00:00Z', subject: 's' });

/** A history's late provenance that knows one place per id, and counts the questions. */
function late(places: Record<string, Provenance>): LateProvenance & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ready: Promise.resolve(),
    places: (id) => (asked.push(id), places[id] ? { provenance: [places[id]] } : null),
    counts: (id) => (asked.push(id), id in places),
  };
}

const chunk = (id: string, provenance: Provenance[] = []): Chunk => ({ id, bytes: new Uint8Array(0), provenance });

describe('LateUnion', () => {
  test('one blob id sent by the superproject and a submodule: each answers once, the submodule’s relocated', async () => {
    const union = new LateUnion();
    const top = late({ b1: at('shared/a.js', 'c1') });
    const sub = late({ b1: at('a.js', 'c2'), b2: at('b.js', 'c3') });
    const t = union.add();
    const s = union.add(underSubmodule('vendor/lib'));
    union.answer(t, top);
    union.answer(s, sub);
    expect(union.chunk(t, chunk('b1'))).toEqual(chunk('b1'));
    union.chunk(s, chunk('b1'));
    union.chunk(s, chunk('b2'));
    // Known at once: relocated as it passes.
    expect(union.chunk(s, chunk('m', [at('x.txt', 'c4')])).provenance).toEqual([{ ...at('vendor/lib/x.txt', 'c4'), submodule: 'vendor/lib' }]);
    union.done();
    await union.ready;
    const first = union.places('b1', 1)!.provenance;
    const second = union.places('b1', 1)!.provenance;
    expect([first, second]).toEqual([[{ ...at('vendor/lib/a.js', 'c2'), submodule: 'vendor/lib' }], [at('shared/a.js', 'c1')]]);
    expect(union.counts('b2', 1)).toBe(true);
    expect(top.asked).toEqual(['b1']);
    expect(sub.asked).toEqual(['b1', 'b2']);
  });

  test('labels of a submodule carry its path: messages, authors, unreachable blobs, archive members', () => {
    const under = underSubmodule('vendor/lib');
    expect(under({ kind: 'git-unreachable', blob: 'ab' })).toEqual({ kind: 'git-unreachable', blob: 'ab', submodule: 'vendor/lib' });
    expect(under({ kind: 'archive', outer: at('a.zip', 'c'), inner: 'k.txt' })).toEqual({ kind: 'archive', outer: { ...at('vendor/lib/a.zip', 'c'), submodule: 'vendor/lib' }, inner: 'k.txt' });
    // The clone's own files are named by their git dir label already.
    expect(under({ kind: 'file', path: '.git/modules/vendor/lib/config' })).toEqual({ kind: 'file', path: '.git/modules/vendor/lib/config' });
  });
});
