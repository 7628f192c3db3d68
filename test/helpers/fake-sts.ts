// A fake STS on 127.0.0.1 for answers no real STS gives but a network in between can: a 200
// that is empty, an HTML captive portal, XML without an identity, or a connection reset.
// Each request is answered the same way; the server counts them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeAnswer =
  | { status: number; body: string; contentType?: string }
  /** Read the request, then reset the TCP connection (RST) without a byte of answer. */
  | 'reset';

export interface FakeSts {
  url: string;
  requests: number;
  close(): Promise<void>;
}

/** A GetCallerIdentity answer; pass undefined for a field to leave its element out. */
export function identityXml(fields: { Arn?: string; Account?: string; UserId?: string }): string {
  const el = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return (
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
    `<GetCallerIdentityResult>${el}</GetCallerIdentityResult>` +
    '<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>' +
    '</GetCallerIdentityResponse>'
  );
}

export async function startFakeSts(answer: FakeAnswer): Promise<FakeSts> {
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.requests++;
      if (answer === 'reset') {
        req.socket.resetAndDestroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'text/xml' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
