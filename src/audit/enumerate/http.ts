// The HTTP client repository listers page through a hosting API with: the lister's headers on
// every request, rate limits waited out (bounded), 5xx and network errors retried, redirects
// and next-page links followed only on the API's own origin (a hostile Link header must not
// get the token sent elsewhere), bounded body size and time, and errors that name the URL and
// never the token.
import type { ApiClient, ApiPage, RateLimitWait } from '../../providers/types.js';

/** A refused request (after retries): the status (0: no HTTP answer) and URL, and why. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly status: number, readonly url: string, readonly detail: string) {
    super(status === 0 ? `${url}: ${detail}` : `${url}: HTTP ${status}${detail ? ` (${detail})` : ''}`);
  }
}

export interface ClientOptions {
  apiUrl: string;
  headers: Record<string, string>;
  rateLimit: RateLimitWait;
  /** Never appears in an error or warning: replaced if an API echoes it. */
  token?: string;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  warn: (message: string) => void;
}

export const LIMITS = {
  requestTimeoutMs: 30_000,
  maxBodyBytes: 32 * 1024 * 1024,
  /** Retries of a 5xx answer or a network error, 1 s, 2 s, 4 s apart. */
  retries: 3,
  /** A reset further away than this is waited for in steps of this (with a warning each). */
  maxWaitMs: 60 * 60 * 1000,
  /** Rate-limit answers in a row for one request before giving up (about a day at the cap). */
  maxRateLimited: 24,
  redirects: 5,
};

/** The `rel="next"` target of an RFC 8288 Link header, resolved against `base`. */
export function nextLink(link: string | null, base: string): string | undefined {
  for (const part of (link ?? '').split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?\s*(?:;|$)/i.test(m[2])) return new URL(m[1], base).href;
  }
  return undefined;
}

/** Control characters escaped, the token hidden, at most 200 characters. */
function clean(text: string, token: string | undefined): string {
  const hidden = token ? text.split(token).join('[token]') : text;
  // eslint-disable-next-line no-control-regex
  const flat = hidden.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** What an API error body says: its `message` (or `error`) field, else the text itself. */
function detailOf(body: string, token: string | undefined): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const m = j.message ?? j.error_description ?? j.error;
    if (typeof m === 'string') return clean(m, token);
  } catch {
    // not JSON: the text itself
  }
  return clean(body, token);
}

async function readCapped(res: Response, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > LIMITS.maxBodyBytes) throw new ApiError(res.status, url, `answer of ${declared} bytes is over the ${LIMITS.maxBodyBytes}-byte limit`);
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > LIMITS.maxBodyBytes) throw new ApiError(res.status, url, `answer over the ${LIMITS.maxBodyBytes}-byte limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;
const backoff = (n: number) => 1000 * 2 ** (n - 1);

/** One request, following redirects on the API's origin only; network errors are thrown as they are. */
async function send(o: ClientOptions, origin: string, url: string): Promise<{ res: Response; url: string }> {
  for (let hop = 0; ; hop++) {
    const to = new URL(url);
    if (to.origin !== origin) throw new ApiError(0, o.apiUrl, `the API pointed to another host (${clean(to.origin, o.token)}): not followed, the token is only sent to ${origin}`);
    const res = await o.fetch(url, { headers: o.headers, redirect: 'manual', signal: AbortSignal.timeout(LIMITS.requestTimeoutMs) });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || !location) return { res, url };
    await res.body?.cancel();
    if (hop >= LIMITS.redirects) throw new ApiError(res.status, url, `more than ${LIMITS.redirects} redirects`);
    url = new URL(location, url).href;
  }
}

/** GET `first` until it answers 2xx JSON: rate limits waited out, 5xx and network errors retried. */
async function getPage(o: ClientOptions, origin: string, first: string): Promise<ApiPage> {
  let failures = 0;
  let limited = 0;
  for (;;) {
    let sent: { res: Response; url: string };
    try {
      sent = await send(o, origin, first);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      const why = clean(String((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message), o.token);
      if (failures++ >= LIMITS.retries) throw new ApiError(0, first, `network error: ${why}`);
      o.warn(`${first}: network error (${why}): retrying in ${seconds(backoff(failures))}`);
      await o.sleep(backoff(failures));
      continue;
    }
    const { res, url } = sent;
    const text = await readCapped(res, url);
    if (res.ok) {
      try {
        return { url, headers: res.headers, body: JSON.parse(text) };
      } catch {
        throw new ApiError(res.status, url, 'the answer is not JSON');
      }
    }
    const wait = o.rateLimit(res.status, res.headers, text, Date.now());
    if (wait !== undefined) {
      if (++limited > LIMITS.maxRateLimited) throw new ApiError(res.status, url, `still rate limited after ${LIMITS.maxRateLimited} waits`);
      // A reset in the past (clock skew) still waits a growing minimum, so retries never spin.
      const ms = Math.min(Math.max(wait, backoff(Math.min(limited, 7))), LIMITS.maxWaitMs);
      const capped = wait > LIMITS.maxWaitMs ? ` (the limit resets in ${seconds(wait)}; retrying after the ${seconds(LIMITS.maxWaitMs)} cap)` : '';
      o.warn(`rate limited by ${origin} (HTTP ${res.status}): waiting ${seconds(ms)}${capped}`);
      await o.sleep(ms);
      continue;
    }
    if (res.status >= 500 && failures++ < LIMITS.retries) {
      o.warn(`${url}: HTTP ${res.status}: retrying in ${seconds(backoff(failures))}`);
      await o.sleep(backoff(failures));
      continue;
    }
    throw new ApiError(res.status, url, detailOf(text, o.token));
  }
}

export function createClient(o: ClientOptions): ApiClient {
  const origin = new URL(o.apiUrl).origin;
  return { get: (url) => getPage(o, origin, url) };
}

/**
 * The items `pick` takes from every page, from `first` on; `next` names the page after each
 * (undefined: the last). Only the picked items are kept, not the pages. A page seen twice or
 * more than `maxPages` pages end the listing with an error, not a loop.
 */
export async function collectPages<T>(
  client: ApiClient,
  first: string,
  next: (page: ApiPage) => string | undefined,
  pick: (page: ApiPage) => T[],
  maxPages = 10_000,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  for (let url: string | undefined = first; url !== undefined; ) {
    if (seen.has(url)) throw new ApiError(0, url, 'the API sent this page twice (pagination loop)');
    if (seen.size >= maxPages) throw new ApiError(0, url, `more than ${maxPages} pages`);
    seen.add(url);
    const page = await client.get(url);
    items.push(...pick(page));
    url = next(page);
  }
  return items;
}
