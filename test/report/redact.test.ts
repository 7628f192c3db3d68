import { afterAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare, redactFinding, redactLive, redactSecret } from '../../src/report/redact.js';
import { Engine } from '../../src/engine/detect.js';
import { loadRules } from '../../src/rules/load.js';
import type { Finding, Location, Provenance } from '../../src/types.js';
import { zip } from '../helpers/archives.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { GitRepo, cleanupRepos } from '../helpers/git-repo.js';
import { fakeHex, fakeKeyId, fakeOldKeyId, fakeSecret, fakeSessionToken } from '../helpers/keys.js';
import { fileLoc, gitProvenance, pairFinding, result } from './fixtures.js';

describe('redactSecret', () => {
  it('keeps first and last 4 of every AWS key-id prefix', () => {
    for (const prefix of ['AKIA', 'ASIA', 'ABIA', 'ACCA'] as const) {
      const { keyId } = fakeKeyId(prefix);
      expect(redactSecret(keyId)).toBe(`${prefix}…${keyId.slice(-4)}`);
    }
    const old = fakeOldKeyId();
    expect(redactSecret(old, 'key-id')).toBe(`AKIA…${old.slice(-4)}`);
  });

  it('keeps first 4 and the length of any other secret', () => {
    const s = fakeSecret();
    expect(redactSecret(s)).toBe(`${s.slice(0, 4)}…(40)`);
    const token = fakeSessionToken(356);
    expect(redactSecret(token, 'session-token')).toBe(`${token.slice(0, 4)}…(356)`);
  });

  it('shows only the length of a very short secret', () => {
    expect(redactSecret('hunter2')).toBe('…(7)');
  });

  it('redacts both halves of a KEYID:SECRET pair', () => {
    const { keyId } = fakeKeyId();
    const s = fakeSecret();
    expect(redactSecret(`${keyId}:${s}`)).toBe(`AKIA…${keyId.slice(-4)}:${s.slice(0, 4)}…(40)`);
  });

  it('does not treat a colon in an ordinary secret as a pair', () => {
    const s = fakeSecret();
    expect(redactSecret(`user:${s}`)).toBe(`user…(${s.length + 5})`);
  });
});

describe('redactFinding', () => {
  it('redacts secret, match, parts, aws.keyId and session token, leaving the input intact', () => {
    const token = fakeSessionToken();
    const fx = pairFinding({ context: { sessionToken: token } });
    const f = fx.finding;
    f.match += `\nAWS_SESSION_TOKEN=${token}`;
    const r = redactFinding(f);

    const rk = `AKIA…${fx.keyId.slice(-4)}`;
    const rs = `${fx.secretKey.slice(0, 4)}…(40)`;
    expect(r.secret).toBe(`${rk}:${rs}`);
    expect(r.match).toBe(`AWS_ACCESS_KEY_ID=${rk}\nAWS_SECRET_ACCESS_KEY=${rs}\nAWS_SESSION_TOKEN=${token.slice(0, 4)}…(${token.length})`);
    expect(r.parts?.map((p) => p.secret)).toEqual([rk, rs]);
    expect((r.facts?.aws as { keyId: string }).keyId).toBe(rk);
    expect(r.context?.sessionToken).toBe(`${token.slice(0, 4)}…(${token.length})`);

    const serialised = JSON.stringify(r);
    for (const secret of [fx.keyId, fx.secretKey, token]) expect(serialised).not.toContain(secret);
    expect(f.secret).toBe(`${fx.keyId}:${fx.secretKey}`); // deep copy: original untouched
    expect(f.parts?.[0].secret).toBe(fx.keyId);
  });

  it('redacts every occurrence of the secret in match', () => {
    const fx = pairFinding();
    const f = fx.finding;
    f.match = `${fx.secretKey} and again ${fx.secretKey}`;
    expect(redactFinding(f).match).toBe(`${fx.secretKey.slice(0, 4)}…(40) and again ${fx.secretKey.slice(0, 4)}…(40)`);
  });
});

describe('prepare', () => {
  it('redacts all findings unless showSecrets', () => {
    const fx = pairFinding();
    const res = result([fx.finding, pairFinding().finding]);
    expect(JSON.stringify(prepare(res, { showSecrets: false }))).not.toContain(fx.secretKey);
    expect(prepare(res, { showSecrets: true })).toBe(res);
  });
});

describe('commit subjects', () => {
  it('are scrubbed of every secret found in the run, not only their own finding', async () => {
    const { prepare } = await import('../../src/report/redact.js');
    const { fakeKeyId: gen } = await import('../helpers/keys.js');
    const a = gen().keyId;
    const b = gen().keyId;
    const loc = (subject: string) => ({
      path: '(commit message)', line: 1, column: 1, endLine: 1, endColumn: 21,
      provenance: { kind: 'git-message' as const, commit: 'c0ffee', author: 'x', email: 'x@y', date: '2020-01-01', subject },
    });
    const finding = (secret: string, subject: string) => ({
      fingerprint: Buffer.from(secret).toString('hex'), ruleId: 'aws-access-key-id', ruleName: 'AWS access key ID', severity: 'high' as const,
      secret, match: secret, entropy: 4, locations: [loc(subject)],
    });
    const result = {
      summary: { filesScanned: 1, bytesScanned: 1, findings: 2, binarySkipped: 0, warnings: 0, warningsByKind: {}, complete: true, durationMs: 1 },
      findings: [finding(a, `rotate ${a} and ${b}`), finding(b, 'plain')],
      warnings: [],
    };
    const out = JSON.stringify(prepare(result, { showSecrets: false }));
    expect(out).not.toContain(a);
    expect(out).not.toContain(b);
    expect(JSON.stringify(prepare(result, { showSecrets: true }))).toContain(a);
  });
});

describe('every string of the result', () => {
  const keyFinding = (keyId: string, loc: Location): Finding => ({
    fingerprint: fakeHex(64), ruleId: 'aws-access-key-id', ruleName: 'AWS access key ID', severity: 'high',
    secret: keyId, match: keyId, entropy: 4, locations: [loc],
  });

  it('paths, member names, authors, emails, subjects and warnings are scrubbed of every secret of the run', () => {
    const { keyId: k } = fakeKeyId();
    const { keyId: other } = fakeKeyId();
    const git = { ...gitProvenance(`keys/${k}.txt`), author: `Dev ${k}`, email: `${k}@example.com`, subject: `add ${k}` };
    const member: Provenance = { kind: 'archive', outer: git, inner: `creds/${k}_x.txt` };
    const res = result([keyFinding(k, fileLoc(`keys/${k}.txt!creds/${k}_x.txt`, 1, 7, member)), keyFinding(other, fileLoc('plain.env'))]);
    res.warnings = [{ kind: 'archive-corrupt', path: `dist/${k}.zip`, message: `corrupt zip ${other}` }];
    res.summary.extra = { ref: `refs/heads/${k}` };

    const out = prepare(res, { showSecrets: false });
    const text = JSON.stringify(out);
    expect(text).not.toContain(k);
    expect(text).not.toContain(other);
    const rk = `AKIA…${k.slice(-4)}`;
    expect(out.findings[0].locations[0]).toMatchObject({
      path: `keys/${rk}.txt!creds/${rk}_x.txt`,
      provenance: { inner: `creds/${rk}_x.txt`, outer: { path: `keys/${rk}.txt`, author: `Dev ${rk}`, email: `${rk}@example.com`, subject: `add ${rk}` } },
    });
    expect(out.warnings).toEqual([{ kind: 'archive-corrupt', path: `dist/${rk}.zip`, message: `corrupt zip AKIA…${other.slice(-4)}` }]);
    expect(out.summary.extra).toEqual({ ref: `refs/heads/${rk}` });
    // fingerprints are identities, never rewritten; the input is left as it was
    expect(out.findings.map((f) => f.fingerprint)).toEqual(res.findings.map((f) => f.fingerprint));
    expect(res.warnings[0].path).toBe(`dist/${k}.zip`);
  });

  it('secrets of findings the report leaves out (--only-verified) are scrubbed too', () => {
    const { keyId: k } = fakeKeyId();
    const res = result([]);
    res.warnings = [{ kind: 'unreadable', path: `${k}.pem`, message: 'not scanned: EACCES' }];
    const dropped = keyFinding(k, fileLoc(`${k}.pem`, 1, 1));
    expect(JSON.stringify(prepare(res, { showSecrets: false }))).toContain(k);
    expect(JSON.stringify(prepare(res, { showSecrets: false, found: [dropped] }))).not.toContain(k);
  });

  it('warnings are scrubbed of what the rules find in them, given the engine', async () => {
    const engine = new Engine(await loadRules());
    const { keyId: k } = fakeKeyId();
    const res = result([], { warnings: [{ kind: 'unreadable', path: `deploy/${k}/`, message: 'not scanned: EACCES' }] });
    expect(JSON.stringify(prepare(res, { showSecrets: false }))).toContain(k);
    expect(prepare(res, { showSecrets: false, engine }).warnings[0].path).toBe(`deploy/AKIA…${k.slice(-4)}/`);
  });

  it('a live line is scrubbed of the secrets found so far and of what the rules find in it', async () => {
    const engine = new Engine(await loadRules());
    const { keyId: seen } = fakeKeyId();
    const secret = fakeSecret();
    const earlier = { ...pairFinding().finding, secret: `${seen}:${secret}` };
    const { keyId: fresh } = fakeKeyId();
    const line = `keyhound: warning: unreadable: ${fresh}.zip and ${secret}.txt: not scanned\n`;
    expect(redactLive(line, engine, [earlier])).toBe(`keyhound: warning: unreadable: AKIA…${fresh.slice(-4)}.zip and ${secret.slice(0, 4)}…(40).txt: not scanned\n`);
    expect(redactLive('keyhound: warning: decode: a.bin: could not scan\n', engine, [])).toBe('keyhound: warning: decode: a.bin: could not scan\n');
  });
});

/** A secret without '/' or '+': it can stand in a file name and a URI unchanged. */
function nameSafeSecret(): string {
  for (;;) {
    const s = fakeSecret();
    if (!/[/+]/.test(s)) return s;
  }
}

describe('no secret in any format (CLI)', () => {
  afterAll(() => cleanupRepos());

  /** A tree whose names alone hold keys: a file, a zip member, a corrupt zip (a warning). */
  function namedTree(): { dir: string; secrets: string[]; corrupt: string } {
    const dir = tempDir();
    const file = fakeKeyId().keyId;
    const member = { keyId: fakeKeyId().keyId, secret: nameSafeSecret() };
    const corrupt = fakeKeyId().keyId;
    writeFileSync(join(dir, `${file}.env`), 'DEBUG=1\n');
    writeFileSync(join(dir, 'bundle.zip'), zip([{ name: `creds/${member.keyId}_${member.secret}.txt`, data: 'nothing\n' }]));
    writeFileSync(join(dir, `${corrupt}.zip`), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
    return { dir, secrets: [file, member.keyId, member.secret, corrupt], corrupt };
  }

  /** A repo whose author name, author email and a path hold keys. */
  function namedRepo(): { dir: string; secrets: string[] } {
    const repo = GitRepo.init();
    const [inName, inEmail, inPath] = [fakeKeyId().keyId, fakeKeyId().keyId, fakeKeyId().keyId];
    repo.commitFiles({ [`keys/${inPath}.txt`]: 'rotated\n' }, 'add notes', { author: { name: `Dev ${inName}`, email: `ci+${inEmail}@example.com` } });
    return { dir: repo.dir, secrets: [inName, inEmail, inPath] };
  }

  const tree = namedTree();
  const repo = namedRepo();

  it.each(['text', 'json', 'sarif', 'github', 'gitlab'])('%s: names holding keys are redacted everywhere, shown with --show-secrets', (format) => {
    for (const [args, secrets] of [
      [['scan', tree.dir], tree.secrets],
      [['git', repo.dir], repo.secrets],
    ] as Array<[string[], string[]]>) {
      const r = runCli([...args, '--format', format]);
      for (const s of secrets) {
        expect(r.stdout).not.toContain(s);
        expect(r.stderr).not.toContain(s);
      }
      expect(r.code).toBe(1);
      const shown = runCli([...args, '--format', format, '--show-secrets']);
      expect(shown.code).toBe(1);
      for (const s of secrets) expect(shown.stdout).toContain(s);
    }
  });

  it('a warning about a file whose name holds a key is redacted on stderr and in the JSON', () => {
    const r = runCli(['scan', tree.dir, '--format', 'json']);
    const redacted = `${join(tree.dir, `AKIA…${tree.corrupt.slice(-4)}.zip`)}`;
    expect(r.stderr).toContain(`keyhound: warning: archive-corrupt: ${redacted}: corrupt or truncated zip`);
    expect(r.stderr).not.toContain(tree.corrupt);
    expect(JSON.parse(r.stdout).warnings).toEqual([{ kind: 'archive-corrupt', path: redacted, message: expect.stringContaining('corrupt or truncated zip') }]);
  });
});
