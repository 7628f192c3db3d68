// verifyFindings against a real moto_server (SigV4 enforced after setup), through a counting
// proxy on 127.0.0.1 that records every request per key id.
import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { type AwsInfo, awsInfo, keyIdForAccount } from '../../../src/providers/aws/keys.js';
import type { Finding } from '../../../src/types.js';
import { loneFinding, pairFinding } from './fixtures.js';
import { verifyFindings, type VerifyOptions } from '../../../src/providers/aws/verify/index.js';
import { summariseVerification } from '../../../src/verify/index.js';
import { fakeKeyId, fakeSecret, fakeSessionToken } from '../../helpers/keys.js';
import { startMoto, type Moto, type MotoKey, type MotoSession } from '../../helpers/moto.js';
import { closedPort, startCountingProxy, startSilentServer, stsError, type CountingProxy } from '../../helpers/sts-proxy.js';

const awsOf = (f: Finding) => f.facts!.aws as AwsInfo;

jest.setTimeout(60000);

function opts(endpoint: string, over: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    endpoint,
    region: 'us-east-1',
    timeoutMs: 3000,
    concurrency: 4,
    skipAccounts: new Map(),
    partitions: false,
    userAgent: 'keyhound/0.1.0-test',
    retry403DelayMs: 50,
    backoffMs: 10,
    ...over,
  };
}

let moto: Moto;
let proxy: CountingProxy;
let alice: MotoKey;
let session: MotoSession;

beforeAll(async () => {
  // Setup uses exactly 3 no-auth actions: CreateUser, CreateAccessKey, AssumeRole.
  moto = await startMoto(3);
  alice = await moto.createUserWithKey('alice');
  session = await moto.assumeRole(alice, 'leaked-role', 'ci-session');
  proxy = await startCountingProxy(moto.url);
});

afterAll(async () => {
  await proxy?.close();
  await moto?.stop();
});

beforeEach(() => proxy.reset());

describe('verifyFindings against moto', () => {
  test('valid AKIA pair is live with moto ARN, account and user id; one request, honest User-Agent', async () => {
    const f = pairFinding(alice.keyId, alice.secret);
    await verifyFindings([f], opts(proxy.url));
    expect(f.verification).toEqual({ status: 'live', arn: alice.arn, account: alice.account, userId: alice.userId });
    expect(alice.arn).toMatch(/^arn:aws:iam::\d{12}:user\/alice$/);
    expect(proxy.count(alice.keyId)).toBe(1);
    expect(proxy.requests[0].userAgent).toContain('keyhound/0.1.0-test');
    expect(proxy.requests[0].service).toBe('sts');
  });

  test('right key id, wrong secret is invalid: wrong-secret (moto enforces SigV4 after setup)', async () => {
    const f = pairFinding(alice.keyId, fakeSecret());
    await verifyFindings([f], opts(proxy.url));
    expect(f.verification).toEqual({ status: 'invalid', reason: 'wrong-secret' });
    expect(proxy.count(alice.keyId)).toBe(1); // not contended: no 403 retry
  });

  test('unknown key id is invalid: key-unknown', async () => {
    const { keyId } = fakeKeyId('AKIA');
    const f = pairFinding(keyId, fakeSecret());
    await verifyFindings([f], opts(proxy.url));
    expect(f.verification).toEqual({ status: 'invalid', reason: 'key-unknown' });
    expect(proxy.count(keyId)).toBe(1);
  });

  test('ASIA + session token is live with the assumed-role ARN', async () => {
    expect(session.keyId.startsWith('ASIA')).toBe(true);
    const f = pairFinding(session.keyId, session.secret, session.sessionToken);
    await verifyFindings([f], opts(proxy.url));
    expect(f.verification?.status).toBe('live');
    expect(f.verification?.arn).toBe(session.arn);
    expect(f.verification?.arn).toMatch(/:assumed-role\/leaked-role\/ci-session$/);
    expect(proxy.requests[0].sessionToken).toBe(session.sessionToken);
  });

  test('session token from finding.context is used too', async () => {
    const f = loneFinding(session.keyId, [session.secret], { sessionToken: session.sessionToken });
    await verifyFindings([f], opts(proxy.url));
    expect(f.verification?.status).toBe('live');
  });

  test('ASIA without its session token is invalid', async () => {
    const f = pairFinding(session.keyId, session.secret);
    await verifyFindings([f], opts(proxy.url));
    expect(f.verification).toEqual({ status: 'invalid', reason: 'no-session-token' });
    expect(proxy.requests[0].sessionToken).toBeUndefined();
  });

  test('canary, skip-listed, example and secret-less keys are skipped and never sent', async () => {
    const canaryId = keyIdForAccount('AKIA', '052310077262', 'QWERTYUI');
    const canary = pairFinding(canaryId, fakeSecret());
    expect(awsOf(canary).canary).toBe(true);
    // Defence in depth: even if the engine did not mark it, the decoded account is checked.
    const canaryUnmarked = pairFinding(keyIdForAccount('AKIA', '717712589309', 'ZXCVBNML'), fakeSecret());
    awsOf(canaryUnmarked).canary = false;
    const { keyId: skipKeyId, account: skipAccount } = fakeKeyId('AKIA');
    const skipped = pairFinding(skipKeyId, fakeSecret());
    // The CLI also hands the skip list to the engine as extra canaries: still reported as skip-list.
    skipped.facts = { aws: awsInfo(skipKeyId, new Map([[skipAccount, 'user skip list']])) };
    expect(awsOf(skipped).canary).toBe(true);
    const noSecret = loneFinding(fakeKeyId('AKIA').keyId);
    const example = pairFinding(fakeKeyId('AKIA').keyId, ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/'));
    const notAws: Finding = { ...loneFinding(fakeKeyId().keyId), ruleId: 'github-pat', provider: undefined, facts: undefined };
    delete notAws.facts;
    const all = [canary, canaryUnmarked, skipped, noSecret, example, notAws];
    await verifyFindings(all, opts(proxy.url, { skipAccounts: new Map([[skipAccount, 'user skip list']]) }));
    expect(canary.verification).toEqual({ status: 'skipped', reason: 'canary', account: '052310077262' });
    expect(canaryUnmarked.verification).toMatchObject({ status: 'skipped', reason: 'canary' });
    expect(skipped.verification).toEqual({ status: 'skipped', reason: 'skip-list', account: skipAccount });
    expect(noSecret.verification).toEqual({ status: 'skipped', reason: 'no-secret' });
    expect(example.verification).toEqual({ status: 'skipped', reason: 'example-key' });
    expect(notAws.verification).toBeUndefined();
    expect(proxy.requests).toHaveLength(0);
    expect(proxy.count(canaryId)).toBe(0);
    expect(summariseVerification(all)).toEqual({ live: 0, invalid: 0, unknown: 0, skipped: 5 });
  });

  test('a canary is not sent even next to a live key in the same run', async () => {
    const canaryId = keyIdForAccount('AKIA', '171436882533', 'ASDFGHJK');
    const findings = [pairFinding(canaryId, fakeSecret()), pairFinding(alice.keyId, alice.secret)];
    await verifyFindings(findings, opts(proxy.url));
    expect(findings.map((f) => f.verification?.status)).toEqual(['skipped', 'live']);
    expect(proxy.count(canaryId)).toBe(0);
    expect(proxy.requests.map((r) => r.keyId)).toEqual([alice.keyId]);
  });

  test('a key id with several candidate secrets: tried one at a time until live, then stops', async () => {
    const wrong = [fakeSecret(), fakeSecret()];
    const f = loneFinding(alice.keyId, [...wrong, alice.secret, fakeSecret()]);
    // The same key also found paired with a wrong secret elsewhere: that pair is shared, not re-sent.
    const g = pairFinding(alice.keyId, wrong[0]);
    await verifyFindings([f, g], opts(proxy.url, { concurrency: 8 }));
    expect(f.verification?.status).toBe('live');
    expect(g.verification).toEqual({ status: 'invalid', reason: 'wrong-secret' });
    expect(proxy.maxInFlightPerKey).toBe(1);
    // wrong[1] and the right one follow another secret within 5 s: moto answers the right one
    // first time, so only the contended 403 (wrong[1]) is retried once.
    expect(proxy.count(alice.keyId)).toBe(4);
  });

  test('a 403 right after another secret for the same key id is retried once after a pause', async () => {
    const p = await startCountingProxy(moto.url, {
      // Simulate AWS's spurious rejection of the second secret tried for a key id within ~5 s.
      script: (req, nth) => (req.keyId === alice.keyId && nth === 2 ? { status: 403, body: stsError('SignatureDoesNotMatch', 'The request signature we calculated does not match') } : undefined),
    });
    try {
      const f = loneFinding(alice.keyId, [fakeSecret(), alice.secret]);
      const t0 = Date.now();
      await verifyFindings([f], opts(p.url, { retry403DelayMs: 300 }));
      expect(f.verification?.status).toBe('live');
      expect(p.count(alice.keyId)).toBe(3);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    } finally {
      await p.close();
    }
  });

  test('--verify-partitions: key-unknown in commercial is tried in GovCloud and China; a hint goes first', async () => {
    const { keyId } = fakeKeyId('AKIA');
    const f = pairFinding(keyId, fakeSecret());
    const hinted = pairFinding(fakeKeyId('AKIA').keyId, fakeSecret());
    hinted.context = { hints: { partition: 'aws-cn' } };
    const live = pairFinding(alice.keyId, alice.secret);
    await verifyFindings([f, hinted, live], opts(proxy.url, { partitions: true }));
    expect(f.verification).toEqual({ status: 'invalid', reason: 'key-unknown' });
    expect(proxy.requests.filter((r) => r.keyId === keyId).map((r) => r.region)).toEqual(['us-east-1', 'us-gov-west-1', 'cn-north-1']);
    expect(proxy.requests.filter((r) => r.keyId === awsOf(hinted).keyId).map((r) => r.region)).toEqual(['cn-north-1', 'us-east-1', 'us-gov-west-1']);
    expect(live.verification?.status).toBe('live');
    expect(proxy.count(alice.keyId)).toBe(1);
  });

  test('without --verify-partitions only the commercial partition is asked', async () => {
    const hinted = pairFinding(fakeKeyId('AKIA').keyId, fakeSecret());
    hinted.context = { hints: { partition: 'aws-us-gov' } };
    await verifyFindings([hinted], opts(proxy.url));
    expect(proxy.requests.map((r) => r.region)).toEqual(['us-east-1']);
  });

  test('200 candidates (some repeated): concurrency bounded, no pair sent twice, one request per key id at a time', async () => {
    const p = await startCountingProxy(moto.url, { delayMs: 20 });
    try {
      const distinct = Array.from({ length: 120 }, () => ({ keyId: fakeKeyId('AKIA').keyId, secret: fakeSecret() }));
      const findings: Finding[] = [];
      for (let i = 0; i < 200; i++) {
        if (i % 25 === 0) findings.push(pairFinding(alice.keyId, alice.secret));
        else if (i % 5 === 0) {
          // a repeated pair, sometimes seen as a lone key id with the same secret nearby
          const d = distinct[i % 40];
          findings.push(i % 2 ? pairFinding(d.keyId, d.secret) : loneFinding(d.keyId, [d.secret]));
        } else findings.push(pairFinding(distinct[i % 120].keyId, distinct[i % 120].secret));
      }
      expect(findings).toHaveLength(200);
      const concurrency = 3;
      await verifyFindings(findings, opts(p.url, { concurrency }));
      expect(findings.every((f) => f.verification !== undefined)).toBe(true);
      const sum = summariseVerification(findings);
      expect(sum.live).toBe(8);
      expect(sum.invalid).toBe(192);
      expect(p.maxInFlight).toBeLessThanOrEqual(concurrency);
      expect(p.maxInFlight).toBeGreaterThanOrEqual(2); // it does run in parallel
      expect(p.maxInFlightPerKey).toBe(1);
      const used = new Set(findings.map((f) => awsOf(f).keyId));
      for (const k of used) expect(p.count(k)).toBe(1);
      expect(p.requests).toHaveLength(used.size);
    } finally {
      await p.close();
    }
  });
});

describe('answers moto does not give (scripted in the proxy)', () => {
  const once = async (script: Parameters<typeof startCountingProxy>[1], over: Partial<VerifyOptions> = {}, f = pairFinding(alice.keyId, alice.secret)) => {
    const p = await startCountingProxy(moto.url, script);
    try {
      await verifyFindings([f], opts(p.url, over));
      return { v: f.verification, count: p.count(awsOf(f).keyId) };
    } finally {
      await p.close();
    }
  };

  test('throttling is retried with backoff, then answered', async () => {
    const r = await once({ script: (_req, nth) => (nth <= 2 ? { status: 400, body: stsError('Throttling', 'Rate exceeded') } : undefined) });
    expect(r.v?.status).toBe('live');
    expect(r.count).toBe(3);
  });

  test('persistent throttling → unknown: throttled after retries', async () => {
    const r = await once({ script: () => ({ status: 400, body: stsError('Throttling', 'Rate exceeded') }) }, { retries: 2 });
    expect(r.v).toEqual({ status: 'unknown', reason: 'throttled' });
    expect(r.count).toBe(3);
  });

  test('persistent 5xx (HTML page, as moto/werkzeug sends) → unknown: server-error after retries', async () => {
    const html = '<!doctype html><title>500 Internal Server Error</title><h1>Internal Server Error</h1>';
    const r = await once({ script: () => ({ status: 500, body: html, contentType: 'text/html; charset=utf-8' }) }, { retries: 1 });
    expect(r.v).toEqual({ status: 'unknown', reason: 'server-error' });
    expect(r.count).toBe(2);
  });

  test('503 XML → unknown: server-error', async () => {
    const r = await once({ script: () => ({ status: 503, body: stsError('ServiceUnavailable', 'try later', 'Receiver') }) }, { retries: 0 });
    expect(r.v).toEqual({ status: 'unknown', reason: 'server-error' });
  });

  test('"Signature expired" → unknown: clock-skew (not a wrong secret)', async () => {
    const msg = 'Signature expired: 20240101T000000Z is now earlier than 20240101T001000Z (20240101T001500Z - 5 min.)';
    const r = await once({ script: () => ({ status: 403, body: stsError('SignatureDoesNotMatch', msg), contentType: 'text/html; charset=utf-8' }) });
    expect(r.v).toEqual({ status: 'unknown', reason: 'clock-skew' });
    expect(r.count).toBe(1);
  });

  test('ExpiredToken → invalid: expired-token', async () => {
    const f = pairFinding(session.keyId, session.secret, fakeSessionToken());
    const r = await once({ script: () => ({ status: 400, body: stsError('ExpiredToken', 'The security token included in the request is expired') }) }, {}, f);
    expect(r.v).toEqual({ status: 'invalid', reason: 'expired-token' });
  });
});

describe('transport failures', () => {
  test('server stopped → unknown: network, and verifyFindings still resolves', async () => {
    const port = await closedPort();
    const findings = [pairFinding(alice.keyId, alice.secret), pairFinding(fakeKeyId().keyId, fakeSecret())];
    await verifyFindings(findings, opts(`http://127.0.0.1:${port}`));
    for (const f of findings) expect(f.verification).toEqual({ status: 'unknown', reason: 'network' });
  });

  test('a stopped proxy in front of moto → unknown', async () => {
    const p = await startCountingProxy(moto.url);
    await p.close();
    const f = pairFinding(alice.keyId, alice.secret);
    await verifyFindings([f], opts(p.url));
    expect(f.verification?.status).toBe('unknown');
  });

  test('a server that accepts and never answers → unknown: timeout, within the timeout', async () => {
    const silent = await startSilentServer();
    try {
      const findings = [pairFinding(alice.keyId, alice.secret), pairFinding(fakeKeyId().keyId, fakeSecret())];
      const t0 = Date.now();
      await verifyFindings(findings, opts(silent.url, { timeoutMs: 700 }));
      const elapsed = Date.now() - t0;
      for (const f of findings) expect(f.verification).toEqual({ status: 'unknown', reason: 'timeout' });
      expect(silent.connections).toBeGreaterThanOrEqual(1);
      expect(elapsed).toBeGreaterThanOrEqual(650);
      expect(elapsed).toBeLessThan(700 + 1500);
    } finally {
      await silent.close();
    }
  });
});
