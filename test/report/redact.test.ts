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
