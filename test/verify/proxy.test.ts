// --verify honours the standard proxy variables. The tunnel test sends a real STS call through
// a CONNECT proxy on 127.0.0.1 that maps the (unresolvable) AWS host name to a local server,
// so nothing leaves the machine.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { proxyFor } from '../../src/verify/proxy.js';
import { getCallerIdentity } from '../../src/providers/aws/verify/sts.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

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
  let proxy: Server;
  const connects: string[] = [];
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
    const stsPort = (sts.address() as AddressInfo).port;
    proxy = createServer();
    proxy.on('connect', (req, socket) => {
      connects.push(req.url ?? '');
      // Map the test host to the local stand-in; refuse anything else.
      if (!req.url?.startsWith(`${stsHost}:`)) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const upstream = connect(stsPort, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => proxy.close(r));
    await new Promise((r) => sts.close(r));
  });

  test('HTTP_PROXY carries the request, and the answer is classified', async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    delete process.env.NO_PROXY;
    try {
      const out = await getCallerIdentity(
        { accessKeyId: fakeKeyId().keyId, secretAccessKey: fakeSecret() },
        { endpoint: `http://${stsHost}:80`, region: 'us-east-1', timeoutMs: 5000, userAgent: 'keyhound/test' },
      );
      expect(connects).toEqual([`${stsHost}:80`]);
      expect(out).toMatchObject({ status: 'invalid', reason: 'key-unknown' });
    } finally {
      if (saved.HTTP_PROXY === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved.HTTP_PROXY;
      if (saved.NO_PROXY !== undefined) process.env.NO_PROXY = saved.NO_PROXY;
    }
  });
});
