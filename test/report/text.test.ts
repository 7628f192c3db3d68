import { describe, expect, it } from '@jest/globals';
import { render } from '../../src/report/index.js';
import { remediation } from '../../src/report/remediation.js';
import { ACCESS_KEYS_DOC, TEMPORARY_DOC } from '../../src/providers/aws/remediation.js';
import { renderText } from '../../src/report/text.js';
import type { ScanWarning } from '../../src/types.js';
import { fakeKeyId, fakeOldKeyId, fakeSecret } from '../helpers/keys.js';
import { locate, runCli, tempDir } from '../helpers/cli.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitRepo } from '../helpers/git-repo.js';
import { fakeAccount, fileLoc, gitProvenance, pairFinding, result } from './fixtures.js';

const opts = { color: false, rules: [], toolVersion: '0.1.0' };

describe('text report', () => {
  it('shows severity, rule, redacted secret, account, key type and locations', () => {
    const fx = pairFinding();
    const out = render('text', result([fx.finding]), { ...opts, showSecrets: false });
    expect(out).toContain('CRITICAL aws-access-key-pair AWS access key pair');
    expect(out).toContain(`secret AKIA…${fx.keyId.slice(-4)}:${fx.secretKey.slice(0, 4)}…(40)`);
    expect(out).toContain(`account ${fx.account} · key long-term`);
    // A pair is printed once: its place, with where its secret part sits.
    expect(out).toContain('  at config/prod.env:3:19 (secret at 4:23)\n');
    expect(out).not.toContain('key-id at');
    expect(out.match(/config\/prod\.env:/g)).toHaveLength(1);
    expect(out).not.toContain(fx.keyId);
    expect(out).not.toContain(fx.secretKey);
    expect(out).not.toMatch(/\x1b\[/);
    expect(render('text', result([fx.finding]), { ...opts, showSecrets: true })).toContain(fx.secretKey);
  });

  it('says account unknown for an old-style key id, and flags canaries', () => {
    const { finding } = pairFinding();
    finding.facts = { aws: { keyId: fakeOldKeyId(), keyType: 'long-term', account: null, canary: true, canaryOwner: 'canarytokens.org' } };
    const out = renderText(result([finding]), { color: false });
    expect(out).toContain('account unknown');
    expect(out).toContain('CANARY (canarytokens.org)');
  });

  it('shows git provenance, decoded encodings, +N more and caps locations at 10', () => {
    const git = gitProvenance('deploy/ci.yml');
    const locations = [
      { ...fileLoc('deploy/ci.yml', 7, 3, git), moreProvenance: 3, encoding: 'utf-16le' },
      ...Array.from({ length: 13 }, (_, i) => fileLoc(`f${i}.txt`)),
    ];
    const out = renderText(result([pairFinding({ locations }).finding]), { color: false });
    expect(out).toContain('at deploy/ci.yml:7:3 (decoded utf-16le)');
    expect(out).toContain(`${git.commit.slice(0, 8)} · Alice Example <alice@example.com> · 2024-05-01 · Add deploy config +3 more`);
    expect(out).toContain('at f8.txt:3:12');
    expect(out).not.toContain('at f9.txt');
    expect(out).toContain('… and 4 more locations');
  });

  it('says when a secret was found in a name or an author field', () => {
    const author = { kind: 'git-author' as const, commit: 'c0ffee00c0ffee00', author: 'Dev X', email: 'x@y', date: '2024-05-01T00:00:00Z', subject: 'init' };
    const locations = [{ ...fileLoc('keys/id.env', 1, 6), field: 'name' as const }, { ...fileLoc('(author of commit c0ffee00c0ff)', 1, 5, author), field: 'author' as const }];
    const out = renderText(result([pairFinding({ locations }).finding]), { color: false });
    expect(out).toContain('at keys/id.env:1:6 (in the name)\n');
    expect(out).toContain('at (author of commit c0ffee00c0ff):1:5 (in the author)\n      c0ffee00 · Dev X <x@y> · 2024-05-01 · init');
  });

  it('escapes control characters from file names and commit subjects', () => {
    const git = { ...gitProvenance('a.env'), subject: 'evil\x1b[2J\u202e' };
    const out = renderText(result([pairFinding({ locations: [fileLoc('a\nb.env', 1, 1, git)] }).finding]), { color: false });
    expect(out).toContain('at a\\x0ab.env:1:1');
    expect(out).toContain('evil\\x1b[2J\\u202e');
    expect(out).not.toMatch(/\x1b/);
  });

  it('prints the IAM commands for a live key of an IAM user', () => {
    const account = fakeAccount();
    const fx = pairFinding({ verification: { status: 'live', arn: `arn:aws:iam::${account}:user/ci/deployer`, account } });
    const out = render('text', result([fx.finding]), { ...opts, showSecrets: true });
    expect(out).toContain(`verification live (arn:aws:iam::${account}:user/ci/deployer)`);
    expect(out).toContain(
      '    revoke: deactivate, then delete this access key of IAM user deployer\n' +
        `      aws iam update-access-key --user-name deployer --access-key-id ${fx.keyId} --status Inactive\n` +
        `      aws iam delete-access-key --user-name deployer --access-key-id ${fx.keyId}\n` +
        `      ${ACCESS_KEYS_DOC}\n`,
    );
    // Redacted output keeps the command shape but never the key id.
    const redacted = render('text', result([fx.finding]), { ...opts, showSecrets: false });
    expect(redacted).toContain(`--access-key-id AKIA…${fx.keyId.slice(-4)} --status Inactive`);
  });

  it('explains session revocation for an assumed role', () => {
    const account = fakeAccount();
    const fx = pairFinding({ verification: { status: 'live', arn: `arn:aws:sts::${account}:assumed-role/BuildRole/session-1` } });
    const out = renderText(result([fx.finding]), { color: false });
    expect(out).toContain(
      '    revoke: temporary credentials of role BuildRole cannot be deleted, they expire on their own; to cut them off now, ' +
        'revoke active sessions of role BuildRole (IAM console, role BuildRole, "Revoke active sessions")\n',
    );
    expect(out).toContain(`      ${TEMPORARY_DOC}\n`);
    expect(out).not.toContain('aws iam update-access-key');
  });

  it('gives every finding its next steps: rotate with the commands, allow inline with the exact comment, baseline', () => {
    const fx = pairFinding({ verification: { status: 'invalid', reason: 'InvalidClientTokenId' } });
    const out = render('text', result([fx.finding]), { ...opts, showSecrets: false });
    expect(out).toContain('verification invalid (InvalidClientTokenId)');
    const id = `AKIA…${fx.keyId.slice(-4)}`;
    expect(out).toContain(
      '  next:\n' +
        "    rotate: create a new access key, switch to it, then deactivate and delete this one (add --user-name NAME for another user's key)\n" +
        `      aws iam update-access-key --access-key-id ${id} --status Inactive\n` +
        `      aws iam delete-access-key --access-key-id ${id}\n` +
        `      ${ACCESS_KEYS_DOC}\n` +
        '    allow: if it is not a real secret, end lines 3 and 4 of config/prod.env with # keyhound:allow\n' +
        '    baseline: keyhound baseline --output .keyhound-baseline.json (accepts the current findings; then scan with --baseline .keyhound-baseline.json)\n',
    );
  });

  it('says a temporary (ASIA) key expires rather than being deleted, and offers no inline allow in git history', () => {
    const asia = fakeKeyId('ASIA');
    const git = gitProvenance('deploy/ci.yml');
    const fx = pairFinding({ locations: [fileLoc('deploy/ci.yml', 7, 3, git)] });
    fx.finding.facts = { aws: { keyId: asia.keyId, keyType: 'temporary', account: asia.account, canary: false } };
    fx.finding.parts = [];
    const out = renderText(result([fx.finding]), { color: false });
    expect(out).toContain(
      '    revoke: temporary (ASIA) credentials cannot be deleted: they expire on their own (at most 36 hours after they were issued); ' +
        'to cut them off now, revoke the active sessions of the role that issued them (IAM console, the role, "Revoke active sessions")\n',
    );
    expect(out).not.toContain('delete-access-key');
    expect(out).not.toContain('allow:');
    expect(out).toContain('    baseline: keyhound baseline --git --output .keyhound-baseline.json');
  });

  it('points a key without a key id where it is revoked', () => {
    const fx = pairFinding({ ruleId: 'aws-appsync-api-key', facts: undefined, parts: [] });
    expect(remediation(fx.finding)).toEqual({
      text: 'revoke: delete the API key in the AppSync console (or aws appsync delete-api-key --api-id API_ID --id KEY) and create a new one',
      commands: [],
      link: 'https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html',
    });
  });

  it('has nothing to rotate for a canary', () => {
    const fx = pairFinding();
    fx.finding.facts = { aws: { keyId: fx.keyId, keyType: 'long-term', account: fx.account, canary: true, canaryOwner: 'canarytokens.org' } };
    expect(remediation(fx.finding)).toBeNull();
    const out = renderText(result([fx.finding]), { color: false });
    expect(out).not.toContain('rotate:');
    expect(out).toContain('  next:\n    allow: ');
  });

  it('counts git blobs as blobs, not files', () => {
    const res = result([]);
    res.summary.extra = { commits: 3, blobs: 7, messages: 3, refs: 1 };
    expect(renderText(res, { color: false })).toMatch(/\n  scanned +7 blobs, 3 commit messages \(5\.00 MiB\)\n/);
    res.summary.extra = { stagedFiles: 1, blobs: 1 };
    expect(renderText(res, { color: false })).toMatch(/\n  scanned +1 blob \(5\.00 MiB\)\n/);
    expect(renderText(res, { color: false })).not.toContain('files scanned');
  });

  it('summarises the scan and groups many warnings by kind (verbose: each in full)', () => {
    const warnings: ScanWarning[] = Array.from({ length: 53 }, (_, i) => ({ kind: 'size-cap', path: `big${i}.bin`, message: 'over 10 MiB' }));
    const res = result([pairFinding().finding, pairFinding({ severity: 'low' }).finding], { warnings });
    res.summary = {
      ...res.summary,
      complete: false,
      warnings: 53,
      warningsByKind: { 'size-cap': 53 },
      verification: { live: 1, invalid: 1 },
    };
    const out = renderText(res, { color: false });
    expect(out).toMatch(/files scanned\s+12 \(5\.00 MiB\)/);
    expect(out).toMatch(/findings\s+2 \(critical 1, low 1\)/);
    expect(out).toMatch(/binary skipped\s+2/);
    expect(out).toMatch(/warnings\s+53 \(size-cap 53\)/);
    expect(out).toMatch(/verification\s+live 1, invalid 1/);
    expect(out).toMatch(/duration\s+1\.23 s/);
    expect(out).toContain('INCOMPLETE SCAN');
    expect(out).toContain('\nWarnings\n  size-cap ×53: big0.bin, big1.bin, big2.bin, …\n  (each warning: --verbose, or --format json)\n');
    expect(out).not.toContain('big3.bin');
    const verbose = renderText(res, { color: false, verbose: true });
    expect(verbose).toContain('\n  [size-cap] big0.bin: over 10 MiB\n');
    expect(verbose).toContain('\n  [size-cap] big52.bin: over 10 MiB\n');
    const few = renderText({ ...res, warnings: warnings.slice(0, 10) }, { color: false });
    expect(few).toContain('\nWarnings\n  [size-cap] big0.bin: over 10 MiB\n');
    expect(few).toContain('\n  [size-cap] big9.bin: over 10 MiB\n');
  });

  it('does not say incomplete for a complete scan, and colours only when asked', () => {
    const res = result([pairFinding().finding]);
    expect(renderText(res, { color: false })).not.toContain('INCOMPLETE');
    expect(renderText(res, { color: true })).toMatch(/\x1b\[1;31mCRITICAL\x1b\[0m/);
  });
});

describe('text report of a real run (spawned CLI)', () => {
  it('the allow step is exact: following it makes the same scan pass', () => {
    const dir = tempDir('keyhound-allow-');
    const { keyId } = fakeKeyId('AKIA');
    const file = join(dir, 'settings.py');
    writeFileSync(file, `DEBUG = False\nAWS_ACCESS_KEY_ID = "${keyId}"\nAWS_SECRET_ACCESS_KEY = "${fakeSecret()}"\n`);
    const r = runCli(['scan', dir]);
    expect(r.code).toBe(1);
    const step = /\n    allow: if it is not a real secret, end lines (\d+) and (\d+) of (.+) with (.+)\n/.exec(r.stdout);
    expect(step?.slice(1)).toEqual(['2', '3', file, '# keyhound:allow']);
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const n of [2, 3]) lines[n - 1] += `  ${step![4]}`;
    writeFileSync(file, lines.join('\n'));
    const again = runCli(['scan', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/findings +0\n/);
  });

  it('git history: a pair once, its commit once, blobs counted as blobs; exit 1', () => {
    const repo = GitRepo.init();
    const { keyId } = fakeKeyId('AKIA');
    const text = `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n`;
    const sha = repo.commitFiles({ 'conf/credentials': text, 'README': 'hello\n' }, 'add creds');
    const r = runCli(['git', repo.dir]);
    expect(r.code).toBe(1);
    const at = locate(text, keyId);
    const secretAt = locate(text, text.split('= ')[2]!.trim());
    expect(r.stdout).toContain(`  at conf/credentials:${at.line}:${at.column} (secret at ${secretAt.line}:${secretAt.column})\n      ${sha.slice(0, 8)} · `);
    expect(r.stdout.split(sha.slice(0, 8))).toHaveLength(2); // the commit line is printed once
    expect(r.stdout).not.toContain('key-id at');
    expect(r.stdout).toMatch(/\n  scanned +2 blobs, 1 commit message \(\d+ B\)\n/);
    expect(r.stdout).not.toContain('files scanned');
    // History cannot take an inline comment: rotate and baseline only.
    expect(r.stdout).toContain(`      aws iam delete-access-key --access-key-id AKIA…${keyId.slice(-4)}\n`);
    expect(r.stdout).not.toContain('allow:');
    expect(r.stdout).toContain('    baseline: keyhound baseline --git --output .keyhound-baseline.json');
  });
});
