// `keyhound repos` end to end: 20 bare repositories as file:// URLs, a broken URL, one key pair
// committed then deleted in two repos, one live key served by moto_server. Then: killed with
// SIGTERM and resumed from the state file; sharded 1/3..3/3 and merged. Needs a build.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, locate, runCli, runCliAsync, tempDir } from '../helpers/cli.js';
import { cleanupRepos } from '../helpers/git-repo.js';
import { startMoto, type Moto, type MotoKey } from '../helpers/moto.js';
import { startCountingProxy, type CountingProxy } from '../helpers/sts-proxy.js';
import { buildOrg, places, type Org, type ReportJson } from '../audit/fixtures.js';

let moto: Moto;
let proxy: CountingProxy;
let alice: MotoKey;
let org: Org;
let cache: string;
/** The uninterrupted, unsharded run (no --verify): what resumed and merged runs must equal. */
let whole: ReportJson;

const SHARED = [3, 7];
/** The live key is in two repositories: verified once all the same. */
const LIVE = [12, 15];

beforeAll(async () => {
  moto = await startMoto(2);
  alice = await moto.createUserWithKey('alice');
  proxy = await startCountingProxy(moto.url);
  org = buildOrg(20, { sharedIn: SHARED, live: { at: LIVE, keyId: alice.keyId, secret: alice.secret } });
  cache = join(tempDir('keyhound-repos-cache-'), 'c');
  const r = runCli(['repos', org.list, '--cache-dir', cache, '--format', 'json', '--show-secrets']);
  expect(r.code).toBe(1);
  whole = JSON.parse(r.stdout) as ReportJson;
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await moto?.stop();
  cleanupRepos();
});

const json = (stdout: string) => JSON.parse(stdout) as ReportJson;

describe('one audit of 20 repositories and a broken URL', () => {
  test('the shared key is one finding in both repos, the live key is live, the broken repo is a failed row; exit 1', async () => {
    const r = await runCliAsync(['repos', org.list, '--cache-dir', cache, '--format', 'json', '--show-secrets', '--verify', '--sts-endpoint', proxy.url]);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    const text = org.pairText(org.shared.keyId, org.shared.secret);
    const at = locate(text, org.shared.keyId);
    const shared = report.findings.find((f) => f.aws?.keyId === org.shared.keyId)!;
    expect(shared.locations.map((l) => [l.repo, l.path, l.line, l.column, l.provenance.kind])).toEqual(
      org.shared.repos.map((repo) => [repo, 'deploy.env', at.line, at.column, 'git']),
    );
    const live = report.findings.find((f) => f.aws?.keyId === alice.keyId)!;
    expect(live.verification?.status).toBe('live');
    expect(live.locations.map((l) => [l.repo, l.path, l.line, l.column])).toEqual(org.live!.repos.map((repo) => [repo, 'ci/aws.env', at.line, at.column]));
    // One credential in two repositories: one STS request, after all repositories were scanned.
    expect(proxy.count(alice.keyId)).toBe(1);
    expect(report.findings).toHaveLength(2);
    expect(report.repos).toHaveLength(21);
    const failed = report.repos.filter((x) => x.status === 'failed');
    expect(failed.map((x) => x.repo)).toEqual([org.broken]);
    expect(failed[0]!.reason).toMatch(/^clone failed: /);
    expect(report.repos.filter((x) => x.findings > 0).map((x) => [x.repo, x.findings, x.live])).toEqual(
      [[org.shared.repos[0], 1, 0], [org.shared.repos[1], 1, 0], [org.live!.repos[0], 1, 1], [org.live!.repos[1], 1, 1]],
    );
    const ok = report.repos.filter((x) => x.status !== 'failed');
    // Cached from the first run: fetched, not cloned again; every repo's history scanned.
    expect(ok.every((x) => x.status === 'scanned' && x.commits >= 1 && x.blobs >= 1)).toBe(true);
    expect(report.repos.find((x) => x.repo === org.shared.repos[0])).toMatchObject({ commits: 3, blobs: 2 });
    expect(report.summary.complete).toBe(false);
    expect(report.warnings.map((w) => [w.kind, w.path])).toEqual([['unreadable', org.broken]]);
  }, 120_000);

  test('the text report has the per-repo table', () => {
    const r = runCli(['repos', org.list, '--cache-dir', cache]);
    expect(r.code).toBe(1);
    const table = r.stdout.slice(r.stdout.indexOf('Repositories\n'));
    expect(table.split('\n')[1]).toMatch(/^ {2}repo +status +commits +blobs +findings +live +warnings +duration$/);
    const row = table.split('\n').find((l) => l.includes(org.shared.repos[0]!))!;
    expect(row).toMatch(/ scanned +3 +2 +1 +0 +0 +\d/);
    expect(table).toContain(`${org.broken}`);
    expect(r.stdout).toContain(`at [${org.shared.repos[1]}] deploy.env:`);
  });

  test('with no findings a failed repository still fails the run: exit 2', () => {
    const dir = tempDir('keyhound-repos-clean-');
    const list = join(dir, 'list');
    writeFileSync(list, `${org.urls[0]}\n${org.broken}\n`);
    const r = runCli(['repos', list, '--cache-dir', cache, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(json(r.stdout).repos.map((x) => x.status)).toEqual(['scanned', 'failed']);
  });

  test('a URL with credentials is shown without them, in the rows and the reason', () => {
    const dir = tempDir('keyhound-repos-cred-');
    const list = join(dir, 'list');
    const token = 'tok' + 'en' + Date.now();
    writeFileSync(list, `https://user:${token}@127.0.0.1:1/org/x.git\n`);
    const r = runCli(['repos', list, '--cache-dir', cache, '--format', 'json', '--clone-timeout', '20']);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(json(r.stdout).repos.map((x) => [x.repo, x.status])).toEqual([['https://127.0.0.1:1/org/x.git', 'failed']]);
  });
});

describe('resumable', () => {
  test('killed by SIGTERM after some repos, rerun with the same state: finished repos not rescanned, same report', async () => {
    const state = join(tempDir('keyhound-repos-state-'), 'audit.state');
    const child = spawn(process.execPath, [BIN, 'repos', org.list, '--cache-dir', cache, '--state', state, '--jobs', '1', '--format', 'json'], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    const code = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    // Wait for three finished records, then stop it.
    for (let i = 0; i < 1200 && records(state).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect(await code).toBe(143);
    const before = records(state);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(20);
    expect(statSync(state).mode & 0o777).toBe(0o600);

    const r = runCli(['repos', org.list, '--cache-dir', cache, '--state', state, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    const resumed = report.repos.filter((x) => x.status === 'resumed').map((x) => x.repo);
    expect(resumed.sort()).toEqual(before.sort());
    // Each repository recorded exactly once: none was scanned twice.
    const after = records(state);
    expect(after).toHaveLength(20);
    expect(new Set(after).size).toBe(20);
    expect(places(report)).toEqual(places(whole));
    expect(report.repos.map((x) => [x.repo, x.findings, x.commits, x.blobs])).toEqual(whole.repos.map((x) => [x.repo, x.findings, x.commits, x.blobs]));
  }, 120_000);

  test('a torn last line is ignored with a warning; its repository is scanned again', () => {
    const state = join(tempDir('keyhound-repos-torn-'), 'audit.state');
    const list = join(tempDir('keyhound-repos-torn-list-'), 'list');
    writeFileSync(list, `${org.urls[0]}\n${org.urls[1]}\n`);
    // --jobs 1: records in LIST order, so the torn one is the second repository's.
    expect(runCli(['repos', list, '--cache-dir', cache, '--state', state, '--format', 'json', '--jobs', '1']).code).toBe(0);
    const lines = readFileSync(state, 'utf8').split('\n').filter(Boolean);
    writeFileSync(state, `${lines[0]}\n${lines[1]!.slice(0, 40)}`);
    const r = runCli(['repos', list, '--cache-dir', cache, '--state', state, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('audit.state:2: incomplete last record');
    expect(json(r.stdout).repos.map((x) => x.status)).toEqual(['resumed', 'scanned']);
    expect(records(state)).toHaveLength(2);
  });
});

describe('sharded', () => {
  test('--shard 1/3..3/3 then merge equals the unsharded fingerprints and locations', () => {
    const dir = tempDir('keyhound-repos-shards-');
    const states = [1, 2, 3].map((i) => join(dir, `shard-${i}.state`));
    const seen: string[] = [];
    states.forEach((state, i) => {
      const r = runCli(['repos', org.list, '--cache-dir', cache, '--state', state, '--shard', `${i + 1}/3`, '--format', 'json']);
      expect([0, 1, 2]).toContain(r.code);
      seen.push(...json(r.stdout).repos.map((x) => x.repo));
    });
    // Every repository in exactly one shard.
    expect(seen.sort()).toEqual([...org.urls, org.broken].sort());
    const m = runCli(['merge', ...states, '--format', 'json', '--show-secrets']);
    expect(m.code).toBe(1);
    const merged = json(m.stdout);
    expect(places(merged)).toEqual(places(whole));
    expect(merged.findings.map((f) => f.fingerprint)).toEqual(whole.findings.map((f) => f.fingerprint));
    expect(merged.repos.map((x) => x.repo)).toEqual([...org.urls].sort());
  }, 120_000);

  test('--shard /3 takes its index from JOB_COMPLETION_INDEX (0-based)', () => {
    const a = runCli(['repos', org.list, '--cache-dir', cache, '--shard', '2/3', '--format', 'json']);
    const b = runCli(['repos', org.list, '--cache-dir', cache, '--shard', '/3', '--format', 'json'], { env: { JOB_COMPLETION_INDEX: '1' } });
    expect(json(b.stdout).repos.map((x) => x.repo)).toEqual(json(a.stdout).repos.map((x) => x.repo));
    expect(runCli(['repos', org.list, '--shard', '/3']).code).toBe(2);
    expect(runCli(['repos', org.list, '--shard', '4/3']).code).toBe(2);
  });
});

function records(state: string): string[] {
  if (!existsSync(state)) return [];
  return readFileSync(state, 'utf8').split('\n').flatMap((l) => {
    try {
      return [(JSON.parse(l) as { repo: string }).repo];
    } catch {
      return [];
    }
  });
}
