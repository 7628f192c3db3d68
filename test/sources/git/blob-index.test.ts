import { describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { BlobIndex } from '../../../src/sources/git/blob-index.js';
import { CommitTable, isoDate } from '../../../src/sources/git/commit-table.js';

const oid = () => randomBytes(20).toString('hex');

function commits(n: number, t = new CommitTable()): { table: CommitTable; shas: string[] } {
  const shas: string[] = [];
  for (let i = 0; i < n; i++) {
    const sha = oid();
    shas.push(sha);
    const ct = 1600000000 + i * 60;
    t.add({ sha, ct, date: isoDate(ct, 0), author: `dev ${i % 3}`, email: `dev${i % 3}@example.com`, subject: `commit ${i}` });
  }
  return { table: t, shas };
}

describe('BlobIndex', () => {
  test('earliest introduction first, the others by date; count and seen kept', () => {
    const { table, shas } = commits(4);
    const ix = new BlobIndex(table, 20);
    const blob = oid();
    // git log order: newest first
    ix.add(blob, 3, 'c.txt');
    ix.add(blob, 1, 'a.txt');
    ix.add(blob, 2, 'b.txt');
    const e = ix.get(blob);
    expect(e).toBe(0);
    expect(ix.count(e)).toBe(3);
    expect(ix.path(e)).toBe('a.txt');
    expect(ix.commitSha(e)).toBe(shas[1]);
    const p = ix.provenance(e, blob);
    expect(p.map((x) => (x.kind === 'git' ? [x.commit, x.path] : null))).toEqual([
      [shas[1], 'a.txt'],
      [shas[2], 'b.txt'],
      [shas[3], 'c.txt'],
    ]);
    expect(p[0]).toEqual({ kind: 'git', commit: shas[1], path: 'a.txt', author: 'dev 1', email: 'dev1@example.com', date: isoDate(1600000060, 0), subject: 'commit 1', blob });
    expect(ix.seen(e)).toBe(false);
    ix.markSeen(e);
    expect(ix.seen(e)).toBe(true);
    expect(ix.get(oid())).toBe(-1);
  });

  test('on equal dates the later-emitted (older) commit wins', () => {
    const t = new CommitTable();
    const [a, b] = [oid(), oid()];
    t.add({ sha: a, ct: 100, date: isoDate(100, 0), author: 'x', email: 'x@x', subject: 'newer' });
    t.add({ sha: b, ct: 100, date: isoDate(100, 0), author: 'x', email: 'x@x', subject: 'older' });
    const ix = new BlobIndex(t, 20);
    const blob = oid();
    ix.add(blob, 0, 'p');
    ix.add(blob, 1, 'p');
    expect(ix.commitSha(ix.get(blob))).toBe(b);
  });

  test('a blob introduced 50 times keeps 20 provenance entries and the true count', () => {
    const { table, shas } = commits(50);
    const ix = new BlobIndex(table, 20);
    const blob = oid();
    for (let i = 49; i >= 0; i--) ix.add(blob, i, `p${i}`);
    const e = ix.get(blob);
    expect(ix.count(e)).toBe(50);
    const p = ix.provenance(e, blob);
    expect(p).toHaveLength(20);
    expect(p[0]).toMatchObject({ commit: shas[0], path: 'p0' });
  });

  test('a blob introduced once holds no provenance, only numbers: under 80 bytes a blob at 100k', () => {
    const { table } = commits(1000);
    const ix = new BlobIndex(table, 20);
    for (let i = 0; i < 100_000; i++) ix.add(oid(), i % 1000, `dir${i % 50}/file${i % 3000}.txt`);
    expect(ix.size).toBe(100_000);
    expect(ix.multiplyIntroduced).toBe(0);
    // ids as bytes, slots, commit/path/count/flag per blob (old: ~450 bytes with a Map and objects)
    expect(ix.footprint / ix.size).toBeLessThan(80);
    // provenance is built fresh, never held by the index
    const a = ix.provenance(5, ix.blob(5));
    expect(ix.provenance(5, ix.blob(5))).not.toBe(a);
    expect(ix.provenance(5, ix.blob(5))[0]).not.toBe(a[0]);
  });
});
