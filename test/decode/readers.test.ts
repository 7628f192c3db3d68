// One reader per container format: the same archive read from memory (expand) and streamed
// from disk (expandFileStream, whose chunks a worker then expands) yields the same texts at
// the same paths and the same warnings, word for word. A zip is also read through both of
// its byte sources (a buffer and a file descriptor).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DEFAULT_LIMITS, expand, type DecodeLimits } from '../../src/decode/index.js';
import { Run } from '../../src/decode/run.js';
import { expandFileStream } from '../../src/decode/stream.js';
import { openZip, zipEntries, type ZipSource } from '../../src/decode/zip.js';
import { displayPath } from '../../src/sources/provenance.js';
import type { Chunk, ScanWarning } from '../../src/types.js';
import { dockerSave, gzip, tarball, zip } from '../helpers/archives.js';
import { fakeKeyId } from '../helpers/keys.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhound-readers-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Seen {
  texts: string[];
  warnings: Array<[string, string, string]>;
  /** Member names handed on to the name scan (Run.child). */
  names: string[];
}

function collector() {
  const seen: Seen = { texts: [], warnings: [], names: [] };
  const ctx = {
    warn: (w: ScanWarning) => void seen.warnings.push([w.kind, w.path, w.message]),
    count: () => {},
    name: (text: string, _field: string, at: Chunk['provenance']) => void seen.names.push(`${text} @ ${displayPath(at[0])}`),
  };
  return { seen, ctx };
}

async function inMemory(bytes: Buffer, name: string, limits: DecodeLimits): Promise<Seen> {
  const { seen, ctx } = collector();
  for await (const t of expand({ id: name, bytes, provenance: [{ kind: 'file', path: name }] }, limits, ctx)) seen.texts.push(`${displayPath(t.provenance[0])} ${t.text.length}`);
  return seen;
}

async function fromDisk(bytes: Buffer, name: string, limits: DecodeLimits): Promise<Seen> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  const { seen, ctx } = collector();
  const chunks: Chunk[] = [];
  const gen = expandFileStream(file, { kind: 'file', path: name }, limits, ctx);
  for (let r = await gen.next(); !r.done; r = await gen.next()) chunks.push(r.value);
  // what a worker does with each chunk
  for (const c of chunks) for await (const t of expand(c, limits, ctx)) seen.texts.push(`${displayPath(t.provenance[0])} ${t.text.length}`);
  return seen;
}

function nested(levels: number, inner: Buffer): Buffer {
  let bytes = inner;
  let name = 'key.txt';
  for (let i = levels; i >= 1; i--) {
    bytes = zip([{ name, data: bytes }, { name: `level${i}.txt`, data: `level ${i}` }]);
    name = `l${i}.zip`;
  }
  return bytes;
}

const { keyId } = fakeKeyId();
const hello = 'hello world '.repeat(100);
const corruptEntry = () => {
  const z = zip([{ name: 'a.txt', data: hello }, { name: 'b.txt', data: `key ${keyId}` }]);
  z.fill(0xff, 40, 60); // inside a.txt's deflate stream
  return z;
};
const badTrailer = () => {
  const gz = gzip(`key ${keyId}\n`);
  gz.writeUInt32LE((gz.readUInt32LE(gz.length - 8) ^ 1) >>> 0, gz.length - 8);
  return gz;
};
const halfOf = (b: Buffer) => b.subarray(0, Math.floor(b.length / 2));

type Case = [name: string, file: string, bytes: () => Buffer | Promise<Buffer>, limits: Partial<DecodeLimits>, warnings: Array<[string, string]>];
const CASES: Case[] = [
  ['corrupt zip entry', 'c.zip', corruptEntry, {}, [['archive-corrupt', 'c.zip!a.txt']]],
  ['truncated zip', 'partial.zip', () => halfOf(zip([{ name: 'a.txt', data: hello }])), {}, [['archive-corrupt', 'partial.zip']]],
  ['zip bomb', 'bomb.zip', () => zip([{ name: 'bomb.bin', data: Buffer.alloc(50 * 1024 * 1024) }, { name: 'ok.txt', data: 'ok' }]), {}, [['archive-limit', 'bomb.zip!bomb.bin']]],
  ['nested depth limit', 'deep.zip', () => nested(10, Buffer.from(`key ${keyId}`)), {}, [['depth-limit', 'deep.zip!l2.zip!l3.zip!l4.zip!l5.zip!l6.zip!l7.zip!l8.zip!l9.zip']]],
  ['encrypted zip entry', 'enc.zip', () => zip([{ name: 'secret.txt', data: 'x', encrypted: true, method: 'store' }, { name: 'plain.txt', data: 'p' }]), {}, [['archive-encrypted', 'enc.zip!secret.txt']]],
  ['oversized zip entry', 's.zip', () => zip([{ name: 'big.txt', data: 'a'.repeat(5000) }, { name: 'small.txt', data: 'ok' }]), { maxEntryBytes: 1000 }, [['size-cap', 's.zip!big.txt']]],
  ['too many zip entries', 'n.zip', () => zip([{ name: 'a', data: 'a' }, { name: 'b', data: 'b' }]), { maxEntries: 1 }, [['archive-limit', 'n.zip']]],
  ['oversized tar entry', 'big.tar', () => tarball([{ name: 'huge.log', data: 'y'.repeat(20_000) }, { name: 'small.txt', data: 'ok' }]), { maxEntryBytes: 4096 }, [['size-cap', 'big.tar!huge.log']]],
  ['truncated tar', 't.tar', async () => (await tarball([{ name: 'a.txt', data: 'a' }, { name: 'b.txt', data: 'x'.repeat(4000) }])).subarray(0, 2048), {}, [['archive-corrupt', 't.tar']]],
  ['truncated tar.gz', 'cut.tar.gz', async () => halfOf(zlib.gzipSync(await tarball([{ name: 'a.txt', data: 'a'.repeat(10_000) }, { name: 'b.txt', data: 'b'.repeat(10_000) }]))), {}, [['archive-corrupt', 'cut.tar.gz']]],
  ['nested tar depth limit', 'd.tar', async () => tarball([{ name: 'in.tar', data: await tarball([{ name: 'x.txt', data: 'x' }]) }]), { maxDepth: 1 }, [['depth-limit', 'd.tar!in.tar']]],
  ['gzip bomb', 'zeros.gz', () => zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024)), {}, [['archive-limit', 'zeros.gz']]],
  ['bad gzip trailer', 'x.log.gz', badTrailer, {}, [['archive-corrupt', 'x.log.gz']]],
  ['docker save image', 'image.tar', async () => (await dockerSave('app:1', [{ files: [{ name: 'app/.env', data: `ID=${keyId}` }] }])).tar, {}, []],
  ['jar in a tar.gz', 'rel.tgz', async () => zlib.gzipSync(await tarball([{ name: 'lib/app.jar', data: zip([{ name: 'a.properties', data: `k=${keyId}` }]) }, { name: 'l', type: 'symlink', linkname: 'x' }])), {}, []],
  ['gzip header name of its own', 'notes.txt.gz', () => gzip('x', 'other.txt'), {}, []],
];

test.each(CASES)('%s: the same texts and warnings in memory and streamed from disk', async (_name, file, make, limits, warnings) => {
  const bytes = await make();
  const all = { ...DEFAULT_LIMITS, ...limits };
  const mem = await inMemory(bytes, file, all);
  const disk = await fromDisk(bytes, file, all);
  expect(mem.warnings.map(([k, p]) => [k, p])).toEqual(warnings);
  expect(mem.texts.length + mem.warnings.length).toBeGreaterThan(0);
  // From disk a worker expands the chunks after the reader named them: the same names, in another order.
  expect({ ...disk, names: disk.names.sort() }).toEqual({ ...mem, names: mem.names.sort() });
});

test('a zip read from a buffer and from a file descriptor: the same entries and warnings', async () => {
  const z = zip([
    { name: 'a.txt', data: 'a'.repeat(3000) },
    { name: 'enc.bin', data: 'x', encrypted: true },
    { name: 'b.txt', data: `key ${keyId}`, method: 'store', dataDescriptor: true },
    { name: 'bomb.bin', data: Buffer.alloc(30 * 1024 * 1024) },
  ]);
  const file = path.join(dir, 'fd.zip');
  fs.writeFileSync(file, z);
  const read = async (source: ZipSource) => {
    const { seen, ctx } = collector();
    const run = new Run(DEFAULT_LIMITS, ctx);
    const zf = await openZip(source);
    for await (const item of zipEntries(zf!, source, [{ kind: 'file', path: 'fd.zip' }], run)) seen.texts.push(`${item.name} ${item.bytes.toString('latin1')}`);
    return { seen, bytes: run.bytes };
  };
  const fd = fs.openSync(file, 'r');
  const viaFd = await read({ fd, size: z.length }); // closes the fd with the ZipFile
  const viaBuf = await read({ buf: z });
  expect(viaBuf.seen.texts).toEqual([`a.txt ${'a'.repeat(3000)}`, `b.txt key ${keyId}`]);
  expect(viaBuf.seen.warnings.map(([k, p]) => [k, p])).toEqual([['archive-encrypted', 'fd.zip!enc.bin'], ['archive-limit', 'fd.zip!bomb.bin']]);
  expect(viaFd).toEqual(viaBuf);
});
