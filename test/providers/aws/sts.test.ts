// A 200 is `live` only with a parsed identity; a reset is `network` at once. Against a fake STS
// on 127.0.0.1 that answers what a captive portal, a broken proxy or a cut connection would.
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import type { Finding } from '../../../src/types.js';
import { pairFinding } from './fixtures.js';
import { verifyFindings, type VerifyOptions } from '../../../src/providers/aws/verify/index.js';
import { identityOutcome } from '../../../src/providers/aws/verify/sts.js';
import { identityXml, startFakeSts, type FakeAnswer, type FakeSts } from '../../helpers/fake-sts.js';
import { startSilentServer } from '../../helpers/sts-proxy.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';

jest.setTimeout(60000);

const TIMEOUT_MS = 20000;

const pair = (): Finding => pairFinding(fakeKeyId().keyId, fakeSecret());

const opts = (endpoint: string): VerifyOptions => ({
  endpoint,
  region: 'us-east-1',
  timeoutMs: TIMEOUT_MS,
  concurrency: 1,
  skipAccounts: new Map(),
  partitions: false,
  userAgent: 'keyhound/0.1.0-test',
  retries: 0,
});

let server: FakeSts | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function verifyAgainst(answer: FakeAnswer): Promise<{ v: Finding['verification']; ms: number; requests: number }> {
  server = await startFakeSts(answer);
  const f = pair();
  const t0 = Date.now();
  await verifyFindings([f], opts(server.url));
  return { v: f.verification, ms: Date.now() - t0, requests: server.requests };
}

const ARN = 'arn:aws:iam::123456789012:user/deploy';
const ACCOUNT = '123456789012';
// Two captive portals: one the SDK's XML parser reads (and finds no identity in), one it cannot parse.
const PORTAL = '<html><head><title>Sign in to Hotel Wi-Fi</title></head><body><h1>Welcome</h1><p>Accept the terms to continue.</p></body></html>';
const PORTAL_LOOSE = '<!doctype html><html><head><title>Sign in</title></head><body><form action="/login"><input name="room"><br></form></body></html>';

describe('an HTTP 200 without an identity is unknown: no-identity, never live', () => {
  test.each<[string, FakeAnswer]>([
    ['an empty body', { status: 200, body: '' }],
    ['an HTML captive portal', { status: 200, body: PORTAL, contentType: 'text/html; charset=utf-8' }],
    ['an HTML captive portal that is not well-formed XML', { status: 200, body: PORTAL_LOOSE, contentType: 'text/html' }],
    ['XML without Arn', { status: 200, body: identityXml({ Account: ACCOUNT, UserId: 'AIDAEXAMPLEUSER' }) }],
    ['XML with Arn but no Account', { status: 200, body: identityXml({ Arn: ARN, UserId: 'AIDAEXAMPLEUSER' }) }],
    ['XML whose Arn names another account', { status: 200, body: identityXml({ Arn: 'arn:aws:iam::210987654321:user/deploy', Account: ACCOUNT }) }],
  ])('%s', async (_what, answer) => {
    const r = await verifyAgainst(answer);
    expect(r.v).toEqual({ status: 'unknown', reason: 'no-identity' });
    expect(r.requests).toBe(1);
  });

  test('the same server with a full identity is live (the fake is a fair STS)', async () => {
    const r = await verifyAgainst({ status: 200, body: identityXml({ Arn: ARN, Account: ACCOUNT, UserId: 'AIDAEXAMPLEUSER' }) });
    expect(r.v).toEqual({ status: 'live', arn: ARN, account: ACCOUNT, userId: 'AIDAEXAMPLEUSER' });
  });
});

test('a connection reset is unknown: network, reported at once (not after the timeout)', async () => {
  const r = await verifyAgainst('reset');
  expect(r.v).toEqual({ status: 'unknown', reason: 'network' });
  expect(r.requests).toBe(1);
  expect(r.ms).toBeLessThan(TIMEOUT_MS / 2);
});

describe('an interrupted run (SIGINT/SIGTERM aborts the signal)', () => {
  test('aborted before: nothing is sent, every key is unknown: interrupted', async () => {
    server = await startFakeSts({ status: 200, body: identityXml({ Arn: ARN, Account: ACCOUNT }) });
    const findings = [pair(), pair()];
    const c = new AbortController();
    c.abort();
    await verifyFindings(findings, { ...opts(server.url), signal: c.signal });
    expect(findings.map((f) => f.verification)).toEqual([
      { status: 'unknown', reason: 'interrupted' },
      { status: 'unknown', reason: 'interrupted' },
    ]);
    expect(server.requests).toBe(0);
  });

  test('aborted while a request hangs: it is dropped at once, not after the timeout', async () => {
    const silent = await startSilentServer();
    try {
      const f = pair();
      const c = new AbortController();
      const done = verifyFindings([f], { ...opts(silent.url), timeoutMs: 600_000, signal: c.signal });
      while (silent.connections === 0) await new Promise((r) => setTimeout(r, 10));
      c.abort();
      await done; // a request left waiting would hold this for 10 minutes (past jest's timeout)
      expect(f.verification).toEqual({ status: 'unknown', reason: 'interrupted' });
    } finally {
      await silent.close();
    }
  });
});

describe('identityOutcome', () => {
  test('GovCloud, China and assumed-role ARNs of the account are live', () => {
    for (const arn of ['arn:aws-us-gov:iam::123456789012:user/a', 'arn:aws-cn:sts::123456789012:assumed-role/r/s', 'arn:aws:iam::123456789012:root']) {
      expect(identityOutcome(ACCOUNT, arn, undefined, 200)).toMatchObject({ status: 'live', arn, account: ACCOUNT });
    }
  });

  test('an account that is not 12 digits is no identity', () => {
    expect(identityOutcome('12345', 'arn:aws:iam::12345:user/a', 'AIDA', 200)).toMatchObject({ status: 'unknown', reason: 'no-identity' });
  });
});
