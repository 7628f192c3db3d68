import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { DEFAULT_LIMITS, expand, type DecodeLimits } from '../../src/decode/index.js';
import { expandFileStream, sniffContainer } from '../../src/decode/stream.js';
import { displayPath } from '../../src/sources/provenance.js';
import type { Chunk, ScanWarning } from '../../src/types.js';
import { dockerSave, gzip, ociLayout, tarball, zip } from '../helpers/archives.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhound-stream-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Out {
  chunks: Chunk[];
  warnings: ScanWarning[];
  handled: boolean;
}

async function stream(file: string, limits: Partial<DecodeLimits> = {}, keep = true, onChunk?: (c: Chunk) => void): Promise<Out> {
  const out: Out = { chunks: [], warnings: [], handled: false };
  const gen = expandFileStream(file, { kind: 'file', path: path.basename(file) }, { ...DEFAULT_LIMITS, ...limits }, { warn: (w) => out.warnings.push(w), count: () => {} });
  for (;;) {
    const r = await gen.next();
    if (r.done) {
      out.handled = r.value;
      break;
    }
    onChunk?.(r.value);
    if (keep) out.chunks.push(r.value);
  }
  return out;
}

const paths = (o: Out) => o.chunks.map((c) => displayPath(c.provenance[0]));
const text = (o: Out, p: string) => Buffer.from(o.chunks.find((c) => displayPath(c.provenance[0]) === p)!.bytes).toString('utf8');

function write(name: string, bytes: Uint8Array): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, bytes);
  return f;
}

test('sniffContainer by magic bytes only', async () => {
  expect(sniffContainer(zip([{ name: 'a', data: 'b' }]))).toBe('zip');
  expect(sniffContainer(gzip('x'))).toBe('gzip');
  expect(sniffContainer(await tarball([{ name: 'a', data: 'b' }]))).toBe('tar');
  expect(sniffContainer(Buffer.from('PK but not a zip'.padEnd(600, ' ')))).toBeNull();
  expect(sniffContainer(new Uint8Array(1024))).toBeNull();
});

test('a file that is not a container yields nothing and returns false', async () => {
  const out = await stream(write('plain.txt', Buffer.from('hello\n'.repeat(200))));
  expect(out).toEqual({ chunks: [], warnings: [], handled: false });
});

test('large generated .tar.gz streams every entry with bounded memory', async () => {
  const file = path.join(dir, 'big.tar.gz');
  const entries = 400;
  const entrySize = 256 * 1024; // 100 MiB uncompressed
  const pack = tar.pack();
  const done = pipeline(pack, zlib.createGzip({ level: 1 }), fs.createWriteStream(file));
  for (let i = 0; i < entries; i++) {
    const body = Buffer.alloc(entrySize, `entry ${i} some log line text\n`);
    await new Promise<void>((res, rej) => pack.entry({ name: `data/part-${i}.log`, size: entrySize }, body, (e) => (e ? rej(e) : res())));
  }
  pack.finalize();
  await done;
  expect(fs.statSync(file).size).toBeLessThan(entries * entrySize / 10);

  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  let n = 0;
  let bytes = 0;
  const out = await stream(file, {}, false, (c) => {
    n++;
    bytes += c.bytes.length;
    if (n % 20 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  });
  expect(out.handled).toBe(true);
  expect(out.warnings).toEqual([]);
  expect(n).toBe(entries);
  expect(bytes).toBe(entries * entrySize);
  // holding the archive would need ≥ 100 MiB more; streaming stays well below that
  expect(peak - base).toBeLessThan(80 * 1024 * 1024);
});

test('zip from disk (random access) with an encrypted entry', async () => {
  const { keyId } = fakeKeyId();
  const file = write('r.zip', zip([{ name: 'enc.bin', data: 'x', encrypted: true }, { name: 'a/config.env', data: `ID=${keyId}\n` }]));
  const out = await stream(file);
  expect(paths(out)).toEqual(['r.zip!a/config.env']);
  expect(text(out, 'r.zip!a/config.env')).toContain(keyId);
  expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-encrypted', path: 'r.zip!enc.bin' })]);
});

test('single .gz from disk; nested containers are left to expand()', async () => {
  const { keyId } = fakeKeyId();
  const out = await stream(write('app.log.gz', gzip(`a\nkey ${keyId}\n`)));
  expect(paths(out)).toEqual(['app.log.gz!app.log']);
  expect(text(out, 'app.log.gz!app.log')).toContain(keyId);

  const inner = zip([{ name: 'application.properties', data: `k=${keyId}` }]);
  const t = await stream(write('rel.tar.gz', zlib.gzipSync(await tarball([{ name: 'lib/app.jar', data: inner }]))));
  expect(paths(t)).toEqual(['rel.tar.gz!lib/app.jar']);
  const texts = [];
  for await (const x of expand(t.chunks[0], DEFAULT_LIMITS, { warn: () => {}, count: () => {} })) texts.push(x);
  expect(texts.map((x) => displayPath(x.provenance[0]))).toEqual(['rel.tar.gz!lib/app.jar!application.properties']);
});

test('docker save and OCI layout from disk: layers streamed, provenance names the tag and layer', async () => {
  const { keyId } = fakeKeyId();
  const secret = fakeSecret();
  const d = await dockerSave('myapp:1.0', [
    { files: [{ name: 'etc/hostname', data: 'x' }] },
    { files: [{ name: 'app/.env', data: `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n` }, { name: 'app/.wh.old', data: '' }] },
  ]);
  const out = await stream(write('image.tar', d.tar));
  const envPath = `image.tar!myapp:1.0@layer-${d.layerIds[1].slice(0, 12)}!app/.env`;
  expect(paths(out)).toContain(envPath);
  expect(text(out, envPath)).toContain(secret);
  expect(paths(out).some((p) => p.includes('.wh.'))).toBe(false);
  expect(out.warnings).toEqual([]);

  const o = await ociLayout('myapp:2.0', [{ files: [{ name: 'app/.env', data: `ID=${keyId}` }] }]);
  const oci = await stream(write('oci.tar.gz', zlib.gzipSync(o.tar)));
  expect(paths(oci)).toContain(`oci.tar.gz!myapp:2.0@layer-${o.layerDigests[0].slice(0, 12)}!app/.env`);
});

test('an entry over maxEntryBytes that is a tar.gz is streamed into; other big entries warn', async () => {
  const { keyId } = fakeKeyId();
  const innerTgz = zlib.gzipSync(await tarball([
    { name: 'deep/creds', data: `key ${keyId}\n` },
    { name: 'deep/a.bin', data: randomBytes(2500).toString('base64') },
    { name: 'deep/b.bin', data: randomBytes(2500).toString('base64') },
  ]));
  expect(innerTgz.length).toBeGreaterThan(4096);
  const outer = await tarball([
    { name: 'backup.tgz', data: innerTgz },
    { name: 'huge.log', data: 'y'.repeat(20_000) },
    { name: 'small.txt', data: 'ok' },
  ]);
  const out = await stream(write('outer.tar', outer), { maxEntryBytes: 4096 });
  expect(paths(out)).toEqual(['outer.tar!backup.tgz!deep/creds', 'outer.tar!backup.tgz!deep/a.bin', 'outer.tar!backup.tgz!deep/b.bin', 'outer.tar!small.txt']);
  expect(out.warnings).toEqual([expect.objectContaining({ kind: 'size-cap', path: 'outer.tar!huge.log' })]);
});

test('truncated tar.gz and truncated zip on disk warn', async () => {
  const t = zlib.gzipSync(await tarball([{ name: 'a.txt', data: 'a'.repeat(10_000) }, { name: 'b.txt', data: 'b'.repeat(10_000) }]));
  const out = await stream(write('cut.tar.gz', t.subarray(0, Math.floor(t.length / 2))));
  expect(out.warnings.map((w) => [w.kind, w.path])).toEqual([['archive-corrupt', 'cut.tar.gz']]);
  const z = zip([{ name: 'a.txt', data: 'a'.repeat(1000) }]);
  const zo = await stream(write('cut.zip', z.subarray(0, z.length - 30)));
  expect(zo.warnings.map((w) => [w.kind, w.path])).toEqual([['archive-corrupt', 'cut.zip']]);
});

test('gzip bomb on disk stops at the ratio limit', async () => {
  const out = await stream(write('zeros.gz', zlib.gzipSync(Buffer.alloc(30 * 1024 * 1024))));
  expect(out.chunks).toEqual([]);
  expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-limit', path: 'zeros.gz' })]);
});

test('a streamed tar hands every member name on to be scanned', async () => {
  const seen: string[] = [];
  const file = write('big.tar', await tarball([{ name: 'a/b.txt', data: 'x' }, { name: 'c.txt', data: 'y' }]));
  const ctx = { warn: () => {}, count: () => {}, name: (text: string, field: string, at: Chunk['provenance']) => void seen.push(`${field} ${text} @ ${displayPath(at[0])}`) };
  const gen = expandFileStream(file, { kind: 'file', path: 'big.tar' }, DEFAULT_LIMITS, ctx);
  for (let r = await gen.next(); !r.done; r = await gen.next()) void r;
  expect(seen).toEqual(['name a/b.txt @ big.tar!a/b.txt', 'name c.txt @ big.tar!c.txt']);
});
