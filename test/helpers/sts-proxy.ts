// Test-only HTTP servers on 127.0.0.1 that sit where STS would be:
// - a counting reverse proxy in front of moto (requests per key id, in-flight high-water marks,
//   optional delay and scripted answers for error cases moto cannot produce);
// - a silent server that accepts connections and never answers (timeouts).
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  keyId: string;
  region: string;
  service: string;
  userAgent: string;
  sessionToken?: string;
  body: string;
}

/** What a script returns to answer a request itself instead of forwarding it. */
export interface ScriptedAnswer {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface CountingProxy {
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Requests per key id (from the Authorization header's Credential=). */
  count(keyId: string): number;
  maxInFlight: number;
  /** Highest number of concurrent requests seen for any single key id. */
  maxInFlightPerKey: number;
  reset(): void;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Hold each request this long before forwarding (lets concurrency build up). */
  delayMs?: number;
  /** Answer a request directly; `nth` is 1-based per key id. Return undefined to forward. */
  script?: (req: SeenRequest, nth: number) => ScriptedAnswer | undefined;
}

export function keyIdOf(authorization: string | undefined): string {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1] ?? '';
}

export async function startCountingProxy(target: string, opts: ProxyOptions = {}): Promise<CountingProxy> {
  const upstream = new URL(target);
  const perKey = new Map<string, number>();
  const inFlightPerKey = new Map<string, number>();
  let inFlight = 0;
  const state = {
    requests: [] as SeenRequest[],
    maxInFlight: 0,
    maxInFlightPerKey: 0,
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const auth = req.headers.authorization;
      const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(auth ?? '');
      const seen: SeenRequest = {
        keyId: keyIdOf(auth),
        region: scope?.[1] ?? '',
        service: scope?.[2] ?? '',
        userAgent: String(req.headers['user-agent'] ?? ''),
        body: body.toString('utf8'),
      };
      const token = req.headers['x-amz-security-token'];
      if (typeof token === 'string') seen.sessionToken = token;
      state.requests.push(seen);
      const nth = (perKey.get(seen.keyId) ?? 0) + 1;
      perKey.set(seen.keyId, nth);
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      const k = (inFlightPerKey.get(seen.keyId) ?? 0) + 1;
      inFlightPerKey.set(seen.keyId, k);
      state.maxInFlightPerKey = Math.max(state.maxInFlightPerKey, k);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        inFlight--;
        inFlightPerKey.set(seen.keyId, (inFlightPerKey.get(seen.keyId) ?? 1) - 1);
      };
      res.on('close', finish);

      setTimeout(() => {
        const answer = opts.script?.(seen, nth);
        if (answer) {
          res.writeHead(answer.status, {
            'content-type': answer.contentType ?? 'text/xml',
            ...answer.headers,
          });
          res.end(answer.body);
          return;
        }
        // Host stays as the client sent it: it is part of the SigV4 signature.
        const headers = req.headers;
        const up = http.request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
          (upRes) => {
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
          },
        );
        up.on('error', () => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('bad gateway');
        });
        up.end(body);
      }, opts.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    count: (keyId) => perKey.get(keyId) ?? 0,
    get maxInFlight() {
      return state.maxInFlight;
    },
    get maxInFlightPerKey() {
      return state.maxInFlightPerKey;
    },
    reset() {
      perKey.clear();
      state.requests = [];
      state.maxInFlight = 0;
      state.maxInFlightPerKey = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An STS-shaped XML error body. */
export function stsError(code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
  return (
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${type}</Type>` +
    `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`
  );
}

export interface SilentServer {
  url: string;
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** Accepts TCP connections and never writes a byte. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const server = net.createServer((s) => {
    state.connections++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    s.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just free and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
