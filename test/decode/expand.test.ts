import zlib from 'node:zlib';
import { expand, DECODE_MARKS, DEFAULT_LIMITS, type DecodeLimits, type ExpandOptions } from '../../src/decode/index.js';
import { Engine } from '../../src/engine/detect.js';
import { loadRules } from '../../src/rules/load.js';
import { displayPath } from '../../src/sources/provenance.js';
import type { Chunk, ScanWarning, TextChunk } from '../../src/types.js';
import { dockerSave, gzip, ociLayout, tarball, zip } from '../helpers/archives.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

interface Out {
  texts: TextChunk[];
  warnings: ScanWarning[];
  counts: Record<string, number>;
}

async function run(bytes: Uint8Array, path: string, limits: Partial<DecodeLimits> = {}, lines?: number[], opts: ExpandOptions = {}): Promise<Out> {
  const out: Out = { texts: [], warnings: [], counts: {} };
  const chunk: Chunk = { id: path, bytes, provenance: [{ kind: 'file', path }], lines };
  const ctx = { warn: (w: ScanWarning) => out.warnings.push(w), count: (k: string, n = 1) => void (out.counts[k] = (out.counts[k] ?? 0) + n) };
  for await (const t of expand(chunk, { ...DEFAULT_LIMITS, ...limits }, ctx, opts)) out.texts.push(t);
  return out;
}

/** Where `needle` is in the TextChunk at `path` (1-based line, 1-based column). */
function locate(out: Out, path: string, needle: string, encoding?: string): { line: number; column: number; encoding?: string } {
  const t = out.texts.find((x) => displayPath(x.provenance[0]) === path && x.text.includes(needle) && (encoding === undefined || x.encoding === encoding));
  if (!t) throw new Error(`${needle.slice(0, 4)}… not found at ${path}; texts at: ${out.texts.map((x) => `${displayPath(x.provenance[0])} (${x.encoding ?? 'utf-8'})`).join(', ')}`);
  const off = t.text.indexOf(needle);
  const before = t.text.slice(0, off);
  const line = before.split('\n').length;
  return { line, column: off - before.lastIndexOf('\n'), encoding: t.encoding };
}

const paths = (out: Out) => out.texts.map((t) => displayPath(t.provenance[0]));

describe('archives', () => {
  test('zip with stored and deflated entries', async () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    const z = zip([
      { name: 'README.md', data: '# release\n', method: 'store' },
      { name: 'config/app.env', data: `# prod\nAWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n` },
      { name: 'docs/', data: '' },
    ]);
    const out = await run(z, 'dist/release.zip');
    expect(paths(out)).toEqual(['dist/release.zip!README.md', 'dist/release.zip!config/app.env']);
    expect(locate(out, 'dist/release.zip!config/app.env', keyId)).toEqual({ line: 2, column: 19, encoding: undefined });
    expect(locate(out, 'dist/release.zip!config/app.env', secret)).toMatchObject({ line: 3, column: 23 });
    expect(out.warnings).toEqual([]);
  });

  test('data-descriptor entries (streamed zip writers) are read', async () => {
    const { keyId } = fakeKeyId();
    const z = zip([{ name: 'a.txt', data: `id: ${keyId}`, dataDescriptor: true }, { name: 'b.txt', data: 'b', method: 'store', dataDescriptor: true }]);
    const out = await run(z, 'x.zip');
    expect(locate(out, 'x.zip!a.txt', keyId)).toMatchObject({ line: 1, column: 5 });
    expect(paths(out)).toContain('x.zip!b.txt');
  });

  test('jar in zip', async () => {
    const secret = fakeSecret();
    const jar = zip([
      { name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\n' },
      { name: 'application.properties', data: `spring.app=x\naws.secretKey=${secret}\n` },
    ]);
    const out = await run(zip([{ name: 'lib/app.jar', data: jar, method: 'store' }]), 'release.zip');
    expect(locate(out, 'release.zip!lib/app.jar!application.properties', secret)).toMatchObject({ line: 2, column: 15 });
  });

  test('jar in war in zip', async () => {
    const { keyId } = fakeKeyId();
    const jar = zip([{ name: 'application.properties', data: `aws.accessKeyId=${keyId}\n` }]);
    const war = zip([
      { name: 'WEB-INF/web.xml', data: '<web-app/>' },
      { name: 'WEB-INF/lib/x.jar', data: jar },
    ]);
    const out = await run(zip([{ name: 'app.war', data: war }]), 'release.zip');
    expect(locate(out, 'release.zip!app.war!WEB-INF/lib/x.jar!application.properties', keyId)).toMatchObject({ line: 1, column: 17 });
    expect(paths(out)).toContain('release.zip!app.war!WEB-INF/web.xml');
  });

  test('tar.gz backup with home/x/.aws/credentials (links and devices ignored)', async () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    const t = await tarball([
      { name: 'home/x/', type: 'directory' },
      { name: 'home/x/.aws/credentials', data: `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n` },
      { name: 'home/x/creds-link', type: 'symlink', linkname: '/etc/shadow' },
      { name: 'home/x/hard', type: 'link', linkname: 'home/x/.aws/credentials' },
      { name: 'dev/null', type: 'character-device' },
    ]);
    const out = await run(zlib.gzipSync(t), 'backups/home.tar.gz');
    expect(paths(out)).toEqual(['backups/home.tar.gz!home/x/.aws/credentials']);
    expect(locate(out, 'backups/home.tar.gz!home/x/.aws/credentials', keyId)).toMatchObject({ line: 2, column: 21 });
    expect(locate(out, 'backups/home.tar.gz!home/x/.aws/credentials', secret)).toMatchObject({ line: 3, column: 25 });
    expect(out.counts.tarLinksSkipped).toBe(3);
  });

  test('.gz log: inner name from FNAME, else the outer name minus .gz', async () => {
    const { keyId } = fakeKeyId();
    const log = `2024-01-01 start\n2024-01-01 using key ${keyId}\n`;
    const plain = await run(gzip(log), 'var/log/app.log.1.gz');
    expect(locate(plain, 'var/log/app.log.1.gz!app.log.1', keyId)).toMatchObject({ line: 2, column: 22 });
    const named = await run(gzip(log, 'service.log'), 'var/log/x.gz');
    expect(locate(named, 'var/log/x.gz!service.log', keyId)).toMatchObject({ line: 2, column: 22 });
  });

  test('npm pack .tgz (package/…)', async () => {
    const secret = fakeSecret();
    const t = await tarball([
      { name: 'package/package.json', data: '{"name":"leaky","version":"1.0.0"}' },
      { name: 'package/lib/config.js', data: `module.exports = {\n  secretAccessKey: '${secret}',\n};\n` },
    ]);
    const out = await run(zlib.gzipSync(t), 'leaky-1.0.0.tgz');
    expect(locate(out, 'leaky-1.0.0.tgz!package/lib/config.js', secret)).toMatchObject({ line: 2, column: 21 });
  });

  test('executable jar: a zip behind a shell launch script', async () => {
    const secret = fakeSecret();
    const jar = zip([{ name: 'BOOT-INF/classes/application.properties', data: `aws.secret=${secret}\n` }]);
    const script = Buffer.from('#!/bin/bash\n' + '# launch script\n'.repeat(700) + 'exit 0\n');
    const out = await run(Buffer.concat([script, jar]), 'app.jar');
    expect(locate(out, 'app.jar!BOOT-INF/classes/application.properties', secret)).toMatchObject({ line: 1, column: 12 });
  });

  test('old-style (v7) tar is recognised by its header checksum', async () => {
    const { keyId } = fakeKeyId();
    const t = await tarball([{ name: 'creds.txt', data: `key=${keyId}\n` }]);
    // turn the ustar header into a v7 one: clear magic..prefix, recompute the checksum
    t.fill(0, 257, 500);
    t.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += t[i];
    t.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    const out = await run(t, 'old.tar');
    expect(locate(out, 'old.tar!creds.txt', keyId)).toMatchObject({ line: 1, column: 5 });
  });
});

describe('images', () => {
  test('docker save: every file of every layer, named by tag and layer id; whiteouts skipped', async () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    const { tar, layerIds } = await dockerSave('myapp:1.0', [
      { files: [{ name: 'etc/os-release', data: 'ID=alpine\n' }] },
      { files: [{ name: 'app/', type: 'directory' }, { name: 'app/.env', data: `NODE_ENV=production\nAWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n` }] },
      { files: [{ name: 'app/.wh..env', data: '' }, { name: 'app/.wh..wh..opq', data: '' }] },
    ]);
    const out = await run(tar, 'image.tar');
    const layer = `image.tar!myapp:1.0@layer-${layerIds[1].slice(0, 12)}`;
    expect(locate(out, `${layer}!app/.env`, keyId)).toMatchObject({ line: 2, column: 19 });
    expect(locate(out, `${layer}!app/.env`, secret)).toMatchObject({ line: 3, column: 23 });
    expect(paths(out)).toContain(`image.tar!myapp:1.0@layer-${layerIds[0].slice(0, 12)}!etc/os-release`);
    expect(paths(out).some((p) => p.includes('.wh.'))).toBe(false);
    expect(paths(out)).toContain('image.tar!manifest.json'); // config and metadata are scanned too
    expect(out.counts.images).toBe(1);
    expect(out.warnings).toEqual([]);
  });

  test('OCI image layout with gzipped layers and a ref.name annotation', async () => {
    const { keyId } = fakeKeyId();
    const { tar, layerDigests } = await ociLayout('myapp:2.0', [
      { files: [{ name: 'bin/sh', data: 'x' }] },
      { files: [{ name: 'app/.env', data: `AWS_ACCESS_KEY_ID=${keyId}\n` }] },
    ]);
    const out = await run(tar, 'oci.tar');
    expect(locate(out, `oci.tar!myapp:2.0@layer-${layerDigests[1].slice(0, 12)}!app/.env`, keyId)).toMatchObject({ line: 1, column: 19 });
    expect(out.warnings).toEqual([]);
  });
});

describe('text encodings and shapes', () => {
  test('UTF-16LE PowerShell profile with BOM', async () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    const ps = `# profile\r\n$env:AWS_ACCESS_KEY_ID = "${keyId}"\r\n$env:AWS_SECRET_ACCESS_KEY = "${secret}"\r\n`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ps, 'utf16le')]);
    const out = await run(bytes, 'Documents/WindowsPowerShell/Microsoft.PowerShell_profile.ps1');
    const p = 'Documents/WindowsPowerShell/Microsoft.PowerShell_profile.ps1';
    expect(locate(out, p, keyId)).toEqual({ line: 2, column: 27, encoding: 'utf-16le' });
    expect(locate(out, p, secret)).toMatchObject({ line: 3, column: 31 });
    expect(out.texts[0].text.startsWith('# profile')).toBe(true); // BOM dropped
  });

  test('UTF-16LE without BOM and UTF-16BE with BOM', async () => {
    const { keyId } = fakeKeyId();
    const le = await run(Buffer.from(`key ${keyId}\n`, 'utf16le'), 'a.txt');
    expect(locate(le, 'a.txt', keyId)).toEqual({ line: 1, column: 5, encoding: 'utf-16le' });
    const beBody = Buffer.from(`x\nkey ${keyId}`, 'utf16le').swap16();
    const be = await run(Buffer.concat([Buffer.from([0xfe, 0xff]), beBody]), 'b.txt');
    expect(locate(be, 'b.txt', keyId)).toEqual({ line: 2, column: 5, encoding: 'utf-16be' });
  });

  test('source map: key in sourcesContent after \\" is found in the json-unescaped view', async () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    const source = `const cfg = {\n  aws_access_key_id = "${keyId}",\n  aws_secret_access_key = "${secret}",\n};\n`;
    const map = JSON.stringify({ version: 3, sources: ['../src/config.ts'], sourcesContent: [source], mappings: 'AAAA' });
    expect(map).toContain('\\"'); // the secret follows an escaped quote in the raw file
    const out = await run(Buffer.from(map), 'dist/main.js.map');
    expect(out.texts.map((t) => t.encoding)).toEqual([undefined, 'json-unescaped']);
    expect(locate(out, 'dist/main.js.map', secret, 'json-unescaped')).toMatchObject({ line: 3, column: 28 });
    expect(locate(out, 'dist/main.js.map', keyId, 'json-unescaped')).toMatchObject({ line: 2, column: 24 });
  });

  test('\\/ and \\u002B inside a secret, %2B %2F %3D in a URL', async () => {
    let secret = fakeSecret();
    secret = secret.slice(0, 10) + '/' + secret.slice(11, 20) + '+' + secret.slice(21);
    const escaped = secret.replace('/', '\\/').replace('+', '\\u002B');
    const out = await run(Buffer.from(`{"secret":"${escaped}"}`), 'settings.json');
    // a numeric escape (\u002B) earns the mapped js-escapes view, which supersedes json-unescaped
    expect(out.texts.map((t) => t.encoding)).toEqual([undefined, 'js-escapes']);
    expect(locate(out, 'settings.json', secret, 'js-escapes')).toMatchObject({ line: 1, column: 12 });

    const url = `https://example.com/cb?sig=${encodeURIComponent(secret)}%3D&x=1`;
    expect(url).toContain('%2F');
    const out2 = await run(Buffer.from(`GET ${url}\n`), 'access.log');
    expect(locate(out2, 'access.log', secret + '=', 'url-decoded')).toMatchObject({ line: 1, column: 32 });
  });

  test('no json view for escapes that cannot hide a credential (every bundle has \\n)', async () => {
    const js = 'var a="line1\\nline2",b="say \\"hi\\"",c="https:\\/\\/example.com\\/api\\/v1";\n';
    const out = await run(Buffer.from(js), 'bundle.min.js');
    expect(out.texts.map((t) => t.encoding)).toEqual([undefined]);
  });

  test('no extra view when nothing is escaped; pre-commit lines are remapped', async () => {
    const plain = await run(Buffer.from('just text\nwith a \\ backslash\n'), 'a.txt');
    expect(plain.texts).toHaveLength(1);
    const { keyId } = fakeKeyId();
    const text = `line1\n"a\\nb\\nc"\nkey \\"${keyId}\\"\n`;
    const out = await run(Buffer.from(text), 'b.json', {}, [3]);
    const view = out.texts.find((t) => t.encoding === 'json-unescaped')!;
    expect(view.lines).toEqual([5]);
    expect(view.text.split('\n')[4]).toContain(keyId);
  });
});

describe('binaries', () => {
  test('key compiled into a binary among NUL bytes is found in the strings view', async () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    const elf = Buffer.concat([
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
      Buffer.alloc(120),
      Buffer.from('GCC: (GNU) 12.2.0'),
      Buffer.from([0, 0, 1, 2, 3, 0]),
      Buffer.from(keyId),
      Buffer.alloc(7),
      Buffer.from(secret),
      Buffer.from([0, 0xff, 0xfe, 0]),
      Buffer.from('wide string here', 'utf16le'),
      Buffer.alloc(64),
    ]);
    const out = await run(elf, 'bin/agent');
    expect(out.texts).toHaveLength(1);
    expect(out.texts[0].encoding).toBe('strings');
    expect(locate(out, 'bin/agent', keyId)).toMatchObject({ line: 2, column: 1 });
    expect(locate(out, 'bin/agent', secret)).toMatchObject({ line: 3, column: 1 });
    expect(out.texts[0].text).toContain('wide string here');
    expect(out.counts.binaryStrings).toBe(1);
  });

  test('with the byte prefilter, a binary with no ASCII keyword keeps only its UTF-16 strings, where a key is still found', async () => {
    const engine = new Engine(await loadRules());
    const mayMatch = (b: Uint8Array) => engine.keywordsInBytes(b).size > 0;
    const { keyId } = fakeKeyId();
    const pe = (wide: string) =>
      Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('This program cannot be run in DOS mode.'), Buffer.alloc(9), Buffer.from(wide, 'utf16le'), Buffer.alloc(16)]);
    const quiet = await run(pe('ProductName Widget'), 'app.exe', {}, undefined, { mayMatch });
    expect(quiet.texts).toEqual([expect.objectContaining({ text: 'ProductName Widget', encoding: 'strings' })]);
    const wide = await run(pe(`AccessKey ${keyId}`), 'app.exe', {}, undefined, { mayMatch });
    expect(wide.texts).toHaveLength(1);
    expect(wide.texts[0].text).toBe(`AccessKey ${keyId}`);
    expect(engine.detect(wide.texts[0].text).map((h) => h.secret)).toEqual([keyId]);
    // Without a prefilter (or with a keyword in the bytes) the ASCII strings are there too.
    const all = await run(pe('ProductName Widget'), 'app.exe');
    expect(all.texts[0].text).toBe('This program cannot be run in DOS mode.\nProductName Widget');
  });

  test('media is skipped fast', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(100)]);
    const out = await run(png, 'logo.png');
    expect(out.texts).toEqual([]);
    expect(out.counts.mediaSkipped).toBe(1);
  });

  test('unsupported compression (7z) warns instead of scanning noise', async () => {
    const sz = Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), Buffer.alloc(50)]);
    const out = await run(sz, 'dump.sql.7z');
    expect(out.texts).toEqual([]);
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'decode', path: 'dump.sql.7z', message: expect.stringContaining('7z-compressed') })]);
  });
});

describe('bad inputs and limits', () => {
  test('1000:1 zip bomb stops at the ratio limit; other entries still yield', async () => {
    const { keyId } = fakeKeyId();
    const z = zip([
      { name: 'bomb.bin', data: Buffer.alloc(50 * 1024 * 1024) },
      { name: 'ok.txt', data: `key ${keyId}` },
    ]);
    expect(z.length).toBeLessThan(100_000);
    const out = await run(z, 'bomb.zip');
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-limit', path: 'bomb.zip!bomb.bin' })]);
    expect(out.warnings[0].message).toMatch(/ratio/);
    expect(locate(out, 'bomb.zip!ok.txt', keyId)).toMatchObject({ line: 1, column: 5 });
  });

  test('gzip bomb: ratio limit while inflating', async () => {
    const out = await run(zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024)), 'zeros.gz');
    expect(out.texts).toEqual([]);
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-limit', path: 'zeros.gz' })]);
  });

  test('per-entry size, entry count and total bytes limits warn', async () => {
    const z = zip([
      { name: 'big.txt', data: 'a'.repeat(5000) },
      { name: 'small.txt', data: 'ok' },
    ]);
    const size = await run(z, 's.zip', { maxEntryBytes: 1000 });
    expect(size.warnings).toEqual([expect.objectContaining({ kind: 'size-cap', path: 's.zip!big.txt' })]);
    expect(paths(size)).toEqual(['s.zip!small.txt']);
    const count = await run(z, 's.zip', { maxEntries: 1 });
    expect(count.warnings).toEqual([expect.objectContaining({ kind: 'archive-limit', path: 's.zip' })]);
    expect(paths(count)).toEqual(['s.zip!big.txt']);
    const total = await run(z, 's.zip', { maxArchiveBytes: 3000 });
    expect(total.warnings).toEqual([expect.objectContaining({ kind: 'archive-limit' })]);
  });

  test('truncated zip warns', async () => {
    const z = zip([{ name: 'a.txt', data: 'hello world '.repeat(100) }]);
    const out = await run(z.subarray(0, Math.floor(z.length / 2)), 'partial.zip');
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-corrupt', path: 'partial.zip' })]);
  });

  test('corrupt zip entry warns and the next entry is read', async () => {
    const { keyId } = fakeKeyId();
    const z = zip([
      { name: 'a.txt', data: 'hello world '.repeat(100) },
      { name: 'b.txt', data: `key ${keyId}` },
    ]);
    z.fill(0xff, 40, 60); // inside a.txt's deflate stream
    const out = await run(z, 'c.zip');
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-corrupt', path: 'c.zip!a.txt' })]);
    expect(locate(out, 'c.zip!b.txt', keyId)).toMatchObject({ line: 1 });
  });

  test('encrypted entry warns; the others are scanned', async () => {
    const { keyId } = fakeKeyId();
    const z = zip([
      { name: 'secret.txt', data: 'ciphertext', encrypted: true, method: 'store' },
      { name: 'plain.txt', data: `key ${keyId}` },
    ]);
    const out = await run(z, 'enc.zip');
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-encrypted', path: 'enc.zip!secret.txt' })]);
    expect(paths(out)).toEqual(['enc.zip!plain.txt']);
  });

  test('bad gzip trailer warns and the content is still scanned', async () => {
    const { keyId } = fakeKeyId();
    const gz = gzip(`key ${keyId}\n`);
    gz.writeUInt32LE((gz.readUInt32LE(gz.length - 8) ^ 1) >>> 0, gz.length - 8); // wrong CRC
    const out = await run(gz, 'x.log.gz');
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-corrupt', path: 'x.log.gz' })]);
    expect(locate(out, 'x.log.gz!x.log', keyId)).toMatchObject({ line: 1, column: 5 });
  });

  test('truncated tar warns after scanning the entries before the damage', async () => {
    const { keyId } = fakeKeyId();
    const t = await tarball([
      { name: 'a.txt', data: `key ${keyId}` },
      { name: 'b.txt', data: 'x'.repeat(4000) },
    ]);
    const out = await run(t.subarray(0, 2048), 't.tar');
    expect(paths(out)).toEqual(['t.tar!a.txt']);
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-corrupt', path: 't.tar' })]);
  });

  test('10-deep nesting stops at the depth limit with a warning', async () => {
    const { keyId } = fakeKeyId();
    let bytes: Buffer = Buffer.from(`key ${keyId}`);
    let name = 'key.txt';
    for (let i = 10; i >= 1; i--) {
      bytes = zip([{ name, data: bytes }, { name: `level${i}.txt`, data: `level ${i}` }]);
      name = `l${i}.zip`;
    }
    const out = await run(bytes, 'deep.zip');
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'depth-limit' })]);
    // maxDepth 8: eight archive levels open, the ninth does not
    expect(out.warnings[0].path).toBe('deep.zip!l2.zip!l3.zip!l4.zip!l5.zip!l6.zip!l7.zip!l8.zip!l9.zip');
    expect(paths(out)).toContain('deep.zip!l2.zip!l3.zip!l4.zip!l5.zip!l6.zip!l7.zip!l8.zip!level8.txt');
    expect(out.texts.some((t) => t.text.includes(keyId))).toBe(false);
    const deeper = await run(bytes, 'deep.zip', { maxDepth: 12 });
    expect(deeper.warnings).toEqual([]);
    expect(deeper.texts.some((t) => t.text.includes(keyId))).toBe(true);
  });

  test('depth continues from the chunk provenance (chunks streamed out of an archive)', async () => {
    const out: TextChunk[] = [];
    const warnings: ScanWarning[] = [];
    let p: Chunk['provenance'][number] = { kind: 'file', path: 'a.zip' };
    for (let i = 0; i < 8; i++) p = { kind: 'archive', outer: p, inner: `n${i}.zip` };
    const chunk: Chunk = { id: 'x', bytes: zip([{ name: 'f.txt', data: 'x' }]), provenance: [p] };
    for await (const t of expand(chunk, DEFAULT_LIMITS, { warn: (w) => warnings.push(w), count: () => {} })) out.push(t);
    expect(out).toEqual([]);
    expect(warnings[0].kind).toBe('depth-limit');
  });
});

describe('member names', () => {
  /** Every name expand() hands on to be scanned, as `display path` strings. */
  async function names(bytes: Uint8Array, path: string): Promise<Array<[string, string]>> {
    const seen: Array<[string, string]> = [];
    const ctx = {
      warn: () => {},
      count: () => {},
      name: (text: string, field: string, at: Chunk['provenance']) => void seen.push([text, `${field} ${displayPath(at[0])}`]),
    };
    for await (const _ of expand({ id: path, bytes, provenance: [{ kind: 'file', path }] }, DEFAULT_LIMITS, ctx)) void _;
    return seen;
  }

  test('every zip and tar member, also one not scanned (encrypted), and nested ones', async () => {
    const inner = zip([{ name: 'deep/creds.txt', data: 'x' }]);
    const z = zip([{ name: 'a.txt', data: 'x' }, { name: 'locked.txt', data: 'x', encrypted: true }, { name: 'lib/inner.zip', data: inner }, { name: 'dir/', data: '' }]);
    expect(await names(z, 'r.zip')).toEqual([
      ['a.txt', 'name r.zip!a.txt'],
      ['locked.txt', 'name r.zip!locked.txt'],
      ['lib/inner.zip', 'name r.zip!lib/inner.zip'],
      ['deep/creds.txt', 'name r.zip!lib/inner.zip!deep/creds.txt'],
    ]);
    expect(await names(await tarball([{ name: 'etc/x.conf', data: 'x' }, { name: 'l', type: 'symlink', linkname: 'x' }]), 'r.tar')).toEqual([['etc/x.conf', 'name r.tar!etc/x.conf']]);
  });

  test("a gzip header's name when it is not the one the outer name implies", async () => {
    expect(await names(gzip('x', 'notes.txt'), 'notes.txt.gz')).toEqual([]);
    expect(await names(gzip('x'), 'notes.txt.gz')).toEqual([]);
    expect(await names(gzip('x', 'other-name.txt'), 'notes.txt.gz')).toEqual([['other-name.txt', 'name notes.txt.gz!other-name.txt']]);
  });
});

describe('the keyword pass\'s marks stand in for the views\' own searches', () => {
  const views = (out: Out) => out.texts.map((t) => [t.encoding, t.text]);

  test.each([
    ['url-encoded secret', (s: string) => `GET /cb?aws_secret_access_key=${encodeURIComponent(s.slice(0, 10) + '/' + s.slice(11))}%3D\n`],
    ['js escapes', (s: string) => `aws_secret_access_key = "\\x${s.charCodeAt(0).toString(16)}${s.slice(1)}"\n`],
    ['html entities', (s: string) => `<p>aws_secret_access_key: &#${s.charCodeAt(0)};${s.slice(1)}</p>\n`],
    ['percent escapes', (s: string) => `aws_secret_access_key=%${s.charCodeAt(0).toString(16)}${s.slice(1)}\n`],
    ['escapes without a keyword', (s: string) => `x = "\\x${s.charCodeAt(0).toString(16)}${s.slice(1)}"\n`],
    ['base64 (the runs searched in the bytes)', (s: string) => `data:\n  creds: ${Buffer.from(`aws_secret_access_key = ${s}\n`).toString('base64')}\n`],
    ['base64 after a non-ASCII character (offsets differ)', (s: string) => `# café\ncreds: ${Buffer.from(`aws_secret_access_key = ${s}\n`).toString('base64')}\n`],
    ['nothing encoded', (s: string) => `aws_secret_access_key = ${s}\n`],
  ])('%s: the same views as when each view searches itself', async (_what, make) => {
    const engine = new Engine(await loadRules({ builtin: true }), { marks: DECODE_MARKS });
    let last: ReturnType<Engine['keywordsInBytes']> | undefined;
    const mayMatch = (b: Uint8Array) => (last = engine.keywordsInBytes(b)).size > 0;
    const bytes = Buffer.from(make(fakeSecret()));
    const marked = await run(bytes, 'f', {}, undefined, { mayMatch, marks: () => last?.marks });
    const searched = await run(bytes, 'f', {}, undefined, { mayMatch });
    expect(views(marked)).toEqual(views(searched));
    if (_what !== 'nothing encoded') expect(marked.texts.filter((t) => t.encoding).length).toBeGreaterThan(0);
  });
});
