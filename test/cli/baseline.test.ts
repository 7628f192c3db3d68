// `keyhound baseline` and `--baseline`, spawned as a user runs them: the round trip of issue #12
// (create → rescan → 0 new; move the line → 0 new; change the secret → 1 new; rerun → same
// bytes), a history baseline for an old revoked key, and --baseline-update.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { locate, runCli, tempDir } from '../helpers/cli.js';
import { cleanupRepos, GitRepo } from '../helpers/git-repo.js';

interface JsonReport {
  summary: { findings: number; suppressed?: number; complete: boolean };
  findings: Array<{ ruleId: string; fingerprint: string; locations: Array<{ path: string; line: number; column: number }> }>;
  suppressed?: Array<{ fingerprint: string; locations: Array<{ path: string; line: number; suppressed: Array<{ kind: string; source: string; reason?: string }> }> }>;
}

afterAll(cleanupRepos);

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

function tree(): { dir: string; pair: string; lone: string; secret: string } {
  const dir = tempDir('keyhound-baseline-');
  const pair = fakeKeyId().keyId;
  const secret = fakeSecret();
  const lone = fakeKeyId().keyId;
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'settings.env'), `AWS_ACCESS_KEY_ID=${pair}\nAWS_SECRET_ACCESS_KEY=${secret}\n`);
  writeFileSync(join(dir, 'notes.txt'), `old key: ${lone}\n`);
  return { dir, pair, lone, secret };
}

describe('keyhound baseline + scan --baseline', () => {
  it('round trip: 0 new after create and after moving lines; a changed secret is 1 new; rerunning writes the same bytes', () => {
    const t = tree();
    const file = join(tempDir('keyhound-bl-out-'), 'baseline.json');
    const made = runCli(['baseline', t.dir, '--output', file]);
    expect(made.code).toBe(0);
    expect(made.stderr).toContain(`keyhound: baseline ${file}: 2 added, 0 dropped, 0 kept`);
    const first = readFileSync(file, 'utf8');
    expect(first).not.toContain(t.pair);
    expect(first).not.toContain(t.secret);
    expect(first).not.toMatch(/"line"|settings\.env|notes\.txt/);

    const rescan = runCli(['scan', t.dir, '--baseline', file, '--format', 'json']);
    expect(rescan.code).toBe(0);
    expect(json(rescan.stdout).summary).toMatchObject({ findings: 0, suppressed: 2 });

    // Move both: lines pushed down, the lone key to another file.
    writeFileSync(join(t.dir, 'app', 'settings.env'), `# moved\n\n\nAWS_ACCESS_KEY_ID=${t.pair}\nAWS_SECRET_ACCESS_KEY=${t.secret}\n`);
    writeFileSync(join(t.dir, 'notes.txt'), 'nothing here\n');
    writeFileSync(join(t.dir, 'moved.txt'), `\n\nold key: ${t.lone}\n`);
    expect(runCli(['scan', t.dir, '--baseline', file]).code).toBe(0);
    expect(runCli(['baseline', t.dir, '--output', file]).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(first);

    // Same line, another secret: new.
    const text = `# moved\n\n\nAWS_ACCESS_KEY_ID=${t.pair}\nAWS_SECRET_ACCESS_KEY=${fakeSecret()}\n`;
    writeFileSync(join(t.dir, 'app', 'settings.env'), text);
    const changed = runCli(['scan', t.dir, '--baseline', file, '--format', 'json']);
    expect(changed.code).toBe(1);
    const r = json(changed.stdout);
    expect(r.findings.map((f) => [f.ruleId, f.locations.map((l) => [l.path, l.line, l.column])])).toEqual([
      ['aws-access-key-pair', [[join(t.dir, 'app', 'settings.env'), 4, locate(text, t.pair).column]]],
    ]);
    expect(r.summary).toMatchObject({ findings: 1, suppressed: 1 });
  });

  it('--baseline-update adds the new, drops the gone, keeps notes, and says what changed', () => {
    const t = tree();
    const file = join(tempDir('keyhound-bl-out-'), 'baseline.json');
    expect(runCli(['baseline', t.dir, '-o', file, '--reason', 'accepted at adoption']).code).toBe(0);
    // A note by hand on the pair's entry; the lone key goes away; a new key comes.
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { findings: Array<{ fingerprint: string; ruleId: string; by?: string }> };
    const pairEntry = doc.findings.find((e) => e.ruleId === 'aws-access-key-pair')!;
    const gone = doc.findings.find((e) => e.ruleId === 'aws-access-key-id')!.fingerprint;
    pairEntry.by = 'sec-team';
    writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
    const byTeam = pairEntry.fingerprint;
    const fresh = fakeKeyId().keyId;
    writeFileSync(join(t.dir, 'notes.txt'), 'gone\n');
    writeFileSync(join(t.dir, 'new.txt'), `id ${fresh}\n`);

    const up = runCli(['scan', t.dir, '--baseline', file, '--baseline-update', '--format', 'json']);
    // The run that takes a new finding in still reports it (nothing new passes unseen).
    expect(up.code).toBe(1);
    expect(json(up.stdout).findings.map((f) => f.locations[0]!.path)).toEqual([join(t.dir, 'new.txt')]);
    expect(up.stderr).toContain(`keyhound: baseline ${file}: 1 added, 1 dropped, 1 kept`);
    expect(up.stderr).toMatch(new RegExp(`\\+ aws-access-key-id AKIA…${fresh.slice(-4)} [0-9a-f]{16}`));
    expect(up.stderr).toContain(`- aws-access-key-id AKIA…${t.lone.slice(-4)} ${gone.slice(0, 16)}`);
    const after = JSON.parse(readFileSync(file, 'utf8')) as { findings: Array<{ fingerprint: string; by?: string; reason?: string }> };
    expect(after.findings.map((e) => e.fingerprint)).not.toContain(gone);
    expect(after.findings.find((e) => e.fingerprint === byTeam)).toMatchObject({ by: 'sec-team', reason: 'accepted at adoption' });
    expect(runCli(['scan', t.dir, '--baseline', file]).code).toBe(0);
  });

  it('an old revoked key in history: `baseline --git` makes `keyhound git` pass, and a new key still fails it', () => {
    const repo = GitRepo.init();
    const old = fakeKeyId().keyId;
    repo.commitFiles({ 'deploy.sh': `export AWS_ACCESS_KEY_ID=${old}\n` }, 'deploy script');
    repo.commitFiles({ 'deploy.sh': 'export AWS_PROFILE=deploy\n' }, 'use a profile');
    const file = join(repo.dir, '.keyhound-baseline.json');
    expect(runCli(['git', repo.dir]).code).toBe(1);
    const made = runCli(['baseline', '--git', repo.dir, '-o', file, '--reason', 'revoked 2021-03']);
    expect(made.code).toBe(0);
    const pass = runCli(['git', repo.dir, '--baseline', file, '--format', 'json']);
    expect(pass.code).toBe(0);
    expect(json(pass.stdout).suppressed?.[0]?.locations[0]?.suppressed).toEqual([{ kind: 'baseline', source: `${file}:6`, reason: 'revoked 2021-03' }]);
    const fresh = fakeKeyId().keyId;
    repo.commitFiles({ 'ci.yml': `key: ${fresh}\n` }, 'ci');
    const fail = runCli(['git', repo.dir, '--baseline', file, '--format', 'json']);
    expect(fail.code).toBe(1);
    expect(json(fail.stdout).findings.map((f) => [f.locations[0]!.path, f.locations[0]!.line, f.locations[0]!.column])).toEqual([['ci.yml', 1, 6]]);
  });

  it('pre-commit: `staged --baseline` does not block on a baselined key, and blocks on a new one', () => {
    const repo = GitRepo.init();
    repo.commitFiles({ 'README.md': 'hello\n' }, 'init');
    const old = fakeKeyId().keyId;
    repo.write('fixtures/key.txt', `${old}\n`).add('fixtures/key.txt');
    const file = join(tempDir('keyhound-bl-staged-'), 'baseline.json');
    expect(runCli(['staged', repo.dir]).code).toBe(1);
    expect(runCli(['baseline', repo.dir, '-o', file]).code).toBe(0);
    expect(runCli(['staged', repo.dir, '--baseline', file]).code).toBe(0);
    const fresh = fakeKeyId().keyId;
    repo.write('fixtures/key.txt', `${old}\n${fresh}\n`).add('fixtures/key.txt');
    const r = runCli(['staged', repo.dir, '--baseline', file, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.locations.map((l) => [l.path, l.line, l.column]))).toEqual([[['fixtures/key.txt', 2, 1]]]);
  });

  it('a missing or malformed baseline is exit 2 naming the file; flags that mean nothing to `baseline` are usage errors', () => {
    const t = tree();
    const missing = runCli(['scan', t.dir, '--baseline', join(t.dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(t.dir, 'nope.json')}: no such baseline`);
    writeFileSync(join(t.dir, 'bad.json'), '{"keyhound":"baseline","version":1,"findings":[{"ruleId":"x"}]}');
    const bad = runCli(['scan', t.dir, '--baseline', join(t.dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(t.dir, 'bad.json')}: findings[0].fingerprint: expected a string`);
    // Not overwritten either: a file that is not a baseline is not replaced by one.
    expect(runCli(['baseline', t.dir, '-o', join(t.dir, 'bad.json')]).code).toBe(2);
    expect(readFileSync(join(t.dir, 'bad.json'), 'utf8')).toContain('"ruleId":"x"');
    expect(runCli(['baseline', t.dir, '--verify']).code).toBe(2);
    expect(runCli(['scan', t.dir, '--baseline-update']).stderr).toContain('--baseline-update needs --baseline FILE');
  });
});
