// --github-org / --gitlab-group / --api-url reach enumerateRepos (src/audit/enumerate/, another
// module's job) with what it needs, and the repositories it lists are audited with the LIST's.
import { afterAll, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { reposCommand } from '../../src/cli/repos.js';
import type { EnumerateOptions } from '../../src/audit/types.js';
import type { CliIO } from '../../src/cli/io.js';
import { cleanupRepos, GitRepo, tempDir } from '../helpers/git-repo.js';
import { pageOf, startFakeForge } from '../helpers/fake-forge.js';
import { runCliAsync } from '../helpers/cli.js';

afterAll(() => cleanupRepos());

function io(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdin: new PassThrough(), isTTY: false, columns: 100, env };
  return { cli, out, err };
}

const FLAGS = {
  showSecrets: false, rules: [], builtinRules: true, inlineAllow: true, strict: false, verify: false, verifyTimeout: 5000,
  verifyConcurrency: 4, onlyVerified: false, baselineUpdate: false, suppress: true, reportUnused: false, config: false as const,
  cloneTimeout: 60, jobs: 2, format: 'json' as const,
};

test('both orgs are listed through enumerateRepos, with the API URL, the environment and a warn; their repos are audited', async () => {
  const a = GitRepo.init();
  a.commitFiles({ 'a.txt': 'a\n' }, 'a');
  const b = GitRepo.init();
  b.commitFiles({ 'b.txt': 'b\n' }, 'b');
  const dir = tempDir('keyhound-enum-');
  const list = join(dir, 'list');
  writeFileSync(list, `${a.dir}\n`);
  const calls: EnumerateOptions[] = [];
  const env = { GITHUB_TOKEN: 'test-token-value' };
  const { cli, out, err } = io(env);
  const flags = { ...FLAGS, list, 'gitlab-group': { provider: 'gitlab', owner: 'acme/platform' }, 'github-org': { provider: 'github', owner: 'acme' }, apiUrl: 'http://127.0.0.1:9/api', cacheDir: join(dir, 'cache') };
  const code = await reposCommand(flags as unknown as Parameters<typeof reposCommand>[0], cli, {
    enumerate: async (o) => {
      calls.push(o);
      o.warn?.(`listed ${o.owner}`);
      // The same repo from both orgs, and one already in the LIST: each audited once.
      return o.provider === 'github' ? [`file://${b.dir}`, a.dir] : [`file://${b.dir}`];
    },
  });
  expect(code).toBe(0);
  expect(calls.map((c) => [c.provider, c.owner, c.apiUrl, c.env, typeof c.warn])).toEqual([
    ['github', 'acme', 'http://127.0.0.1:9/api', env, 'function'],
    ['gitlab', 'acme/platform', 'http://127.0.0.1:9/api', env, 'function'],
  ]);
  expect(err.join('')).toContain('keyhound: listed acme\n');
  const report = JSON.parse(out.join('')) as { repos: Array<{ repo: string; status: string }> };
  expect(report.repos.map((r) => [r.repo, r.status])).toEqual([[a.dir, 'scanned'], [`file://${b.dir}`, 'scanned']]);
});

test('no LIST and no org is a usage error', async () => {
  const { cli } = io({});
  await expect(reposCommand({ ...FLAGS } as unknown as Parameters<typeof reposCommand>[0], cli)).rejects.toThrow('repos: give a LIST file (- for stdin) or an organisation to list');
});

test('end to end through the CLI: --github-org pages the fake API (token in the header only) and audits what it lists', async () => {
  // Two pages of clone URLs on a closed loopback port: listing works, each clone fails with its reason.
  const closed = 'http://127.0.0.1:9';
  const forge = await startFakeForge((req) => {
    const page = pageOf(req.url);
    const names = page === 1 ? ['one'] : ['two'];
    return {
      status: 200,
      headers: page === 1 ? { link: `<${forge.origin}/orgs/acme/repos?per_page=100&type=all&page=2>; rel="next"` } : ({} as Record<string, string>),
      body: names.map((n) => ({ clone_url: `${closed}/acme/${n}.git` })),
    };
  });
  try {
    const dir = tempDir('keyhound-enum-e2e-');
    const run = await runCliAsync(['repos', '--github-org', 'acme', '--api-url', forge.origin, '--cache-dir', join(dir, 'cache'), '--format', 'json'], { GITHUB_TOKEN: 'test-token-value' });
    expect(forge.requests.map((r) => r.url)).toEqual(['/orgs/acme/repos?per_page=100&type=all', '/orgs/acme/repos?per_page=100&type=all&page=2']);
    expect(forge.requests.map((r) => r.headers.authorization)).toEqual(['Bearer test-token-value', 'Bearer test-token-value']);
    const report = JSON.parse(run.stdout) as { repos: Array<{ repo: string; status: string; reason?: string }> };
    expect(report.repos.map((r) => [r.repo, r.status])).toEqual([[`${closed}/acme/one.git`, 'failed'], [`${closed}/acme/two.git`, 'failed']]);
    expect(report.repos[0]!.reason).toMatch(/^clone failed: /);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain('test-token-value');
  } finally {
    await forge.close();
  }
});
