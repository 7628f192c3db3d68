// What crosses to a worker: locators only (content id, bytes, a file to read, a git blob,
// pre-commit lines, archive depth), never where the content was seen.
import { describe, expect, test } from '@jest/globals';
import { decodeBatch, encodeBatch } from '../../src/runtime/wire.js';
import type { Chunk, Provenance } from '../../src/types.js';

const commit = (path: string): Provenance => ({ kind: 'git', commit: 'c'.repeat(40), path, author: 'Grace Hopper', email: 'grace@example.org', date: '2021-01-01T00:00:00Z', subject: 'add the secret config' });

describe('encodeBatch / decodeBatch', () => {
  test('a batch carries locators, and no path, author or subject of any place', () => {
    const ref = { repo: '/repos/app', batchCommand: true };
    const chunks: Chunk[] = [
      { id: 'a'.repeat(40), bytes: new Uint8Array(0), gitBlob: ref, size: 12, provenance: [commit('src/secret-config.txt'), commit('test/fixtures/copy.txt')] },
      { id: 'src/app.cfg', bytes: new Uint8Array(0), readFrom: '/abs/src/app.cfg', provenance: [{ kind: 'file', path: 'src/app.cfg' }] },
      { id: 'big.zip!inner/x.txt', bytes: Buffer.from('x = 1\n'), lines: [1], provenance: [{ kind: 'archive', outer: { kind: 'archive', outer: { kind: 'file', path: 'big.zip' }, inner: 'lib.jar' }, inner: 'x.txt' }] },
    ];
    const { batch } = encodeBatch(7, chunks);
    const wire = JSON.stringify({ ...batch, packed: undefined, ends: undefined, gitRefs: [...batch.gitRefs] });
    for (const s of ['secret-config', 'fixtures', 'Grace', 'grace@', 'add the secret', 'big.zip!lib.jar', '"kind"']) expect(wire).not.toContain(s);
    expect(decodeBatch(batch)).toEqual([
      { id: 'a'.repeat(40), bytes: new Uint8Array(0), gitBlob: ref, depth: 0 },
      { id: 'src/app.cfg', bytes: new Uint8Array(0), readFrom: '/abs/src/app.cfg', depth: 0 },
      { id: 'big.zip!inner/x.txt', bytes: new Uint8Array(Buffer.from('x = 1\n')), lines: [1], depth: 2 },
    ]);
  });
});
