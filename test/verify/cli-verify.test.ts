// End to end: `keyhound scan --verify` spawned as a user runs it, against a real moto_server
// behind a counting proxy; and proof that without --verify nothing reaches the network, even
// when the SDK's endpoint variable points at the proxy. Needs a build (npm test runs tsc first).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyIdForAccount } from '../../src/providers/aws/keys.js';
import { runCliAsync, tempDir } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { startMoto, type Moto, type MotoKey, type MotoSession } from '../helpers/moto.js';
import { startCountingProxy, type CountingProxy } from '../helpers/sts-proxy.js';

interface JsonFinding {
  ruleId: string;
  aws?: { keyId: string; account: string | null; canary: boolean };
  verification?: { status: string; reason?: string; arn?: string; account?: string; userId?: string };
}
interface JsonReport {
  summary: { findings: number; verification?: Record<string, number> };
  findings: JsonFinding[];
}

const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

let moto: Moto;
let proxy: CountingProxy;
let alice: MotoKey;
let session: MotoSession;
const dir = tempDir('keyhound-verify-');
let unknownId = '';
let canaryId = '';

beforeAll(async () => {
  moto = await startMoto(3);
  alice = await moto.createUserWithKey('alice');
  session = await moto.assumeRole(alice, 'deploy', 'ci');
  proxy = await startCountingProxy(moto.url);
  unknownId = fakeKeyId().keyId;
  // Fixed tail chars keep this canary id free of runs of three.
  canaryId = keyIdForAccount('AKIA', '052310077262', 'MQWTZRKB');
  const put = (file: string, text: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  put('app/.env', `NODE_ENV=production\nAWS_ACCESS_KEY_ID=${alice.keyId}\nAWS_SECRET_ACCESS_KEY=${alice.secret}\n`);
  put('ci/session.sh', `export AWS_ACCESS_KEY_ID=${session.keyId}\nexport AWS_SECRET_ACCESS_KEY=${session.secret}\nexport AWS_SESSION_TOKEN=${session.sessionToken}\n`);
  put('old/settings.py', `AWS_ACCESS_KEY_ID = "${unknownId}"\nAWS_SECRET_ACCESS_KEY = "${fakeSecret()}"\n`);
  put('trap/credentials', `[default]\naws_access_key_id = ${canaryId}\naws_secret_access_key = ${fakeSecret()}\n`);
});

afterAll(async () => {
  await proxy?.close();
  await moto?.stop();
});

const byKey = (r: JsonReport, keyId: string) => r.findings.filter((f) => f.aws?.keyId === keyId);

(built ? describe : describe.skip)('keyhound scan --verify (spawned CLI)', () => {
  test('without --verify nothing is sent, even with AWS_ENDPOINT_URL_STS pointing at the proxy', async () => {
    proxy.reset();
    const r = await runCliAsync(['scan', dir, '--format', 'json', '--show-secrets'], { AWS_ENDPOINT_URL_STS: proxy.url });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(byKey(report, alice.keyId).length).toBeGreaterThan(0); // the same keys are found…
    expect(report.findings.every((f) => f.verification === undefined)).toBe(true);
    expect(proxy.requests).toHaveLength(0); // …and nothing is sent
  });

  test('with --verify: live, invalid, skipped canary — and the canary never reaches the server', async () => {
    proxy.reset();
    const r = await runCliAsync(['scan', dir, '--verify', '--sts-endpoint', proxy.url, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--verify/);
    const report = JSON.parse(r.stdout) as JsonReport;
    const live = byKey(report, alice.keyId).find((f) => f.verification?.status === 'live');
    expect(live?.verification).toEqual({ status: 'live', arn: alice.arn, account: alice.account, userId: alice.userId });
    expect(byKey(report, session.keyId).some((f) => f.verification?.status === 'live' && f.verification.arn === session.arn)).toBe(true);
    expect(byKey(report, unknownId).map((f) => f.verification)).toContainEqual({ status: 'invalid', reason: 'key-unknown' });
    const canary = byKey(report, canaryId);
    expect(canary.length).toBeGreaterThan(0);
    for (const f of canary) expect(f.verification).toMatchObject({ status: 'skipped', reason: 'canary' });
    expect(proxy.count(canaryId)).toBe(0);
    expect(proxy.requests.length).toBeGreaterThan(0); // the same run, with --verify, does send
    expect(proxy.requests.every((q) => q.userAgent.includes('keyhound/'))).toBe(true);
    expect(report.summary.verification?.live).toBeGreaterThanOrEqual(2);
    expect(report.summary.verification?.skipped).toBeGreaterThanOrEqual(1);
  });

  test('--verify without --sts-endpoint honours AWS_ENDPOINT_URL_STS', async () => {
    proxy.reset();
    const r = await runCliAsync(['scan', join(dir, 'app'), '--verify', '--format', 'json', '--show-secrets'], { AWS_ENDPOINT_URL_STS: proxy.url });
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(byKey(report, alice.keyId).some((f) => f.verification?.status === 'live')).toBe(true);
    expect(proxy.count(alice.keyId)).toBe(1);
  });
});

test('the CLI is built (npm test runs tsc before jest)', () => {
  expect(built).toBe(true);
});
