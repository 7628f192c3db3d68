// bzip2, xz and zstd (src/decode/decompress.ts and its three decoders): by magic, as a tar's
// outer compression, inside archives, from disk, through the CLI; bounded like gzip, and a
// damaged stream keeps what came before the damage. Fixtures come from test/helpers/compressors.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS, expand, sniffContainer, type DecodeLimits } from '../../src/decode/index.js';
import { expandFileStream } from '../../src/decode/stream.js';
import { streamTexts } from '../../src/decode/streamed.js';
import { Run } from '../../src/decode/run.js';
import { displayPath } from '../../src/sources/provenance.js';
import type { Chunk, ScanWarning, TextChunk } from '../../src/types.js';
import { tarball, zip } from '../helpers/archives.js';
import { runCli } from '../helpers/cli.js';
import { bzip2, xz, zstd, zstdRle } from '../helpers/compressors.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

const CODECS = [
  { name: 'bzip2', ext: 'bz2', tarExt: 'tar.bz2', pack: (s: Uint8Array | string) => bzip2(s) },
  { name: 'xz', ext: 'xz', tarExt: 'txz', pack: xz },
  { name: 'zstd', ext: 'zst', tarExt: 'tar.zst', pack: zstd },
] as const;

interface Out {
  texts: TextChunk[];
  warnings: ScanWarning[];
}

async function run(bytes: Uint8Array, file: string, limits: Partial<DecodeLimits> = {}): Promise<Out> {
  const out: Out = { texts: [], warnings: [] };
  const chunk: Chunk = { id: file, bytes, provenance: [{ kind: 'file', path: file }] };
  for await (const t of expand(chunk, { ...DEFAULT_LIMITS, ...limits }, { warn: (w) => out.warnings.push(w), count: () => {} })) out.texts.push(t);
  return out;
}

function locate(out: Out, at: string, needle: string): { line: number; column: number } {
  const t = out.texts.find((x) => displayPath(x.provenance[0]) === at && x.text.includes(needle));
  if (!t) throw new Error(`not found at ${at}; texts at ${out.texts.map((x) => displayPath(x.provenance[0])).join(', ')}`);
  const before = t.text.slice(0, t.text.indexOf(needle));
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

const env = (keyId: string, secret: string) => `# settings\nAWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n`;

describe.each(CODECS)('$name', ({ name, ext, tarExt, pack }) => {
  test('is sniffed by magic and its content is named after the outer file', async () => {
    const { keyId } = fakeKeyId();
    const bytes = pack(env(keyId, fakeSecret()));
    expect(sniffContainer(bytes)).toBe(name);
    const out = await run(bytes, `conf/app.env.${ext}`);
    expect(locate(out, `conf/app.env.${ext}!app.env`, keyId)).toEqual({ line: 2, column: 19 });
    expect(out.warnings).toEqual([]);
  });

  test(`a .${tarExt}: the tar's entries sit directly under it`, async () => {
    const { keyId } = fakeKeyId();
    const t = await tarball([{ name: 'README', data: 'hello\n' }, { name: 'home/x/.aws/credentials', data: `[default]\naws_access_key_id = ${keyId}\n` }]);
    const out = await run(pack(t), `backup.${tarExt}`);
    expect(locate(out, `backup.${tarExt}!home/x/.aws/credentials`, keyId)).toEqual({ line: 2, column: 21 });
    expect(out.warnings).toEqual([]);
  });

  test('inside a zip, and concatenated streams are read to the end', async () => {
    const { keyId } = fakeKeyId();
    const two = Buffer.concat([pack('first stream, no key here\n'), pack(`second: ${keyId}\n`)]);
    const out = await run(zip([{ name: `logs/run.log.${ext}`, data: two, method: 'store' }]), 'dist.zip');
    expect(locate(out, `dist.zip!logs/run.log.${ext}!run.log`, keyId)).toEqual({ line: 2, column: 9 });
    expect(out.warnings).toEqual([]);
  });

  test('output over maxEntryBytes is a size-cap warning, nothing decoded is scanned', async () => {
    const out = await run(pack('x'.repeat(3000) + '\n'), `big.txt.${ext}`, { maxEntryBytes: 1000 });
    expect(out.texts).toEqual([]);
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'size-cap', path: `big.txt.${ext}` })]);
  });

  test('a truncated stream: a warning with the path, and what came before the damage is scanned', async () => {
    const { keyId } = fakeKeyId();
    // the key sits in the first of two streams; the second is cut short
    const second = pack('y'.repeat(2000) + '\n');
    const bytes = Buffer.concat([pack(`early: ${keyId}\n`), second.subarray(0, second.length - 20)]);
    const out = await run(bytes, `cut.log.${ext}`);
    expect(locate(out, `cut.log.${ext}!cut.log`, keyId)).toEqual({ line: 1, column: 8 });
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-corrupt', path: `cut.log.${ext}`, message: expect.stringContaining(`corrupt ${name}`) })]);
  });
});

test('nested: an xz and a zst inside a .tar.xz, a bz2 inside a zst (each level decodes while the outer one is open)', async () => {
  const { keyId } = fakeKeyId();
  const t = await tarball([
    { name: 'a.log.xz', data: xz(`a ${keyId}\n`) },
    { name: 'b.log.zst', data: zstd(bzip2(`b ${keyId}\n`)) },
  ]);
  const out = await run(xz(t), 'logs.tar.xz');
  expect(locate(out, 'logs.tar.xz!a.log.xz!a.log', keyId)).toEqual({ line: 1, column: 3 });
  expect(locate(out, 'logs.tar.xz!b.log.zst!b.log!b.log', keyId)).toEqual({ line: 1, column: 3 });
  expect(out.warnings).toEqual([]);
});

test('a zstd bomb stops at the ratio limit; depth counts each compressor as a level', async () => {
  const bomb = await run(zstdRle(0x41, 8 * 1024 * 1024), 'bomb.txt.zst');
  expect(bomb.texts).toEqual([]);
  expect(bomb.warnings).toEqual([expect.objectContaining({ kind: 'archive-limit', path: 'bomb.txt.zst', message: expect.stringContaining('compression ratio above 200:1') })]);
  const deep = await run(xz(zstd(bzip2('three levels\n'))), 'a.xz', { maxDepth: 2 });
  expect(deep.texts).toEqual([]);
  expect(deep.warnings).toEqual([expect.objectContaining({ kind: 'depth-limit', path: 'a.xz!a!a', message: expect.stringContaining('bzip2 nested more than 2') })]);
});

test('a zstd frame declaring a window over 128 MiB is refused before anything is allocated', async () => {
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa0]); // window 1 GiB: fzstd would allocate it
  const out = await run(Buffer.concat([header, zstd('x').subarray(6)]), 'huge.zst');
  expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-corrupt', path: 'huge.zst', message: expect.stringContaining('over the 134217728-byte limit') })]);
});

test('a stream (stdin, a big entry) past the hold size is decompressed as it is read', async () => {
  const { keyId } = fakeKeyId();
  const warnings: ScanWarning[] = [];
  const r = new Run(DEFAULT_LIMITS, { warn: (w) => warnings.push(w), count: () => {} });
  const body = 'filler line of a long log\n'.repeat(200) + `late: ${keyId}\n`;
  async function* src() {
    const b = xz(body);
    for (let o = 0; o < b.length; o += 100) yield b.subarray(o, o + 100);
  }
  const hooks = { holdMax: 1 << 20, streamOver: 1024, windowChars: 2048, expand: () => { throw new Error('not held whole'); } };
  const got: TextChunk[] = [];
  for await (const t of streamTexts(src(), [{ kind: 'stdin' }], 0, r, hooks)) got.push(t);
  const hit = got.find((t) => t.text.includes(keyId))!;
  expect(displayPath(hit.provenance[0])).toBe('-!gunzipped'); // gzip's name for content of a nameless stream
  expect(hit.window).toBeDefined();
  expect(warnings).toEqual([]);
});

describe('from disk (expandFileStream)', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhound-decompress-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(CODECS)('$name: a tar is streamed into, a single file is one chunk', async ({ ext, pack }) => {
    const { keyId } = fakeKeyId();
    fs.writeFileSync(path.join(dir, `a.tar.${ext}`), pack(await tarball([{ name: 'etc/key.txt', data: `k=${keyId}\n` }])));
    fs.writeFileSync(path.join(dir, `b.txt.${ext}`), pack(`k=${keyId}\n`));
    for (const [file, inner] of [[`a.tar.${ext}`, `a.tar.${ext}!etc/key.txt`], [`b.txt.${ext}`, `b.txt.${ext}!b.txt`]]) {
      const chunks: Chunk[] = [];
      const warnings: ScanWarning[] = [];
      const gen = expandFileStream(path.join(dir, file), { kind: 'file', path: file }, DEFAULT_LIMITS, { warn: (w) => warnings.push(w), count: () => {} });
      let r = await gen.next();
      for (; !r.done; r = await gen.next()) chunks.push(r.value);
      expect(r.value).toBe(true);
      expect(chunks.map((c) => [displayPath(c.provenance[0]), Buffer.from(c.bytes).toString()])).toEqual([[inner, `k=${keyId}\n`]]);
      expect(warnings).toEqual([]);
    }
  });
});

test('CLI: keys in .tar.xz, .env.bz2 and .zst are found with path, line, column and account', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhound-decompress-cli-'));
  try {
    const keys = CODECS.map(() => ({ ...fakeKeyId(), secret: fakeSecret() }));
    fs.writeFileSync(path.join(dir, 'prod.env.bz2'), bzip2(env(keys[0].keyId, keys[0].secret)));
    fs.writeFileSync(path.join(dir, 'site.tar.xz'), xz(await tarball([{ name: 'app/.env', data: env(keys[1].keyId, keys[1].secret) }])));
    fs.writeFileSync(path.join(dir, 'dump.zst'), zstd(env(keys[2].keyId, keys[2].secret)));
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; aws: { keyId: string; account: string }; locations: Array<{ path: string; line: number; column: number }> }> };
    const find = (k: { keyId: string }) => report.findings.find((f) => f.aws?.keyId === k.keyId)!;
    const expected = [`${path.join(dir, 'prod.env.bz2')}!prod.env`, `${path.join(dir, 'site.tar.xz')}!app/.env`, `${path.join(dir, 'dump.zst')}!dump`];
    keys.forEach((k, i) => {
      expect(find(k)).toMatchObject({ ruleId: 'aws-access-key-pair', aws: { account: k.account } });
      expect(find(k).locations[0]).toMatchObject({ path: expected[i], line: 2, column: 19 });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
