// Listing an organisation's repositories through GitHub's REST API, against a fake API on
// 127.0.0.1 (test/helpers/fake-forge.ts) served under /api/v3 as GitHub Enterprise is: pages by
// Link header, rate limits waited out (sleep injected and recorded), errors that name the org
// and the URL and never the token.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, test } from '@jest/globals';
import { enumerateRepos } from '../../../src/audit/enumerate/index.js';
import { githubRateLimit } from '../../../src/providers/github/org-repos.js';
import { type FakeForge, type ForgeAnswer, type ForgeHandler, type ForgeRequest, linkHeader, pageOf, repoNames, slice, startFakeForge } from '../../helpers/fake-forge.js';

const token = `test-token-${randomBytes(12).toString('hex')}`;
let forges: FakeForge[] = [];
afterEach(async () => {
  await Promise.all(forges.map((f) => f.close()));
  forges = [];
});

const cloneUrl = (name: string) => `https://ghe.example/acme/${name}.git`;

/** Serves `names` 100 a page under /api/v3/orgs/acme/repos; `before` may answer first. */
function orgRepos(names: string[], before?: (req: ForgeRequest, n: number) => ForgeAnswer | undefined): ForgeHandler {
  return (req, n, forge) => {
    const early = before?.(req, n);
    if (early) return early;
    if (!req.url.startsWith('/api/v3/orgs/acme/repos?')) return { status: 404, body: { message: 'Not Found' } };
    const page = pageOf(req.url);
    const { items, last } = slice(names, page, 100);
    return { status: 200, headers: { link: linkHeader(forge.origin, req.url, page, last) }, body: items.map((name) => ({ name, clone_url: cloneUrl(name), archived: false, fork: false })) };
  };
}

async function forge(handler: ForgeHandler): Promise<FakeForge> {
  const f = await startFakeForge(handler);
  forges.push(f);
  return f;
}

function run(f: FakeForge, env: NodeJS.ProcessEnv = { GITHUB_TOKEN: token }, owner = 'acme') {
  const waits: number[] = [];
  const warnings: string[] = [];
  const listed = enumerateRepos({
    provider: 'github',
    owner,
    apiUrl: `${f.origin}/api/v3/`,
    env,
    sleep: async (ms) => {
      waits.push(ms);
    },
    warn: (m) => warnings.push(m),
  });
  return { listed, waits, warnings };
}

const FIRST = '/api/v3/orgs/acme/repos?per_page=100&type=all';

describe('GitHub organisation repositories', () => {
  test('3 pages by Link header, one 403 primary rate limit with a reset 2–3 s ahead: waited, all 250 listed', async () => {
    let reset = 0;
    const f = await forge(
      orgRepos(repoNames(250), (req, n) => {
        if (pageOf(req.url) !== 2 || n > 0) return undefined;
        reset = Math.ceil(Date.now() / 1000) + 2;
        return { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: { message: 'API rate limit exceeded for user ID 1.' } };
      }),
    );
    const { listed, waits, warnings } = run(f);
    expect(await listed).toEqual(repoNames(250).map(cloneUrl));
    expect(f.requests.map((r) => r.url)).toEqual([FIRST, `${FIRST}&page=2`, `${FIRST}&page=2`, `${FIRST}&page=3`]);
    for (const r of f.requests) {
      expect(r.method).toBe('GET');
      expect(r.headers.authorization).toBe(`Bearer ${token}`);
      expect(r.headers.accept).toBe('application/vnd.github+json');
      expect(r.headers['x-github-api-version']).toBe('2022-11-28');
      expect(r.url).not.toContain(token);
    }
    // Until the reset (2–3 s after the 403: reset is in whole seconds) plus one second of clock
    // slack; the lower bound leaves room for a busy machine between the 403 and the client's clock.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(2500);
    expect(waits[0]).toBeLessThanOrEqual(4000);
    expect(warnings).toEqual([`rate limited by ${f.origin} (HTTP 403): waiting ${Math.ceil(waits[0] / 1000)} s`]);
  });

  test('retry-after on a 429 is waited for real when no sleep is injected', async () => {
    const f = await forge(orgRepos(repoNames(3), (_req, n) => (n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : (undefined))));
    const started = Date.now();
    const warnings: string[] = [];
    const listed = await enumerateRepos({ provider: 'github', owner: 'acme', apiUrl: `${f.origin}/api/v3`, env: { GITHUB_TOKEN: token }, warn: (m) => warnings.push(m) });
    expect(listed).toEqual(repoNames(3).map(cloneUrl));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(f.requests.map((r) => r.url)).toEqual([FIRST, FIRST]);
    expect(warnings).toEqual([`rate limited by ${f.origin} (HTTP 429): waiting 1 s`]);
  });

  test('a reset 3 hours away is waited for in steps of the 1 h cap, with the real wait in the warning', async () => {
    const f = await forge(
      orgRepos(repoNames(1), (_req, n) =>
        n === 0 ? { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3 * 3600) } } : (undefined),
      ),
    );
    const { listed, waits, warnings } = run(f);
    expect(await listed).toEqual([cloneUrl('repo-001')]);
    expect(waits).toEqual([3600_000]);
    expect(warnings[0]).toMatch(/^rate limited by http:\/\/127\.0\.0\.1:\d+ \(HTTP 403\): waiting 3600 s \(the limit resets in 1080\d s; retrying after the 3600 s cap\)$/);
  });

  test('a name that is not an organisation (404) is listed as a user, type=owner', async () => {
    const f = await forge((req) =>
      req.url.startsWith('/api/v3/users/bob/repos?')
        ? { status: 200, body: [{ clone_url: 'https://ghe.example/bob/dotfiles.git' }] }
        : { status: 404, body: { message: 'Not Found' } },
    );
    const { listed, warnings } = run(f, { GH_TOKEN: token }, 'bob');
    expect(await listed).toEqual(['https://ghe.example/bob/dotfiles.git']);
    expect(f.requests.map((r) => r.url)).toEqual(['/api/v3/orgs/bob/repos?per_page=100&type=all', '/api/v3/users/bob/repos?per_page=100&type=owner']);
    expect(f.requests.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
    expect(warnings).toEqual(["GitHub: bob is not an organisation the token can see: listing it as a user's repositories"]);
  });

  test('a 404 on a later page is an error, not a reason to list a user instead', async () => {
    const f = await forge(orgRepos(repoNames(150), (req) => (pageOf(req.url) === 2 ? { status: 404, body: { message: 'Not Found' } } : undefined)));
    await expect(run(f).listed).rejects.toThrow(`listing the repositories of GitHub organisation acme: ${f.origin}${FIRST}&page=2: HTTP 404 (Not Found)`);
    expect(f.requests.map((r) => r.url)).toEqual([FIRST, `${FIRST}&page=2`]);
  });

  test('401: a clear error naming the organisation and URL, never the token (even when the API echoes it)', async () => {
    const f = await forge(() => ({ status: 401, body: { message: `Bad credentials for ${token}` } }));
    const { listed, waits } = run(f);
    const err = (await listed.catch((e: Error) => e)) as Error;
    expect(err.message).toBe(
      `listing the repositories of GitHub organisation acme: ${f.origin}${FIRST}: HTTP 401 (Bad credentials for [token]): the token (GITHUB_TOKEN or GH_TOKEN) is invalid or expired`,
    );
    expect(err.message).not.toContain(token);
    expect(f.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  test('a 404 for both organisation and user: one error saying what to check', async () => {
    const f = await forge(() => ({ status: 404, body: { message: 'Not Found' } }));
    await expect(run(f, {}, 'nobody').listed).rejects.toThrow(
      `listing the repositories of GitHub organisation or user nobody: ${f.origin}/api/v3/users/nobody/repos?per_page=100&type=owner: HTTP 404 (Not Found): no such organisation or user at this API`,
    );
    expect(f.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
  });

  test('5xx is retried 1 s, 2 s, 4 s apart, then fails naming the URL', async () => {
    const flaky = await forge(orgRepos(repoNames(2), (_req, n) => (n < 2 ? { status: 502, body: 'bad gateway' } : (undefined))));
    const a = run(flaky);
    expect(await a.listed).toEqual(repoNames(2).map(cloneUrl));
    expect(a.waits).toEqual([1000, 2000]);
    const down = await forge(() => ({ status: 500, body: { message: 'Server Error' } }));
    const b = run(down);
    await expect(b.listed).rejects.toThrow(`listing the repositories of GitHub organisation acme: ${down.origin}${FIRST}: HTTP 500 (Server Error)`);
    expect(down.requests).toHaveLength(4);
    expect(b.waits).toEqual([1000, 2000, 4000]);
  });

  test('a Link to another host is not followed: the token never leaves the API named', async () => {
    const elsewhere = await forge(() => ({ status: 200, body: [] }));
    const f = await forge(() => ({ status: 200, headers: { link: `<${elsewhere.origin}/steal?page=2>; rel="next"` }, body: [{ clone_url: cloneUrl('a') }] }));
    await expect(run(f).listed).rejects.toThrow(`the API pointed to another host (${elsewhere.origin}): not followed`);
    expect(elsewhere.requests).toEqual([]);
  });

  test('a redirect on the same host is followed with the headers; to another host it is not', async () => {
    const elsewhere = await forge(() => ({ status: 200, body: [] }));
    const f = await forge((req) =>
      req.url.startsWith('/api/v3/orgs/old/')
        ? { status: 301, headers: { location: '/api/v3/organizations/7/repos?per_page=100&type=all' } }
        : req.url.startsWith('/api/v3/orgs/evil/')
          ? { status: 302, headers: { location: `${elsewhere.origin}/x` } }
          : { status: 200, body: [{ clone_url: cloneUrl('moved') }] },
    );
    expect(await run(f, { GITHUB_TOKEN: token }, 'old').listed).toEqual([cloneUrl('moved')]);
    expect(f.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/api/v3/orgs/old/repos?per_page=100&type=all', `Bearer ${token}`],
      ['/api/v3/organizations/7/repos?per_page=100&type=all', `Bearer ${token}`],
    ]);
    await expect(run(f, { GITHUB_TOKEN: token }, 'evil').listed).rejects.toThrow('the API pointed to another host');
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('githubRateLimit', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  test('reads retry-after, then remaining 0 + reset, then a secondary limit message; else not a rate limit', () => {
    expect(githubRateLimit(403, h({ 'retry-after': '30' }), '', 0)).toBe(30_000);
    expect(githubRateLimit(403, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '100' }), '', 90_000)).toBe(11_000);
    expect(githubRateLimit(403, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '100' }), '', 200_000)).toBe(1000);
    expect(githubRateLimit(403, h({}), '{"message":"You have exceeded a secondary rate limit."}', 0)).toBe(60_000);
    expect(githubRateLimit(403, h({ 'x-ratelimit-remaining': '12' }), '{"message":"Resource not accessible by integration"}', 0)).toBeUndefined();
    expect(githubRateLimit(404, h({ 'retry-after': '5' }), '', 0)).toBeUndefined();
  });
});
