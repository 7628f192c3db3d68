// --verify and the repository listing of `repos` honour the standard proxy variables. The
// tunnel tests send a real STS call and a real listing through a CONNECT proxy on 127.0.0.1
// that maps (unresolvable) host names to local servers, so nothing leaves the machine.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { fetchFor, proxyFor } from '../../src/net/proxy.js';
import { enumerateRepos } from '../../src/audit/enumerate/index.js';
import { startFakeForge, type FakeForge, type ForgeHandler } from '../helpers/fake-forge.js';
import { getCallerIdentity } from '../../src/providers/aws/verify/sts.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { startTunnelProxy, type TunnelProxy } from '../helpers/tunnel-proxy.js';

describe('proxyFor', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080' };
  test('picks the variable by scheme', () => {
    expect(proxyFor('https://sts.us-east-1.amazonaws.com', env)).toBe('http://proxy.corp:3128');
    expect(proxyFor('http://sts.internal:8080', env)).toBe('http://plain.corp:8080');
    expect(proxyFor('https://sts.us-east-1.amazonaws.com', { https_proxy: 'http://lower:1' })).toBe('http://lower:1');
    expect(proxyFor('https://sts.us-east-1.amazonaws.com', {})).toBeUndefined();
  });
  test('NO_PROXY bypasses by host suffix, exact host, port and *', () => {
    expect(proxyFor('https://sts.us-east-1.amazonaws.com', { ...env, NO_PROXY: '.amazonaws.com' })).toBeUndefined();
    expect(proxyFor('https://sts.us-east-1.amazonaws.com', { ...env, NO_PROXY: 'amazonaws.com' })).toBeUndefined();
    expect(proxyFor('https://sts.us-east-1.amazonaws.com', { ...env, NO_PROXY: 'example.com,*' })).toBeUndefined();
    expect(proxyFor('https://sts.us-east-1.amazonaws.com', { ...env, NO_PROXY: 'amazonaws.com:8443' })).toBe('http://proxy.corp:3128');
    expect(proxyFor('https://notamazonaws.com', { ...env, NO_PROXY: 'amazonaws.com' })).toBe('http://proxy.corp:3128');
  });
  test('loopback endpoints never use a proxy', () => {
    for (const u of ['http://127.0.0.1:5000', 'http://localhost:5000', 'http://[::1]:5000']) expect(proxyFor(u, env)).toBeUndefined();
  });
});

describe('an STS call through a CONNECT proxy', () => {
  let sts: Server;
  let proxy: TunnelProxy;
  const stsHost = 'sts.proxy-test.invalid';

  beforeAll(async () => {
    // A stand-in STS that answers InvalidClientTokenId, as AWS does for an unknown key.
    sts = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(403, { 'content-type': 'text/xml' });
        res.end('<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>1</RequestId></ErrorResponse>');
      });
    });
    await new Promise<void>((r) => sts.listen(0, '127.0.0.1', r));
    proxy = await startTunnelProxy({ [`${stsHost}:80`]: (sts.address() as AddressInfo).port });
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((r) => sts.close(r));
  });

  test('HTTP_PROXY carries the request, and the answer is classified', async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    try {
      const out = await getCallerIdentity(
        { accessKeyId: fakeKeyId().keyId, secretAccessKey: fakeSecret() },
        { endpoint: `http://${stsHost}:80`, region: 'us-east-1', timeoutMs: 5000, userAgent: 'keyhound/test' },
      );
      expect(proxy.connects.map((c) => c.target)).toEqual([`${stsHost}:80`]);
      expect(out).toMatchObject({ status: 'invalid', reason: 'key-unknown' });
    } finally {
      if (saved.HTTP_PROXY === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved.HTTP_PROXY;
      if (saved.NO_PROXY !== undefined) process.env.NO_PROXY = saved.NO_PROXY;
    }
  });
});

describe('the repository listing through a CONNECT proxy', () => {
  const token = `test-token-${randomBytes(12).toString('hex')}`;
  const apiHost = 'api.proxy-test.invalid';
  const repos: ForgeHandler = (req) =>
    req.url === '/api/v3/orgs/acme/repos?per_page=100&type=all' ? { status: 200, body: [{ clone_url: 'https://ghe.example/acme/one.git' }] } : { status: 404, body: { message: 'Not Found' } };
  let forge: FakeForge;
  let proxy: TunnelProxy;
  let handler: ForgeHandler = repos;

  beforeAll(async () => {
    forge = await startFakeForge((req, n, f) => handler(req, n, f));
    proxy = await startTunnelProxy({ [`${apiHost}:80`]: Number(new URL(forge.origin).port) });
  });
  afterAll(async () => {
    await proxy.close();
    await forge.close();
  });

  function list(apiUrl: string, env: NodeJS.ProcessEnv) {
    const warnings: string[] = [];
    const waits: number[] = [];
    const listed = enumerateRepos({ provider: 'github', owner: 'acme', apiUrl, env: { GITHUB_TOKEN: token, ...env }, warn: (m) => warnings.push(m), sleep: async (ms) => void waits.push(ms) });
    return { listed, warnings, waits };
  }

  test('HTTP_PROXY carries the listing; the token reaches the API and never the proxy', async () => {
    proxy.connects.length = 0;
    forge.requests.length = 0;
    const { listed, warnings } = list(`http://${apiHost}/api/v3`, { HTTP_PROXY: proxy.url });
    expect(await listed).toEqual(['https://ghe.example/acme/one.git']);
    expect(proxy.connects.map((c) => c.target)).toEqual([`${apiHost}:80`]);
    expect(JSON.stringify(proxy.connects)).not.toContain(token);
    expect(forge.requests.map((r) => [r.url, r.headers.authorization])).toEqual([['/api/v3/orgs/acme/repos?per_page=100&type=all', `Bearer ${token}`]]);
    expect(warnings).toEqual([`http://${apiHost}/api/v3 is plain http: the token (GITHUB_TOKEN) travels unencrypted`]);
  });

  test('a redirect through the proxy is not followed off the API origin', async () => {
    handler = () => ({ status: 302, headers: { location: 'http://elsewhere.proxy-test.invalid/steal' } });
    try {
      const { listed } = list(`http://${apiHost}/api/v3`, { HTTP_PROXY: proxy.url });
      await expect(listed).rejects.toThrow(`the API pointed to another host (http://elsewhere.proxy-test.invalid): not followed, the token is only sent to http://${apiHost}`);
      expect(proxy.connects.map((c) => c.target)).not.toContain('elsewhere.proxy-test.invalid:80');
    } finally {
      handler = repos;
    }
  });

  test('a proxy that refuses the tunnel: a network error naming the proxy, not an answer of the API', async () => {
    forge.requests.length = 0;
    const { listed, waits } = list('http://other.proxy-test.invalid/api/v3', { HTTP_PROXY: proxy.url });
    await expect(listed).rejects.toThrow(
      `network error: the proxy refused the tunnel to other.proxy-test.invalid: HTTP 403 (through the proxy ${proxy.url})`,
    );
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(forge.requests).toEqual([]);
  });

  test("an unreachable proxy: its credentials are not in the error", async () => {
    const { listed } = list(`http://${apiHost}/api/v3`, { HTTP_PROXY: 'http://user:proxy-pass-123@127.0.0.1:9' });
    const err = await listed.then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain('network error: ECONNREFUSED (through the proxy http://127.0.0.1:9)');
    expect(err?.message).not.toContain('proxy-pass-123');
  });

  test('a status Response cannot hold (999) is a network error, not a crash', async () => {
    handler = () => ({ status: 999 });
    try {
      const { listed, waits } = list(`http://${apiHost}/api/v3`, { HTTP_PROXY: proxy.url });
      await expect(listed).rejects.toThrow(`network error: HTTP status 999 is not one an API answers (through the proxy ${proxy.url})`);
      expect(waits).toEqual([1000, 2000, 4000]);
    } finally {
      handler = repos;
    }
  });

  test('NO_PROXY and loopback API URLs use fetch itself', async () => {
    expect(await fetchFor(`http://${apiHost}/api/v3`, { HTTP_PROXY: proxy.url, NO_PROXY: '.proxy-test.invalid' })).toBe(fetch);
    expect(await fetchFor(`${forge.origin}/api/v3`, { HTTP_PROXY: proxy.url })).toBe(fetch);
    expect(await fetchFor('https://api.github.com', { HTTP_PROXY: proxy.url })).toBe(fetch);
    expect(await fetchFor('https://api.github.com', { HTTPS_PROXY: proxy.url })).not.toBe(fetch);
  });
});
