// Proxies for --verify, from the standard environment variables: HTTPS_PROXY / HTTP_PROXY
// (and lower-case forms) by the endpoint's scheme, NO_PROXY to bypass. The SDK does not read
// these on Node 20, and corporate networks often allow cloud APIs only through a proxy. Loopback
// endpoints never go through a proxy.
import type { Agent } from 'node:http';

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
