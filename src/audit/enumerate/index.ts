// Lists the clone URLs of an organisation's repositories through the provider that knows the
// host's API (src/providers/<id>/: `enumerate`). Here: finding that provider, the token from
// the environment, the API base, and checking what comes back (http(s) only, no credentials,
// each once) — the same for every host.
import { PROVIDERS, providerById } from '../../providers/index.js';
import { normaliseUrl } from '../repo-list.js';
import type { EnumerateOptions } from '../types.js';
import { createClient } from './http.js';
import { fetchFor } from '../../net/proxy.js';

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The ids of the providers that can list repositories, for error messages and help. */
export function enumerableProviders(): string[] {
  return PROVIDERS.filter((p) => p.enumerate).map((p) => p.id);
}

/** The API base: an http(s) URL without credentials, query or trailing slash. */
function apiBase(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--api-url: not a URL: ${raw.replace(/\/\/[^/@]*@/, '//…@')}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`--api-url: ${url.protocol} is not http or https`);
  if (url.username || url.password) throw new Error('--api-url must not hold credentials: the token is read from the environment');
  if (url.search || url.hash) throw new Error('--api-url: no query or fragment, just the API base (e.g. https://host/api/v3)');
  return url.href.replace(/\/+$/, '');
}

/** A clone URL as an audit may use it: http(s), normalised as a LIST entry is (no credentials); undefined otherwise. */
export function cleanCloneUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !URL.canParse(raw)) return undefined;
  const { protocol } = new URL(raw);
  return protocol === 'https:' || protocol === 'http:' ? normaliseUrl(raw) : undefined;
}

export async function enumerateRepos(o: EnumerateOptions): Promise<string[]> {
  const lister = providerById(o.provider)?.enumerate;
  if (!lister) throw new Error(`listing repositories: ${o.provider} has no repository listing (these do: ${enumerableProviders().join(', ')})`);
  if (!o.owner.trim()) throw new Error(`listing ${o.provider} repositories: no organisation or group name given`);
  const warn = o.warn ?? ((m: string) => process.stderr.write(`keyhound: warning: ${m}\n`));
  const apiUrl = apiBase(o.apiUrl ?? lister.defaultApiUrl);
  const tokenVar = lister.tokenEnv.find((name) => o.env[name]);
  const token = tokenVar ? o.env[tokenVar] : undefined;
  if (!token) warn(`no ${lister.tokenEnv.join(' or ')} in the environment: listing without a token (public repositories only, a low rate limit)`);
  else if (new URL(apiUrl).protocol === 'http:' && !/^(localhost|127\.|\[::1\])/.test(new URL(apiUrl).host)) warn(`${apiUrl} is plain http: the token (${tokenVar}) travels unencrypted`);
  const sleep = o.sleep ?? realSleep;
  const fetcher = o.fetch ?? (await fetchFor(apiUrl, o.env));
  const listed = await lister.list({
    owner: o.owner.trim(),
    apiUrl,
    token,
    client: (headers, rateLimit) => createClient({ apiUrl, headers, rateLimit, token, fetch: fetcher, sleep, warn }),
    warn,
  });
  const out = new Set<string>();
  for (const raw of listed) {
    const url = cleanCloneUrl(raw);
    if (url) out.add(url);
    else warn(`${o.owner}: skipped a repository whose clone URL is not http(s): ${String(raw).replace(/\/\/[^/@]*@/, '//…@').slice(0, 200)}`);
  }
  return [...out];
}
