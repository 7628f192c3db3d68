// Lists an organisation's repositories through GitHub's REST API (github.com or GitHub
// Enterprise Server at --api-url): every type (public, private, internal, forks, archived —
// an audit wants them all), 100 a page, pages by the Link header. A name that is not an
// organisation (404) is tried as a user account (their own public repositories).
import { ApiError, collectPages, nextLink } from '../../audit/enumerate/http.js';
import type { ApiClient, ApiPage, ListReposContext, RateLimitWait, RepoLister } from '../types.js';

/** The REST API version the requests ask for (GitHub keeps old versions for 24 months or more). */
export const API_VERSION = '2022-11-28';

/**
 * GitHub's rate limits (docs "Rate limits for the REST API"): 403 or 429 with
 * x-ratelimit-remaining 0 → wait until x-ratelimit-reset (epoch seconds); retry-after
 * (seconds) → wait that long; a secondary limit without either → wait a minute.
 */
export const githubRateLimit: RateLimitWait = (status, headers, body, now) => {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = Number(headers.get('retry-after'));
  if (headers.get('retry-after') !== null && Number.isFinite(retryAfter)) return Math.max(0, retryAfter) * 1000;
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now) + 1000;
  if (status === 429 || /rate limit/i.test(body)) return 60_000;
  return undefined;
};

function headersFor(token: string | undefined): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': API_VERSION };
  if (token) h.authorization = `Bearer ${token}`;
  return h;
}

const cloneUrls = (page: ApiPage): string[] =>
  Array.isArray(page.body) ? page.body.map((r: { clone_url?: unknown }) => r?.clone_url).filter((u): u is string => typeof u === 'string') : [];

const nextPage = (page: ApiPage) => nextLink(page.headers.get('link'), page.url);

async function listFrom(client: ApiClient, url: string): Promise<string[]> {
  return collectPages(client, url, nextPage, cloneUrls);
}

async function list(ctx: ListReposContext): Promise<string[]> {
  const client = ctx.client(headersFor(ctx.token), githubRateLimit);
  const name = encodeURIComponent(ctx.owner);
  const what = `listing the repositories of GitHub organisation ${ctx.owner}`;
  const first = `${ctx.apiUrl}/orgs/${name}/repos?per_page=100&type=all`;
  try {
    return await listFrom(client, first);
  } catch (e) {
    // Only a 404 of the first page means "no such organisation"; a later page's is an error.
    if (!(e instanceof ApiError) || e.status !== 404 || e.url !== first) throw explain(e, what);
  }
  ctx.warn(`GitHub: ${ctx.owner} is not an organisation the token can see: listing it as a user's repositories`);
  try {
    return await listFrom(client, `${ctx.apiUrl}/users/${name}/repos?per_page=100&type=owner`);
  } catch (e) {
    throw explain(e, `listing the repositories of GitHub organisation or user ${ctx.owner}`);
  }
}

/** The error said for people: what was being listed, and what to check for a 401/403/404. */
function explain(e: unknown, what: string): Error {
  if (!(e instanceof ApiError)) return e instanceof Error ? e : new Error(String(e));
  const hint: Record<number, string> = {
    401: 'the token (GITHUB_TOKEN or GH_TOKEN) is invalid or expired',
    403: 'the token lacks access (it needs read access to the repositories; for an organisation with SSO, authorise the token for it)',
    404: 'no such organisation or user at this API (check the name and --api-url; a private organisation needs a token that can see it)',
  };
  return new Error(`${what}: ${e.message}${hint[e.status] ? `: ${hint[e.status]}` : ''}`);
}

export const githubRepos: RepoLister = {
  tokenEnv: ['GITHUB_TOKEN', 'GH_TOKEN'],
  defaultApiUrl: 'https://api.github.com',
  list,
};
