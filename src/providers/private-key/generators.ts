// Example generators for rules/private-key.yaml: fresh keys made at check time (node:crypto),
// so no private key is ever committed. {{private-key:rsa|pkcs8|ec|dsa|dsa-traditional|encrypted|rsa-encrypted}},
// {{private-key:openssh/none|openssh/aes256-ctr}}, {{private-key:ppk/none|ppk/aes256-cbc}}, {{private-key:pgp}},
// and {{private-key-cut:KIND}}: the same key with its middle lines gone (a negative).
import { generateKeyPairSync } from 'node:crypto';
import type { Draw, Generator } from '../types.js';
import { buildOpenSsh } from './openssh.js';
import { dsaTraditionalPem } from './dsa.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function pemKey(kind: string): string {
  if (kind === 'ec') return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
  if (kind === 'dsa-traditional') return dsaTraditionalPem();
  if (kind === 'dsa') return generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  if (kind === 'pkcs8') return rsa.export({ type: 'pkcs8', format: 'pem' }).toString();
  if (kind === 'encrypted') return rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'fixture' }).toString();
  if (kind === 'rsa-encrypted') return rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'fixture' }).toString();
  return rsa.export({ type: 'pkcs1', format: 'pem' }).toString();
}

/** Wraps base64 at 70 columns between BEGIN/END lines of `label`. */
export function armor(label: string, body: Buffer): string {
  const b64 = body.toString('base64').replace(/.{1,70}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

function sshString(s: string | Buffer): Buffer {
  const v = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  const n = Buffer.alloc(4);
  n.writeUInt32BE(v.length);
  return Buffer.concat([n, v]);
}

function randomBytes(draw: Draw, n: number): Buffer {
  return Buffer.from(draw(B64, n * 2), 'latin1').subarray(0, n).map((b, i) => (b * 7 + i) & 0xff) as Buffer;
}

export function opensshKey(cipher: string, draw: Draw): string {
  const pub = randomBytes(draw, 32);
  const priv = Buffer.concat([randomBytes(draw, 32), pub]);
  const check = randomBytes(draw, 4).readUInt32BE(0);
  const body = buildOpenSsh('ssh-ed25519', pub, priv, check, cipher);
  return armor('OPENSSH PRIVATE KEY', body);
}

export function ppkKey(encryption: string, draw: Draw): string {
  const pub = Buffer.concat([sshString('ssh-ed25519'), sshString(randomBytes(draw, 32))]);
  const lines = (b: Buffer) => b.toString('base64').match(/.{1,64}/g)!;
  const pubLines = lines(pub);
  const privLines = lines(randomBytes(draw, encryption === 'none' ? 36 : 48));
  const kdf = encryption === 'none' ? [] : ['Key-Derivation: Argon2id', 'Argon2-Memory: 8192', 'Argon2-Passes: 13', 'Argon2-Parallelism: 1', `Argon2-Salt: ${draw('0123456789abcdef', 32)}`];
  return [
    'PuTTY-User-Key-File-3: ssh-ed25519', `Encryption: ${encryption}`, 'Comment: fixture',
    `Public-Lines: ${pubLines.length}`, ...pubLines, ...kdf,
    `Private-Lines: ${privLines.length}`, ...privLines, `Private-MAC: ${draw('0123456789abcdef', 64)}`, '',
  ].join('\n');
}

export function pgpKey(draw: Draw): string {
  // A v4 secret-key packet (new format, tag 5): version, time, algorithm 1 (RSA), key material.
  const material = randomBytes(draw, 180);
  const packet = Buffer.concat([Buffer.from([0xc5, 6 + material.length, 4, 0x65, 0x10, 0x20, 0x30, 1]), material]);
  const b64 = packet.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${b64}=${draw(B64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----\n`;
}

/** A block with its middle lines cut out (a doc's "…" or a truncated paste). */
export function cut(block: string): string {
  const lines = block.split('\n');
  return [...lines.slice(0, 2), ...lines.slice(-2)].join('\n');
}

/** The key without its final newline (the rules' matches end at the END line). */
function make(kind: string, draw: Draw): string {
  const [family, arg] = kind.split('/');
  if (family === 'openssh') return opensshKey(arg ?? 'none', draw).trimEnd();
  if (family === 'ppk') return ppkKey(arg ?? 'none', draw).trimEnd();
  if (family === 'pgp') return pgpKey(draw).trimEnd();
  return pemKey(family ?? 'rsa').trimEnd();
}

export const GENERATORS: Readonly<Record<string, Generator>> = {
  'private-key': ([kind], draw) => make(kind ?? 'rsa', draw),
  'private-key-cut': ([kind], draw) => cut(make(kind ?? 'rsa', draw)),
  /** The key as a JSON string value's contents (newlines as \n). */
  'private-key-json': ([kind], draw) => make(kind ?? 'pkcs8', draw).replace(/\n/g, '\\n'),
};
