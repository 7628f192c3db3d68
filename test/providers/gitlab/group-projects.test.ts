// Listing a group's projects through GitLab's REST API, against a fake API on 127.0.0.1
// (test/helpers/fake-forge.ts) under /api/v4: pages by x-next-page (Link when absent), 429s
// waited out (sleep injected and recorded), PRIVATE-TOKEN in the header only, clear errors.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, test } from '@jest/globals';
import { enumerateRepos } from '../../../src/audit/enumerate/index.js';
import { gitlabRateLimit, groupRef } from '../../../src/providers/gitlab/group-projects.js';
import { type FakeForge, type ForgeAnswer, type ForgeHandler, type ForgeRequest, linkHeader, pageOf, repoNames, slice, startFakeForge } from '../../helpers/fake-forge.js';

const token = `test-token-${randomBytes(12).toString('hex')}`;
let forges: FakeForge[] = [];
afterEach(async () => {
  await Promise.all(forges.map((f) => f.close()));
  forges = [];
});

const cloneUrl = (name: string) => `https://gitlab.example/acme/platform/${name}.git`;
const FIRST = '/api/v4/groups/acme%2Fplatform/projects?per_page=100&include_subgroups=true&with_shared=false&simple=true&order_by=id&sort=asc';

/** Serves `names` 100 a page for group acme/platform, paging by x-next-page (or Link). */
function groupProjects(names: string[], paging: 'x-next-page' | 'link', before?: (req: ForgeRequest, n: number) => ForgeAnswer | undefined): ForgeHandler {
  return (req, n, forge) => {
    const early = before?.(req, n);
    if (early) return early;
    if (!req.url.startsWith('/api/v4/groups/acme%2Fplatform/projects?')) return { status: 404, body: { message: '404 Group Not Found' } };
    const page = pageOf(req.url);
    const { items, last } = slice(names, page, 100);
    const headers: Record<string, string> =
      paging === 'link' ? { link: linkHeader(forge.origin, req.url, page, last) } : { 'x-page': String(page), 'x-next-page': page < last ? String(page + 1) : '', 'x-total-pages': String(last) };
    return { status: 200, headers, body: items.map((name) => ({ name, http_url_to_repo: cloneUrl(name), ssh_url_to_repo: `git@gitlab.example:acme/platform/${name}.git` })) };
  };
}

async function forge(handler: ForgeHandler): Promise<FakeForge> {
  const f = await startFakeForge(handler);
  forges.push(f);
  return f;
}

function run(f: FakeForge, owner = 'acme/platform', env: NodeJS.ProcessEnv = { GITLAB_TOKEN: token }) {
  const waits: number[] = [];
  const warnings: string[] = [];
  const listed = enumerateRepos({
    provider: 'gitlab',
    owner,
    apiUrl: `${f.origin}/api/v4`,
    env,
    sleep: async (ms) => {
      waits.push(ms);
    },
    warn: (m) => warnings.push(m),
  });
  return { listed, waits, warnings };
}

describe('GitLab group projects', () => {
  test('3 pages by x-next-page, one 429 with retry-after 2: waited 2 s, all 230 listed, token in PRIVATE-TOKEN only', async () => {
    const f = await forge(groupProjects(repoNames(230), 'x-next-page', (req, n) => (pageOf(req.url) === 2 && n === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: 'Retry later' } : undefined)));
    const { listed, waits, warnings } = run(f);
    expect(await listed).toEqual(repoNames(230).map(cloneUrl));
    expect(f.requests.map((r) => r.url)).toEqual([FIRST, `${FIRST}&page=2`, `${FIRST}&page=2`, `${FIRST}&page=3`]);
    for (const r of f.requests) {
      expect(r.headers['private-token']).toBe(token);
      expect(r.headers.authorization).toBeUndefined();
      expect(r.url).not.toContain(token);
    }
    expect(waits).toEqual([2000]);
    expect(warnings).toEqual([`rate limited by ${f.origin} (HTTP 429): waiting 2 s`]);
  });

  test('a 429 with only ratelimit-reset (epoch s) waits until the reset plus a second', async () => {
    const f = await forge(
      groupProjects(repoNames(5), 'x-next-page', (_req, n) => (n === 0 ? { status: 429, headers: { 'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 2) } } : undefined)),
    );
    const { listed, waits } = run(f);
    expect(await listed).toEqual(repoNames(5).map(cloneUrl));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(2500);
    expect(waits[0]).toBeLessThanOrEqual(4000);
  });

  test('without x-next-page the Link header pages', async () => {
    const f = await forge(groupProjects(repoNames(201), 'link'));
    const { listed } = run(f);
    expect(await listed).toEqual(repoNames(201).map(cloneUrl));
    expect(f.requests.map((r) => r.url)).toEqual([FIRST, `${FIRST}&page=2`, `${FIRST}&page=3`]);
  });

  test('a numeric group id is sent as is; without GITLAB_TOKEN no token header and a warning', async () => {
    const f = await forge(() => ({ status: 200, headers: { 'x-next-page': '' }, body: [{ http_url_to_repo: cloneUrl('one') }] }));
    const { listed, warnings } = run(f, '42', {});
    expect(await listed).toEqual([cloneUrl('one')]);
    expect(f.requests.map((r) => r.url)).toEqual([FIRST.replace('acme%2Fplatform', '42')]);
    expect(f.requests[0].headers['private-token']).toBeUndefined();
    expect(warnings).toEqual(['no GITLAB_TOKEN in the environment: listing without a token (public repositories only, a low rate limit)']);
  });

  test('401: a clear error naming the group and URL, never the token', async () => {
    const f = await forge(() => ({ status: 401, body: { message: '401 Unauthorized' } }));
    const err = (await run(f).listed.catch((e: Error) => e)) as Error;
    expect(err.message).toBe(
      `listing the projects of GitLab group acme/platform: ${f.origin}${FIRST}: HTTP 401 (401 Unauthorized): the token (GITLAB_TOKEN) is invalid, expired or revoked`,
    );
    expect(err.message).not.toContain(token);
    expect(f.requests).toHaveLength(1);
  });

  test('a 404 says what to check', async () => {
    const f = await forge(() => ({ status: 404, body: { message: '404 Group Not Found' } }));
    await expect(run(f, 'nope').listed).rejects.toThrow(
      `listing the projects of GitLab group nope: ${f.origin}${FIRST.replace('acme%2Fplatform', 'nope')}: HTTP 404 (404 Group Not Found): no such group at this API`,
    );
  });
});

describe('gitlabRateLimit and groupRef', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  test('429 only: retry-after, then ratelimit-reset, else a minute', () => {
    expect(gitlabRateLimit(429, h({ 'retry-after': '7', 'ratelimit-reset': '999' }), '', 0)).toBe(7000);
    expect(gitlabRateLimit(429, h({ 'ratelimit-reset': '100' }), '', 95_000)).toBe(6000);
    expect(gitlabRateLimit(429, h({}), '', 0)).toBe(60_000);
    expect(gitlabRateLimit(403, h({ 'retry-after': '7' }), '', 0)).toBeUndefined();
  });
  test('paths are URL-encoded (slashes too), ids kept, outer slashes dropped', () => {
    expect(groupRef('/acme/platform/')).toBe('acme%2Fplatform');
    expect(groupRef('123')).toBe('123');
    expect(groupRef('a b')).toBe('a%20b');
  });
});
