// Streams (stdin, FIFOs, process substitutions) go through the windowed path: found at exact
// lines whatever the size, with the child's peak RSS bounded. Every test here fails on the
// main before streaming: stdin was held whole (300 MB → over 1 GB RSS), a FIFO or <(...) was
// skipped without a word, an empty stdin passed in silence.
import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { BIN, tempDir } from '../helpers/cli.js';
import { FILLER, FILLER_LINE, FILLER_LINES, spawnCli, write } from '../helpers/big.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

interface Report {
  summary: { complete: boolean; bytesScanned: number };
  findings: Array<{ ruleId: string; secret: string; locations: Array<{ path: string; line: number; column: number }> }>;
  warnings: Array<{ kind: string; path: string; message: string }>;
}

const MiB = 1024 * 1024;
const pairText = (k: string, s: string) => `aws_access_key_id = ${k}\naws_secret_access_key = ${s}\n`;

jest.setTimeout(240_000);

// The bound: the main thread plus two workers, each matching a window of the stream (up to
// WINDOWS_OUT out at once, ~75 MB each; ~330 MB measured). Held whole it was over 1 GB, and
// the bound does not grow with the input (test/bench/memory.js: 1 GB of stdin, ~400 MB).
it('300 MB of stdin with 2 workers: a pair in the middle and pairs all across the first window boundary, each once at its line; peak RSS < 512 MB', async () => {
  const { child, done } = spawnCli(['scan', '-', '--workers', '2', '--format', 'json', '--show-secrets']);
  const stdin = child.stdin!;
  const expected = new Map<string, number>(); // pair secret → line of its key id
  let line = 1;
  const pair = async () => {
    const k = fakeKeyId().keyId;
    const s = fakeSecret();
    expected.set(`${k}:${s}`, line);
    await write(stdin, pairText(k, s));
    line += 2;
  };
  for (let i = 0; i < 7; i++, line += FILLER_LINES) await write(stdin, FILLER);
  // 8 MiB − 96 KiB .. 8 MiB + 96 KiB: a pair every KiB, across where window 0's owned range
  // ends (8 MiB − 56 KiB … 8 MiB + 8 KiB, by where the pipe cuts its reads) and its text ends.
  const lead = FILLER_LINES - (96 * 1024) / FILLER_LINE.length;
  await write(stdin, FILLER.subarray(0, lead * FILLER_LINE.length));
  line += lead;
  const kib = FILLER.subarray(0, 1024);
  for (let i = 0; i < 192; i++) {
    await write(stdin, kib);
    line += 16;
    await pair();
  }
  for (let i = 9; i < 300; i++, line += FILLER_LINES) {
    if (i === 150) await pair();
    await write(stdin, FILLER);
  }
  stdin.end();
  const r = await done;
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as Report;
  const pairs = report.findings.filter((f) => f.ruleId === 'aws-access-key-pair');
  expect(pairs).toHaveLength(expected.size);
  for (const f of pairs) expect(f.locations.map((l) => [l.path, l.line, l.column])).toEqual([['-', expected.get(f.secret), 21]]);
  expect(report.summary.complete).toBe(true);
  expect(r.peakKb).toBeGreaterThan(0);
  expect(r.peakKb).toBeLessThan(512 * 1024);
});

it('a FIFO named on the command line is read as a stream: the key is found at its line', async () => {
  const d = tempDir();
  const fifo = join(d, 'creds.fifo');
  execFileSync('mkfifo', [fifo]);
  const { keyId } = fakeKeyId();
  const { done } = spawnCli(['scan', fifo, '--format', 'json']);
  const w = createWriteStream(fifo);
  await write(w, 'first\nsecond\n');
  await write(w, `  key = ${keyId}\n`);
  w.end();
  const r = await done;
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as Report;
  expect(report.findings.map((f) => f.locations.map((l) => [l.path, l.line, l.column]))).toEqual([[[fifo, 3, 9]]]);
  expect(report.summary.complete).toBe(true);
});

it('a process substitution <(...) is scanned, its path the /dev/fd name', async () => {
  const { keyId } = fakeKeyId();
  const { done } = spawnCli([`${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} scan <(printf 'a\\nid=${keyId}\\n') --format json`], { shell: true, stdin: 'ignore' });
  const r = await done;
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as Report;
  expect(report.findings).toHaveLength(1);
  expect(report.findings[0].locations).toEqual([expect.objectContaining({ line: 2, column: 4, path: expect.stringMatching(/^\/dev\/fd\/\d+$/) })]);
});

describe('an empty or closed stdin is a note, not a silent clean pass', () => {
  it.each([
    ['< /dev/null', '< /dev/null'],
    ['closed (<&-)', '<&-'],
  ])('%s: exit 0, complete, an empty-input note', async (_name, redirect) => {
    const { done } = spawnCli([`${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} scan - --format json ${redirect}`], { shell: true, stdin: 'ignore' });
    const r = await done;
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.warnings).toEqual([{ kind: 'empty-input', path: '-', message: 'stdin was empty or closed: nothing scanned' }]);
    expect(report.summary.complete).toBe(true);
    expect(r.stderr).toContain('stdin was empty or closed');
  });
});

it('what arrives before the window fills is matched (a short stdin still works; the size was never needed)', async () => {
  const { keyId } = fakeKeyId();
  const { child, done } = spawnCli(['scan', '-', '--format', 'json']);
  child.stdin!.end(`x\n${keyId}\n`);
  const r = await done;
  expect(r.code).toBe(1);
  expect((JSON.parse(r.stdout) as Report).findings[0].locations[0]).toMatchObject({ path: '-', line: 2, column: 1 });
  void MiB;
});
