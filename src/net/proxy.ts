// Proxies for what keyhound sends (--verify, the repository listing of `repos`), from the
// standard environment variables: HTTPS_PROXY / HTTP_PROXY (and lower-case forms) by the
// endpoint's scheme, NO_PROXY to bypass. Neither the SDK nor fetch reads these on Node 20,
// and corporate networks often allow cloud and hosting APIs only through a proxy. Loopback
// endpoints never go through a proxy. (git reads the same variables itself for clones.)
import http, { type Agent, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

export function proxyFor(endpoint: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return undefined;
  const proxy = url.protocol === 'https:' ? env.HTTPS_PROXY ?? env.https_proxy ?? env.ALL_PROXY ?? env.all_proxy : env.HTTP_PROXY ?? env.http_proxy ?? env.ALL_PROXY ?? env.all_proxy;
  if (!proxy) return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of (env.NO_PROXY ?? env.no_proxy ?? '').split(',')) {
    const rule = raw.trim().toLowerCase();
    if (!rule) continue;
    if (rule === '*') return undefined;
    const [ruleHost, rulePort] = rule.split(':');
    if (rulePort && rulePort !== port) continue;
    const bare = ruleHost.replace(/^\*?\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return undefined;
  }
  return proxy;
}

/** An agent that tunnels through `proxy` (CONNECT), for http and https endpoints alike. */
export async function proxyAgent(proxy: string): Promise<Agent> {
  const { HttpsProxyAgent } = await import('https-proxy-agent');
  return new HttpsProxyAgent(proxy) as unknown as Agent;
}

/** fetch for `url`: through the proxy the environment names for it, else Node's own. */
export async function fetchFor(url: string, env: NodeJS.ProcessEnv = process.env): Promise<typeof fetch> {
  const proxy = proxyFor(url, env);
  return proxy ? fetchThrough(await proxyAgent(proxy), proxy) : fetch;
}

/** The proxy as a message may show it: scheme, host and port, never its credentials. */
const shown = (proxy: string) => (URL.canParse(proxy) ? new URL(proxy).origin : 'the proxy');

/**
 * The part of fetch the API client uses (a method, headers, manual redirects, an abort signal),
 * over node:http(s) with `agent`. Failures reject as fetch's do (a TypeError whose cause has a
 * code), naming the proxy; a proxy refusing the tunnel is such a failure, not the API's answer.
 */
export function fetchThrough(agent: Agent, proxy: string): typeof fetch {
  const failed = (code: string) => new TypeError('fetch failed', { cause: { code: `${code} (through the proxy ${shown(proxy)})` } });
  return ((input: string | URL, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const options = { method: init.method ?? 'GET', headers: init.headers as Record<string, string>, agent, signal: init.signal ?? undefined };
      const req = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
        // Response refuses a status outside 200-599, which a hostile server may send
        if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) <= 599) return resolve(toResponse(res));
        res.resume();
        reject(failed(`HTTP status ${res.statusCode} is not one an API answers`));
      });
      req.on('proxyConnect', (connect: IncomingMessage) => {
        if (connect.statusCode === 200) return;
        reject(failed(`the proxy refused the tunnel to ${url.host}: HTTP ${connect.statusCode}`));
        req.destroy();
      });
      req.on('error', (e: NodeJS.ErrnoException) => reject(failed(e.code ?? e.message)));
      req.end();
    })) as typeof fetch;
}

function toResponse(res: IncomingMessage): Response {
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) headers.append(k, one);
  const status = res.statusCode ?? 0;
  // Response allows no body on these
  const empty = status === 204 || status === 205 || status === 304;
  if (empty) res.resume();
  return new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, statusText: res.statusMessage, headers });
}
