// A fake code-hosting API on 127.0.0.1 (random port) for repository listing: the test gives a
// function that answers each request (status, headers, JSON body); the server records every
// request (method, path with query, headers) so tests can assert exactly what was sent.
// Page builders serve a repository list the way GitHub (Link header) and GitLab (x-next-page)
// page it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ForgeRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface ForgeAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Answers a request; `n` counts requests to the same path and query before this one. */
export type ForgeHandler = (req: ForgeRequest, n: number, forge: FakeForge) => ForgeAnswer;

export interface FakeForge {
  /** http://127.0.0.1:PORT */
  origin: string;
  requests: ForgeRequest[];
  close(): Promise<void>;
}

export async function startFakeForge(handler: ForgeHandler): Promise<FakeForge> {
  const requests: ForgeRequest[] = [];
  const counts = new Map<string, number>();
  const forge: FakeForge = { origin: '', requests, close: async () => {} };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const r: ForgeRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
      requests.push(r);
      const n = counts.get(r.url) ?? 0;
      counts.set(r.url, n + 1);
      const a = handler(r, n, forge);
      const body = a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  forge.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  forge.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return forge;
}

/** `count` repository names: repo-001, repo-002, … */
export const repoNames = (count: number): string[] => Array.from({ length: count }, (_, i) => `repo-${String(i + 1).padStart(3, '0')}`);

/** The 1-based `page` query parameter of a request (1 when absent). */
export function pageOf(url: string): number {
  return Number(new URL(url, 'http://x').searchParams.get('page') ?? 1);
}

/** Page `page` of `items` at `perPage`, and how many pages there are. */
export function slice<T>(items: T[], page: number, perPage: number): { items: T[]; last: number } {
  return { items: items.slice((page - 1) * perPage, page * perPage), last: Math.max(1, Math.ceil(items.length / perPage)) };
}

/**
 * A Link header for `page` of `last` (next and last; prev and first after page 1), on the
 * request's own path and query with `page` replaced, as GitHub sends it.
 */
export function linkHeader(origin: string, url: string, page: number, last: number): string {
  const at = (p: number) => {
    const u = new URL(url, origin);
    u.searchParams.set('page', String(p));
    return `<${u.href}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${at(page - 1)}; rel="prev"`);
  if (page < last) parts.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) parts.push(`${at(1)}; rel="first"`);
  return parts.join(', ');
}
