// The interrupted warning names what was in flight: the file, the archive member, the
// repository whose history was being read, or stdin — never a bare "-".
import { describe, expect, test } from '@jest/globals';
import { InFlight } from '../src/inflight.js';
import type { Chunk } from '../src/types.js';

const EMPTY = new Uint8Array(0);
const file = (path: string): Chunk => ({ id: path, bytes: EMPTY, readFrom: path, provenance: [{ kind: 'file', path }] });

describe('InFlight.warning', () => {
  test('nothing handed on yet', () => {
    expect(new InFlight().warning()).toEqual({ kind: 'interrupted', path: '(nothing read yet)', message: 'scan interrupted before any content was read: results are partial' });
  });

  test('a tree: the last file handed on, and how many were scanned', () => {
    const p = new InFlight();
    p.submit(file('src/a.env'));
    p.submit(file('src/b.env'));
    p.done(1);
    expect(p.warning()).toEqual({ kind: 'interrupted', path: 'src/b.env', message: 'scan interrupted while scanning src/b.env (1 files scanned): results are partial' });
  });

  test('an archive member is named outer!inner', () => {
    const p = new InFlight();
    p.submit({ id: 'x', bytes: EMPTY, provenance: [{ kind: 'archive', outer: { kind: 'file', path: 'dist/app.jar' }, inner: 'conf/app.properties' }] });
    expect(p.warning().path).toBe('dist/app.jar!conf/app.properties');
  });

  test('a history: the repository and the blob (its path is not known until the walk ends)', () => {
    const p = new InFlight();
    const blob = 'ab'.repeat(20);
    p.submit({ id: blob, bytes: EMPTY, gitBlob: { repo: '/srv/repo.git', batchCommand: true }, size: 10, provenance: [{ kind: 'git-unreachable', blob }] });
    p.done(3);
    expect(p.warning()).toEqual({
      kind: 'interrupted',
      path: '/srv/repo.git',
      message: 'scan interrupted while scanning the history of /srv/repo.git at blob abababababab (3 blobs and messages scanned): results are partial',
    });
    const commit = 'cd'.repeat(20);
    p.submit({ id: `commit:${commit}`, bytes: EMPTY, provenance: [{ kind: 'git-message', commit, author: 'a', email: 'a@example.com', date: '2020-01-01T00:00:00Z', subject: 's' }] });
    expect(p.warning().message).toContain('history of /srv/repo.git at commit cdcdcdcdcdcd');
  });

  test('stdin: bytes read', () => {
    const p = new InFlight();
    p.submit({ id: '-', bytes: new Uint8Array(42), provenance: [{ kind: 'stdin' }] });
    expect(p.warning()).toEqual({ kind: 'interrupted', path: '(stdin)', message: 'scan interrupted while reading stdin (42 bytes read and scanned): results are partial' });
  });
});
