// OpenSSL's traditional DSA key (BEGIN DSA PRIVATE KEY: SEQUENCE {0, p, q, g, y, x}) for
// fixtures: node:crypto exports DSA keys only as PKCS#8, so the traditional form is built from
// it (y = g^x mod p). Minimal DER: definite lengths only, as node writes them.
import { generateKeyPairSync } from 'node:crypto';

interface Node {
  start: number;
  end: number;
}

function read(buf: Buffer, at: number): Node {
  let len = buf[at + 1]!;
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i]!;
    head = 2 + n;
  }
  return { start: at + head, end: at + head + len };
}

function children(buf: Buffer, node: Node): Node[] {
  const out: Node[] = [];
  for (let at = node.start; at < node.end; at = out[out.length - 1]!.end) out.push(read(buf, at));
  return out;
}

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

function integer(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(2, b);
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
  }
  return r;
}

/** A fresh 1024-bit DSA key in OpenSSL's traditional PEM form. */
export function dsaTraditionalPem(): string {
  const der = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).privateKey.export({ type: 'pkcs8', format: 'der' });
  const [, alg, octets] = children(der, read(der, 0));
  const [, params] = children(der, alg!);
  const [p, q, g] = children(der, params!).map((n) => BigInt('0x' + der.subarray(n.start, n.end).toString('hex')));
  const xNode = read(der, octets!.start);
  const x = BigInt('0x' + der.subarray(xNode.start, xNode.end).toString('hex'));
  const body = tlv(0x30, Buffer.concat([integer(0n), integer(p!), integer(q!), integer(g!), integer(modPow(g!, x, p!)), integer(x)]));
  return `-----BEGIN DSA PRIVATE KEY-----\n${body.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END DSA PRIVATE KEY-----\n`;
}
