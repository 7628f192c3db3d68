// A plain file over the stream size (16 MiB) in a tree scan: the worker that reads it hands it
// back, and the main thread shares its windows with the workers (runtime/stream-windows.ts).
// Every key is found once at its exact line, whichever thread matched its window, and the
// small files beside it are matched as before.
import { jest } from '@jest/globals';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { FILLER, FILLER_LINES, spawnCli, write } from '../helpers/big.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { demoRuleFile, demoToken } from '../helpers/demo-rule.js';

interface Report {
  summary: { complete: boolean; filesScanned: number };
  findings: Array<{ ruleId: string; secret: string; locations: Array<{ path: string; line: number; column: number }> }>;
  warnings: unknown[];
}

jest.setTimeout(180_000);

it('40 MiB of plain text with --workers 2: keys in the first, a middle and the last window, and a pair, each at its line', async () => {
  const d = tempDir();
  const big = join(d, 'big.log');
  const out = createWriteStream(big);
  const expected = new Map<string, [string, number, number]>(); // secret → location
  let line = 1;
  const key = async (at: string) => {
    const k = fakeKeyId().keyId;
    expected.set(k, [big, line, at.length + 1]);
    await write(out, `${at}${k}\n`);
    line += 1;
  };
  for (let mib = 0; mib < 40; mib++, line += FILLER_LINES) {
    if (mib === 0 || mib === 17 || mib === 39) await key('  id: ');
    if (mib === 30) {
      const k = fakeKeyId().keyId;
      const s = fakeSecret();
      // Paired, the key id is reported as the pair.
      expected.set(`${k}:${s}`, [big, line, 21]);
      await write(out, `aws_access_key_id = ${k}\naws_secret_access_key = ${s}\n`);
      line += 2;
    }
    await write(out, FILLER);
  }
  await key('tail ');
  await new Promise<void>((r) => out.end(r));
  const small = fakeKeyId().keyId;
  writeFileSync(join(d, 'small.txt'), `x\n  ${small}\n`);
  expected.set(small, [join(d, 'small.txt'), 2, 3]);

  const r = await spawnCli(['scan', d, '--workers', '2', '--format', 'json', '--show-secrets']).done;
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as Report;
  const found = new Map(report.findings.map((f) => [f.secret, f.locations.map((l) => [l.path, l.line, l.column])]));
  expect(found).toEqual(new Map([...expected].map(([s, l]) => [s, [l]])));
  expect(report.warnings).toEqual([]);
  expect(report.summary).toMatchObject({ complete: true, filesScanned: 2 });
});

it('with --rules, 40 MiB of stdin: user-rule tokens in three windows, each at its line (the windows wait for the worker)', async () => {
  const rules = demoRuleFile(tempDir());
  const { child, done } = spawnCli(['scan', '-', '--rules', rules, '--workers', '1', '--format', 'json', '--show-secrets']);
  const expected = new Map<string, number>();
  let line = 1;
  for (let mib = 0; mib < 40; mib++, line += FILLER_LINES) {
    if (mib === 1 || mib === 20 || mib === 38) {
      const t = demoToken();
      expected.set(t.slice('demo_'.length), line); // found at the secret, after the prefix
      await write(child.stdin!, `token = ${t}\n`);
      line += 1;
    }
    await write(child.stdin!, FILLER);
  }
  child.stdin!.end();
  const r = await done;
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as Report;
  expect(new Map(report.findings.map((f) => [f.secret, f.locations.map((l) => [l.path, l.line, l.column])]))).toEqual(
    new Map([...expected].map(([s, l]) => [s, [['-', l, 14]]])),
  );
  expect(report.findings.every((f) => f.ruleId === 'demo-token')).toBe(true);
  expect(report.summary.complete).toBe(true);
});
