// A CONNECT proxy on 127.0.0.1 for tests of the proxy variables: it maps made-up host names
// (`*.invalid`, which never resolve) to local ports, so a request that reaches its server can
// only have come through the proxy, and refuses every other target with 403.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

export interface TunnelProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Each CONNECT as asked: `host:port` and the headers the proxy saw. */
  connects: Array<{ target: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** `routes`: `host:port` → the local port that answers for it. */
export async function startTunnelProxy(routes: Record<string, number>): Promise<TunnelProxy> {
  const connects: TunnelProxy['connects'] = [];
  const server = createServer();
  server.on('connect', (req, socket) => {
    const target = req.url ?? '';
    connects.push({ target, headers: req.headers });
    const port = routes[target];
    if (port === undefined) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
