// The generic half of org enumeration (src/audit/enumerate/): finding the lister by provider
// id, the API base and token, what is done to the URLs a lister returns, and the HTTP client's
// limits (pagination loops, non-JSON, size cap, network errors). Real listers are tested in
// test/providers/<id>/; here they are only the way in.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cleanCloneUrl, enumerableProviders, enumerateRepos } from '../../src/audit/enumerate/index.js';
import { LIMITS, nextLink } from '../../src/audit/enumerate/http.js';
import { type FakeForge, type ForgeHandler, startFakeForge } from '../helpers/fake-forge.js';

const token = `test-token-${randomBytes(12).toString('hex')}`;
let forges: FakeForge[] = [];
afterEach(async () => {
  await Promise.all(forges.map((f) => f.close()));
  forges = [];
});

async function forge(handler: ForgeHandler): Promise<FakeForge> {
  const f = await startFakeForge(handler);
  forges.push(f);
  return f;
}

function run(apiUrl: string, extra: { fetch?: typeof fetch; env?: NodeJS.ProcessEnv; provider?: string; owner?: string } = {}) {
  const waits: number[] = [];
  const warnings: string[] = [];
  const listed = enumerateRepos({
    provider: extra.provider ?? 'github',
    owner: extra.owner ?? 'acme',
    apiUrl,
    env: extra.env ?? { GITHUB_TOKEN: token },
    fetch: extra.fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    warn: (m) => warnings.push(m),
  });
  return { listed, waits, warnings };
}

describe('enumerateRepos: which lister, which API', () => {
  test('the providers that can list are the registered ones with an enumerate hook', () => {
    expect(enumerableProviders()).toEqual(['github', 'gitlab']);
  });

  test('an unknown provider or one without a lister: a clear error naming those that can', async () => {
    await expect(run('http://127.0.0.1:1', { provider: 'aws' }).listed).rejects.toThrow('listing repositories: aws has no repository listing (these do: github, gitlab)');
    await expect(run('http://127.0.0.1:1', { provider: 'nope' }).listed).rejects.toThrow('listing repositories: nope has no repository listing');
    await expect(run('http://127.0.0.1:1', { owner: '  ' }).listed).rejects.toThrow('listing github repositories: no organisation or group name given');
  });

  test('--api-url: credentials, queries and non-http schemes are refused before any request', async () => {
    const f = await forge(() => ({ status: 200, body: [] }));
    const host = f.origin.slice('http://'.length);
    await expect(run(`http://user:pw@${host}/api`).listed).rejects.toThrow('--api-url must not hold credentials: the token is read from the environment');
    await expect(run(`${f.origin}/api?x=1`).listed).rejects.toThrow('--api-url: no query or fragment');
    await expect(run('ftp://example/api').listed).rejects.toThrow('--api-url: ftp: is not http or https');
    await expect(run('not a url').listed).rejects.toThrow('--api-url: not a URL: not a url');
    expect(f.requests).toEqual([]);
  });

  test("without --api-url the provider's public API is used (fetch injected: no network)", async () => {
    const seen: Array<[string, Record<string, string>]> = [];
    const fake = (async (url: string, init: RequestInit) => {
      seen.push([url, init.headers as Record<string, string>]);
      return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const gh = enumerateRepos({ provider: 'github', owner: 'acme', env: { GH_TOKEN: token }, fetch: fake, warn: () => {} });
    const gl = enumerateRepos({ provider: 'gitlab', owner: 'a/b', env: { GITLAB_TOKEN: token }, fetch: fake, warn: () => {} });
    expect(await gh).toEqual([]);
    expect(await gl).toEqual([]);
    expect(seen.map(([u]) => u)).toEqual([
      'https://api.github.com/orgs/acme/repos?per_page=100&type=all',
      'https://gitlab.com/api/v4/groups/a%2Fb/projects?per_page=100&include_subgroups=true&with_shared=false&simple=true&order_by=id&sort=asc',
    ]);
    expect(seen[0][1].authorization).toBe(`Bearer ${token}`);
    expect(seen[1][1]['private-token']).toBe(token);
  });

  test('a token sent to a plain-http API that is not loopback is warned about', async () => {
    const fake = (async () => new Response('[]', { status: 200 })) as unknown as typeof fetch;
    const { listed, warnings } = run('http://ghe.internal/api/v3', { fetch: fake });
    await listed;
    expect(warnings).toEqual(['http://ghe.internal/api/v3 is plain http: the token (GITHUB_TOKEN) travels unencrypted']);
  });
});

describe('enumerateRepos: the URLs returned', () => {
  test('credentials dropped, non-http(s) skipped with a warning, each URL once, API order kept', async () => {
    const f = await forge(() => ({
      status: 200,
      body: [
        { clone_url: 'https://someone:pw@git.example/acme/a.git' },
        { clone_url: 'https://git.example/acme/b.git' },
        { clone_url: 'ext::sh -c touch% /tmp/pwned' },
        { clone_url: 'file:///etc' },
        { clone_url: 'https://git.example/acme/a.git' },
        { clone_url: 42 },
      ],
    }));
    const { listed, warnings } = run(`${f.origin}/api/v3`);
    expect(await listed).toEqual(['https://git.example/acme/a.git', 'https://git.example/acme/b.git']);
    expect(warnings).toEqual([
      'acme: skipped a repository whose clone URL is not http(s): ext::sh -c touch% /tmp/pwned',
      'acme: skipped a repository whose clone URL is not http(s): file:///etc',
    ]);
  });

  test('cleanCloneUrl', () => {
    expect(cleanCloneUrl('http://u@h/x.git')).toBe('http://h/x.git');
    expect(cleanCloneUrl('ssh://git@h/x.git')).toBeUndefined();
    expect(cleanCloneUrl(undefined)).toBeUndefined();
  });
});

describe('the API client', () => {
  test('a page that links to itself ends in an error, not a loop', async () => {
    const f = await forge((req, _n, fg) => ({ status: 200, headers: { link: `<${fg.origin}${req.url}>; rel="next"` }, body: [] }));
    await expect(run(`${f.origin}/api/v3`).listed).rejects.toThrow('the API sent this page twice (pagination loop)');
    expect(f.requests).toHaveLength(1);
  });

  test('an answer that is not JSON, or declares more than the size cap, is an error naming the URL', async () => {
    const html = await forge(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' }));
    await expect(run(`${html.origin}/api/v3`).listed).rejects.toThrow(`${html.origin}/api/v3/orgs/acme/repos?per_page=100&type=all: HTTP 200 (the answer is not JSON)`);
    const big = (async () => new Response('[]', { status: 200, headers: { 'content-length': String(LIMITS.maxBodyBytes + 1) } })) as unknown as typeof fetch;
    await expect(run('https://ghe.example/api/v3', { fetch: big }).listed).rejects.toThrow(`over the ${LIMITS.maxBodyBytes}-byte limit`);
  });

  test('a network error is retried 3 times, then an error naming the URL', async () => {
    const f = await forge(() => ({ status: 200, body: [] }));
    const origin = f.origin;
    await f.close();
    forges = [];
    const { listed, waits, warnings } = run(`${origin}/api/v3`);
    await expect(listed).rejects.toThrow(`${origin}/api/v3/orgs/acme/repos?per_page=100&type=all: network error: ECONNREFUSED`);
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(warnings.filter((w) => w.includes('network error (ECONNREFUSED): retrying'))).toHaveLength(3);
  });

  test('a rate limit that never lifts gives up after the bounded number of waits', async () => {
    const f = await forge(() => ({ status: 429, headers: { 'retry-after': '1' } }));
    const { listed, waits } = run(`${f.origin}/api/v3`);
    await expect(listed).rejects.toThrow(`still rate limited after ${LIMITS.maxRateLimited} waits`);
    expect(waits).toHaveLength(LIMITS.maxRateLimited);
    // A retry-after of 1 s still backs off, so a stuck limit is not hammered: 1, 2, 4 … 64 s.
    expect(waits.slice(0, 8)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000, 64000]);
  });
});

describe('nextLink', () => {
  test('picks rel="next" among others, resolves it against the page, ignores the rest', () => {
    const base = 'https://h/api/x?page=1';
    expect(nextLink('<https://h/api/x?page=3>; rel="last", <https://h/api/x?page=2>; rel="next"', base)).toBe('https://h/api/x?page=2');
    expect(nextLink('</api/x?page=2>; rel=next', base)).toBe('https://h/api/x?page=2');
    expect(nextLink('<https://h/api/x?a=1,2>; rel="prev next"', base)).toBe('https://h/api/x?a=1,2');
    expect(nextLink('<https://h/api/x?page=1>; rel="prev"', base)).toBeUndefined();
    expect(nextLink('<https://h/api/x?page=9>; rel="nextish"', base)).toBeUndefined();
    expect(nextLink(null, base)).toBeUndefined();
  });
});
