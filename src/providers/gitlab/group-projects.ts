// Lists a group's projects through GitLab's REST API (gitlab.com or a self-managed instance at
// --api-url): the group's own projects and its subgroups' (not projects other groups share
// into it: those are audited with their own group), archived ones too, 100 a page, pages by
// the x-next-page header (the Link header when that is absent).
import { ApiError, collectPages, nextLink } from '../../audit/enumerate/http.js';
import type { ApiPage, ListReposContext, RateLimitWait, RepoLister } from '../types.js';

/**
 * GitLab's rate limits (docs "Rate limits"): 429 with retry-after (seconds), else
 * ratelimit-reset (epoch seconds); without either, a minute.
 */
export const gitlabRateLimit: RateLimitWait = (status, headers, _body, now) => {
  if (status !== 429) return undefined;
  const retryAfter = Number(headers.get('retry-after'));
  if (headers.get('retry-after') !== null && Number.isFinite(retryAfter)) return Math.max(0, retryAfter) * 1000;
  const reset = Number(headers.get('ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now) + 1000;
  return 60_000;
};

/** The group as the API names it: a numeric id as is, a path (`a/b`) URL-encoded. */
export function groupRef(owner: string): string {
  const path = owner.replace(/^\/+|\/+$/g, '');
  return /^\d+$/.test(path) ? path : encodeURIComponent(path);
}

/** The page after this one: x-next-page's number on this page's URL; the Link header if absent. */
function nextPage(page: ApiPage): string | undefined {
  const n = page.headers.get('x-next-page');
  if (n === null) return nextLink(page.headers.get('link'), page.url);
  if (!/^\d+$/.test(n.trim())) return undefined;
  const url = new URL(page.url);
  url.searchParams.set('page', n.trim());
  return url.href;
}

const cloneUrls = (page: ApiPage): string[] =>
  Array.isArray(page.body)
    ? page.body.map((p: { http_url_to_repo?: unknown }) => p?.http_url_to_repo).filter((u): u is string => typeof u === 'string')
    : [];

const HINT: Record<number, string> = {
  401: 'the token (GITLAB_TOKEN) is invalid, expired or revoked',
  403: 'the token lacks access (it needs the read_api scope and at least Reporter access to the group)',
  404: 'no such group at this API (check the path or id and --api-url; a private group needs a token that can see it)',
};

async function list(ctx: ListReposContext): Promise<string[]> {
  const client = ctx.client(ctx.token ? { 'private-token': ctx.token } : {}, gitlabRateLimit);
  const first = `${ctx.apiUrl}/groups/${groupRef(ctx.owner)}/projects?per_page=100&include_subgroups=true&with_shared=false&simple=true&order_by=id&sort=asc`;
  try {
    return await collectPages(client, first, nextPage, cloneUrls);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const hint = HINT[e.status];
    throw new Error(`listing the projects of GitLab group ${ctx.owner}: ${e.message}${hint ? `: ${hint}` : ''}`);
  }
}

export const gitlabProjects: RepoLister = {
  tokenEnv: ['GITLAB_TOKEN'],
  defaultApiUrl: 'https://gitlab.com/api/v4',
  list,
};
