// Large gzip members inflate as a stream into the windowed path: a member that inflates to a
// 200 MB single-line text is matched without holding it (fails on the main before streaming:
// the member was inflated whole and decoded into two more copies, over 800 MB RSS).
import { jest, expect, it } from '@jest/globals';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { tempDir } from '../helpers/cli.js';
import { FILLER, spawnCli, write } from '../helpers/big.js';
import { tarball } from '../helpers/archives.js';
import { fakeKeyId, randomFrom } from '../helpers/keys.js';

jest.setTimeout(240_000);

/** 16 KiB of consonants repeated: deflate finds it 16 KiB back, ~80:1 (under maxRatio 200). */
const UNIT = Buffer.from(randomFrom('bcdfghjklmnpqrstvwxz', 16 * 1024));

async function gzFile(path: string, units: number, tail: string): Promise<void> {
  const gz = zlib.createGzip({ level: 1 });
  const done = new Promise<void>((resolve, reject) => gz.pipe(createWriteStream(path)).on('finish', resolve).on('error', reject));
  for (let i = 0; i < units; i++) await write(gz, UNIT);
  gz.end(tail);
  await done;
}

it('a gzip member inflating to a 200 MB single-line text: the key at its end is found at its column; peak RSS < 400 MB', async () => {
  const d = tempDir();
  const path = join(d, 'bundle.js.gz');
  const units = (200 * 1024 * 1024) / UNIT.length;
  const { keyId } = fakeKeyId();
  await gzFile(path, units, ` key=${keyId}`);
  const { done } = spawnCli(['scan', path, '--format', 'json']);
  const r = await done;
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as { summary: { complete: boolean }; findings: Array<{ locations: Array<{ path: string; line: number; column: number }> }> };
  expect(report.findings.map((f) => f.locations.map((l) => [l.path, l.line, l.column]))).toEqual([[[`${path}!bundle.js`, 1, units * UNIT.length + 6]]]);
  expect(report.summary.complete).toBe(true);
  expect(r.peakKb).toBeGreaterThan(0);
  expect(r.peakKb).toBeLessThan(400 * 1024);
});

const ACGT = Buffer.from(randomFrom('acgt', 1024 * 1024)); // ~4:1 — a .gz too big to read whole

it('a .gz file too big to read whole (streamed on the main thread) and a 40 MB tar entry: keys at their end are found at their columns', async () => {
  const d = tempDir();
  const { keyId } = fakeKeyId();
  const gzPath = join(d, 'huge.log.gz');
  const gz = zlib.createGzip({ level: 1 });
  const written = new Promise<void>((resolve) => gz.pipe(createWriteStream(gzPath)).on('finish', resolve));
  for (let i = 0; i < 80; i++) await write(gz, ACGT);
  gz.end(` id=${keyId}\n`);
  await written;
  const other = fakeKeyId().keyId;
  const tarPath = join(d, 'logs.tar');
  writeFileSync(tarPath, await tarball([{ name: 'big.log', data: Buffer.concat([FILLER_40, Buffer.from(`x ${other}\n`)]) }]));
  const { done } = spawnCli(['scan', d, '--format', 'json']);
  const r = await done;
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as { summary: { complete: boolean }; findings: Array<{ locations: Array<{ path: string; line: number; column: number }> }> };
  const got = report.findings.map((f) => f.locations.map((l) => [l.path, l.line, l.column])).sort();
  expect(got).toEqual([[[`${gzPath}!huge.log`, 1, 80 * ACGT.length + 5]], [[`${tarPath}!big.log`, 40 * 16384 + 1, 3]]].sort());
  expect(report.summary.complete).toBe(true);
  expect(r.peakKb).toBeLessThan(400 * 1024);
});

const FILLER_40 = Buffer.concat(Array.from({ length: 40 }, () => FILLER));
