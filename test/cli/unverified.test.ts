// --verify --fail-on live when some keys could not be verified: never a quiet pass. Spawned
// CLI against a closed port on 127.0.0.1 and against moto_server behind a scripted proxy.
import { afterAll, beforeAll, describe, expect, it, test } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locate, runCliAsync, tempDir } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { startMoto, type Moto, type MotoKey } from '../helpers/moto.js';
import { closedPort, startCountingProxy, stsError, type CountingProxy } from '../helpers/sts-proxy.js';
import { unverified, unverifiedLines } from '../../src/cli/unverified.js';
import { pairFinding } from '../report/fixtures.js';

const redacted = (keyId: string, secret: string) => `AKIA…${keyId.slice(-4)}:${secret.slice(0, 4)}…(40)`;
const put = (dir: string, file: string, keyId: string, secret: string) => {
  mkdirSync(dir, { recursive: true });
  const text = `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n`;
  writeFileSync(join(dir, file), text);
  return locate(text, keyId);
};

let moto: Moto;
let proxy: CountingProxy;
let alice: MotoKey;
const flaky = { keyId: fakeKeyId().keyId, secret: fakeSecret() };
const gone = { keyId: fakeKeyId().keyId, secret: fakeSecret() };
const root = tempDir('keyhound-unverified-');

beforeAll(async () => {
  moto = await startMoto(2);
  alice = await moto.createUserWithKey('alice');
  // STS keeps failing for one key (503 after every retry); the rest goes to moto.
  proxy = await startCountingProxy(moto.url, {
    script: (req) => (req.keyId === flaky.keyId ? { status: 503, body: stsError('ServiceUnavailable', 'try later', 'Receiver') } : undefined),
  });
});

afterAll(async () => {
  await proxy?.close();
  await moto?.stop();
});

describe('--verify --fail-on live with keys that could not be verified', () => {
  test('STS unreachable (a closed port): exit 3, each key listed as unknown, redacted; no SDK Node-version notice', async () => {
    const dir = join(root, 'closed');
    const at = put(dir, 'app.env', gone.keyId, gone.secret);
    const port = await closedPort();
    const r = await runCliAsync(['scan', dir, '--verify', '--sts-endpoint', `http://127.0.0.1:${port}`, '--fail-on', 'live', '--format', 'json'], { CI: 'true' });
    expect(r.code).toBe(3);
    const lines = r.stderr.split('\n');
    expect(lines).toContain('keyhound: --fail-on live: 1 key could not be verified (network 1) and may be live: verification incomplete, exit 3');
    expect(lines).toContain(`  unknown aws-access-key-pair ${redacted(gone.keyId, gone.secret)} at ${join(dir, 'app.env')}:${at.line}:${at.column} (network)`);
    expect(r.stderr).not.toContain(gone.secret);
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { verification: unknown }) => f.verification)).toEqual([{ status: 'unknown', reason: 'network' }]);
    expect(report.summary.verification).toEqual({ live: 0, invalid: 0, unknown: 1, skipped: 0 });
  });

  test('moto: an invalid key and one STS keeps failing for: exit 3, only the failing one listed; --only-verified keeps it', async () => {
    const dir = join(root, 'mixed');
    put(dir, 'old.env', gone.keyId, gone.secret);
    const at = put(dir, 'new.env', flaky.keyId, flaky.secret);
    const r = await runCliAsync(['scan', dir, '--verify', '--sts-endpoint', proxy.url, '--fail-on', 'live', '--only-verified', '--format', 'json'], { CI: 'true' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('keyhound: --fail-on live: 1 key could not be verified (server-error 1) and may be live: verification incomplete, exit 3\n');
    expect(r.stderr).toContain(`  unknown aws-access-key-pair ${redacted(flaky.keyId, flaky.secret)} at ${join(dir, 'new.env')}:${at.line}:${at.column} (server-error)\n`);
    expect(r.stderr).not.toContain(gone.keyId.slice(-4) + ':');
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { verification: unknown }) => f.verification)).toEqual([{ status: 'unknown', reason: 'server-error' }]);
    expect(proxy.count(flaky.keyId)).toBeGreaterThan(1); // retried before giving up
  });

  test('moto: a live key wins (exit 1), the unverified one is still named', async () => {
    const dir = join(root, 'live');
    put(dir, 'alice.env', alice.keyId, alice.secret);
    put(dir, 'new.env', flaky.keyId, flaky.secret);
    const r = await runCliAsync(['scan', dir, '--verify', '--sts-endpoint', proxy.url, '--fail-on', 'live'], { CI: 'true' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('keyhound: --fail-on live: 1 key could not be verified (server-error 1) and may be live: verification incomplete\n');
  });

  test('moto: every key answered, none live: exit 0 and nothing said', async () => {
    const dir = join(root, 'dead');
    put(dir, 'old.env', gone.keyId, gone.secret);
    const r = await runCliAsync(['scan', dir, '--verify', '--sts-endpoint', proxy.url, '--fail-on', 'live'], { CI: 'true' });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('could not be verified');
    expect(r.stdout).toContain('verification invalid (key-unknown)');
  });
});

describe('unverified keys on stderr', () => {
  it('a headline with reasons, then each key redacted; brief (--quiet) keeps only the headline', () => {
    const a = pairFinding({ verification: { status: 'unknown', reason: 'timeout' } });
    const b = pairFinding({ verification: { status: 'live', arn: 'arn:aws:iam::123456789012:user/x' } });
    const found = [a.finding, b.finding];
    expect(unverified(found)).toEqual([a.finding]);
    const lines = unverifiedLines(unverified(found), found, { showSecrets: false, brief: false, exitCode: 3 });
    expect(lines).toEqual([
      'keyhound: --fail-on live: 1 key could not be verified (timeout 1) and may be live: verification incomplete, exit 3',
      `  unknown aws-access-key-pair AKIA…${a.keyId.slice(-4)}:${a.secretKey.slice(0, 4)}…(40) at config/prod.env:3:19 (timeout)`,
    ]);
    expect(unverifiedLines([a.finding], found, { showSecrets: false, brief: true, exitCode: 0 })).toEqual([
      'keyhound: --fail-on live: 1 key could not be verified (timeout 1) and may be live: verification incomplete',
    ]);
    expect(unverifiedLines([], found, { showSecrets: false, brief: false, exitCode: 0 })).toEqual([]);
  });
});
