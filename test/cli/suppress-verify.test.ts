// Nothing suppressed is ever sent to AWS: `scan --verify --baseline` against a real
// moto_server behind a counting proxy. The baselined key (live in moto) gets no request; the
// other one is verified as usual. Needs a build (npm test runs tsc first).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runCli, tempDir } from '../helpers/cli.js';
import { startMoto, type Moto, type MotoKey } from '../helpers/moto.js';
import { startCountingProxy, type CountingProxy } from '../helpers/sts-proxy.js';

let moto: Moto;
let proxy: CountingProxy;
let alice: MotoKey;
let bob: MotoKey;

beforeAll(async () => {
  moto = await startMoto(4);
  alice = await moto.createUserWithKey('alice');
  bob = await moto.createUserWithKey('bob');
  proxy = await startCountingProxy(moto.url);
});

afterAll(async () => {
  await proxy?.close();
  await moto?.stop();
});

/** Async spawn: the proxy lives in this process, so spawnSync would starve it. */
function runAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('a baselined key gets no STS request; a key not in the baseline is verified', async () => {
  const dir = tempDir('keyhound-bl-verify-');
  writeFileSync(join(dir, 'old.env'), `AWS_ACCESS_KEY_ID=${alice.keyId}\nAWS_SECRET_ACCESS_KEY=${alice.secret}\n`);
  const baseline = join(tempDir('keyhound-bl-verify-out-'), 'baseline.json');
  expect(runCli(['baseline', dir, '-o', baseline]).code).toBe(0);
  writeFileSync(join(dir, 'new.env'), `AWS_ACCESS_KEY_ID=${bob.keyId}\nAWS_SECRET_ACCESS_KEY=${bob.secret}\n`);
  proxy.reset();
  const r = await runAsync(['scan', dir, '--verify', '--sts-endpoint', proxy.url, '--baseline', baseline, '--format', 'json', '--show-secrets']);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as { findings: Array<{ aws?: { keyId: string }; verification?: { status: string; arn?: string } }>; suppressed?: Array<{ aws?: { keyId: string }; verification?: unknown }> };
  expect(report.findings.map((f) => [f.aws?.keyId, f.verification?.status, f.verification?.arn])).toEqual([[bob.keyId, 'live', bob.arn]]);
  expect(report.suppressed?.map((f) => [f.aws?.keyId, f.verification])).toEqual([[alice.keyId, undefined]]);
  expect(proxy.count(alice.keyId)).toBe(0);
  expect(proxy.count(bob.keyId)).toBe(1);
});
