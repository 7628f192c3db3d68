// A large git blob is read as a stream from `git cat-file` into the windowed path: found at its
// exact line, the child's peak RSS bounded. Fails on the main before blob streaming: a 200 MB
// blob was buffered whole, then copied into a latin1 and a UTF-8 string (about 900 MB RSS).
import { jest, expect, it } from '@jest/globals';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { GitRepo } from '../../helpers/git-repo.js';
import { FILLER, FILLER_LINES, spawnCli } from '../../helpers/big.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';

jest.setTimeout(240_000);

it('a 200 MB blob: the pairs in its middle and at its end are found at their lines; peak RSS < 400 MB', async () => {
  const repo = GitRepo.init();
  repo.git('config', 'core.compression', '1');
  const pairs = [0, 1].map(() => ({ key: fakeKeyId().keyId, secret: fakeSecret(), line: 0 }));
  const fd = openSync(join(repo.dir, 'dump.sql'), 'w');
  let line = 1;
  for (let i = 0; i < 200; i++) {
    if (i === 100 || i === 199) {
      const p = pairs[i === 100 ? 0 : 1]!;
      p.line = line;
      writeSync(fd, `aws_access_key_id = ${p.key}\naws_secret_access_key = ${p.secret}\n`);
      line += 2;
    }
    writeSync(fd, FILLER);
    line += FILLER_LINES;
  }
  closeSync(fd);
  repo.add('dump.sql').commit('add a dump');
  const { done } = spawnCli(['git', repo.dir, '--format', 'json', '--show-secrets']);
  const r = await done;
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as { summary: { complete: boolean }; findings: Array<{ secret: string; locations: Array<{ path: string; line: number; column: number }> }> };
  const got = report.findings.map((f) => [f.secret, f.locations.map((l) => [l.path, l.line, l.column])]).sort();
  expect(got).toEqual(pairs.map((p) => [`${p.key}:${p.secret}`, [['dump.sql', p.line, 21]]]).sort());
  expect(report.summary.complete).toBe(true);
  expect(r.peakKb).toBeGreaterThan(0);
  expect(r.peakKb).toBeLessThan(400 * 1024);
});
