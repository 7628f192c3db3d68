// PyPI API tokens are `pypi-` + the base64url (unpadded) of a v2 binary macaroon (pypitoken
// and Warehouse docs). The layout (libmacaroons' v2 format): version byte 2; fields as
// (type varint, length varint, data); location (1) and identifier (2) then end-of-section (0);
// each caveat as optional location, identifier, optional verifier id (4), end-of-section; an
// end-of-section; the signature (6) of 32 bytes, and nothing after it. A string that does not
// decode to that is not a token (a truncated or made-up one); the HMAC itself cannot be
// checked offline.

const LOCATIONS = new Set(['pypi.org', 'test.pypi.org']);

interface Field {
  type: number;
  data: Buffer;
}

/** Reads one varint at `at`; undefined past the end or beyond 2^28. */
function varint(buf: Buffer, at: { i: number }): number | undefined {
  let n = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (at.i >= buf.length) return undefined;
    const b = buf[at.i++]!;
    n |= (b & 0x7f) << shift;
    if (!(b & 0x80)) return n;
  }
  return undefined;
}

function field(buf: Buffer, at: { i: number }): Field | 'eos' | undefined {
  const type = varint(buf, at);
  if (type === undefined) return undefined;
  if (type === 0) return 'eos';
  const len = varint(buf, at);
  if (len === undefined || at.i + len > buf.length) return undefined;
  const data = buf.subarray(at.i, at.i + len);
  at.i += len;
  return { type, data };
}

/** The macaroon's location and identifier, or undefined when `bytes` is not a v2 macaroon. */
export function parseMacaroon(bytes: Buffer): { location: string; identifier: Buffer; caveats: number } | undefined {
  if (bytes[0] !== 2) return undefined;
  const at = { i: 1 };
  let f = field(bytes, at);
  let location = '';
  if (f !== 'eos' && f?.type === 1) {
    location = f.data.toString('latin1');
    f = field(bytes, at);
  }
  if (f === 'eos' || f?.type !== 2) return undefined;
  const identifier = f.data;
  if (field(bytes, at) !== 'eos') return undefined;
  let caveats = 0;
  // Caveat sections until the empty section that closes them (at most 64: a token is short).
  for (;;) {
    f = field(bytes, at);
    if (f === 'eos') break;
    if (f === undefined || caveats >= 64) return undefined;
    if (f.type === 1) f = field(bytes, at);
    if (f === 'eos' || f?.type !== 2) return undefined;
    f = field(bytes, at);
    if (f !== 'eos' && f?.type === 4) f = field(bytes, at);
    if (f !== 'eos') return undefined;
    caveats++;
  }
  const sig = field(bytes, at);
  if (sig === 'eos' || sig?.type !== 6 || sig.data.length !== 32 || at.i !== bytes.length) return undefined;
  return { location, identifier, caveats };
}

/** A `pypi-` token that decodes to a macaroon located at PyPI or TestPyPI. */
export function isPypiToken(token: string): boolean {
  if (!token.startsWith('pypi-')) return false;
  const body = token.slice(5);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return false;
  const m = parseMacaroon(Buffer.from(body, 'base64url'));
  return m !== undefined && LOCATIONS.has(m.location) && m.identifier.length > 0;
}

function encodeField(type: number, data: Buffer): Buffer {
  const varintOf = (n: number) => {
    const out: number[] = [];
    do {
      out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
      n >>>= 7;
    } while (n > 0);
    return Buffer.from(out);
  };
  return Buffer.concat([varintOf(type), varintOf(data.length), data]);
}

/** A well-formed token (random nonce and signature) for rule examples and tests. */
export function makePypiToken(location: string, random: (n: number) => Buffer, opts: { truncate?: number } = {}): string {
  const identifier = Buffer.from(JSON.stringify({ nonce: random(16).toString('hex'), version: 1 }));
  const caveat = Buffer.from(JSON.stringify([1, random(8).toString('hex')]));
  const eos = Buffer.from([0]);
  const bytes = Buffer.concat([
    Buffer.from([2]),
    encodeField(1, Buffer.from(location)),
    encodeField(2, identifier),
    eos,
    encodeField(2, caveat),
    eos,
    eos,
    encodeField(6, random(32)),
  ]);
  const cut = opts.truncate ? bytes.subarray(0, bytes.length - opts.truncate) : bytes;
  return 'pypi-' + cut.toString('base64url');
}
