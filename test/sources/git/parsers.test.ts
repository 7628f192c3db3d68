import { describe, expect, test } from '@jest/globals';
import { parseBatch, type CatResult } from '../../../src/sources/git/catfile.js';
import { parseLog } from '../../../src/sources/git/log.js';

async function* chunked(buf: Buffer, sizes: () => number): AsyncGenerator<Buffer> {
  for (let off = 0; off < buf.length; ) {
    const n = Math.max(1, sizes());
    yield buf.subarray(off, off + n);
    off += n;
  }
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const sha = (c: string) => c.repeat(40);

describe('parseBatch', () => {
  const objects = [
    { sha: sha('a'), type: 'blob', body: Buffer.from('hello\nworld\n') },
    { sha: sha('b'), type: 'blob', body: Buffer.alloc(0) },
    { sha: sha('c'), type: 'blob', body: Buffer.from('x'.repeat(300)) },
    { sha: sha('d'), type: 'commit', body: Buffer.from('tree 1\n\nmsg\n') },
  ];
  const stream = Buffer.concat([
    ...objects.slice(0, 2).flatMap((o) => [Buffer.from(`${o.sha} ${o.type} ${o.body.length}\n`), o.body, Buffer.from('\n')]),
    Buffer.from(`${sha('e')} missing\n`),
    ...objects.slice(2).flatMap((o) => [Buffer.from(`${o.sha} ${o.type} ${o.body.length}\n`), o.body, Buffer.from('\n')]),
  ]);
  const expected = (cap: number): CatResult[] => [
    ...objects.slice(0, 2).map((o) => ({ sha: o.sha, type: o.type, size: o.body.length, bytes: o.body.length <= cap ? o.body : null })),
    { sha: sha('e'), missing: true as const },
    ...objects.slice(2).map((o) => ({ sha: o.sha, type: o.type, size: o.body.length, bytes: o.body.length <= cap ? o.body : null })),
  ];

  test.each([1, 2, 3, 7, 64, 100000])('chunks of %i bytes', async (n) => {
    expect(await all(parseBatch(chunked(stream, () => n), 1 << 20))).toEqual(expected(1 << 20));
    expect(await all(parseBatch(chunked(stream, () => n), 100))).toEqual(expected(100));
  });

  test('random chunking', async () => {
    for (let i = 0; i < 200; i++) {
      const res = await all(parseBatch(chunked(stream, () => Math.floor(Math.random() * 50)), 100));
      expect(res).toEqual(expected(100));
    }
  });
});

describe('parseLog', () => {
  const c1 = sha('1');
  const c2 = sha('2');
  const m = sha('3');
  const blob = sha('b');
  const z = '0'.repeat(40);
  const out =
    [c1, '1600000000', '2020-09-13T12:26:40Z', 'A B', 'a@b', 'subj', 'subj\n\n:not a raw line\n'].join('\0') +
    '\0\n' +
    `:000000 100644 ${z} ${blob} A\0dir/é f.txt\0` +
    `:100644 000000 ${blob} ${z} D\0gone\0` +
    `:000000 160000 ${z} ${sha('5')} A\0submodule\0` +
    [m, '1600000100', 'x', 'M', 'm@x', 'merge', 'merge\n'].join('\0') +
    '\0\n' +
    `::100644 100644 100644 ${sha('6')} ${sha('7')} ${sha('8')} MM\0conf\0` +
    [c2, '1600000200', 'y', '', '', '', ''].join('\0') +
    '\0';

  test.each([1, 5, 13, 1000])('chunks of %i bytes', async (n) => {
    const commits = await all(parseLog(chunked(Buffer.from(out), () => n), true));
    expect(commits.map((c) => [c.meta.sha, c.meta.ct, c.message, c.files])).toEqual([
      [c1, 1600000000, 'subj\n\n:not a raw line\n', [{ blob, path: 'dir/é f.txt' }]],
      [m, 1600000100, 'merge\n', [{ blob: sha('8'), path: 'conf' }]],
      [c2, 1600000200, '', []],
    ]);
  });
});
