import { describe, expect, it } from '@jest/globals';
import { prepare, redactFinding, redactSecret } from '../../src/report/redact.js';
import { fakeOldKeyId, fakeSecret, fakeSessionToken } from '../helpers/keys.js';
import { keyIdWithAccount, pairFinding, result } from './fixtures.js';

describe('redactSecret', () => {
  it('keeps first and last 4 of every AWS key-id prefix', () => {
    for (const prefix of ['AKIA', 'ASIA', 'ABIA', 'ACCA'] as const) {
      const { keyId } = keyIdWithAccount(prefix);
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
    const { keyId } = keyIdWithAccount();
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
    expect(r.aws?.keyId).toBe(rk);
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
