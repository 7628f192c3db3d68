// GitHub token checks and example generators. Facts: GitHub's "Behind GitHub's new
// authentication token formats" (2021): ghp_ personal, gho_ OAuth, ghu_ user-to-server, ghs_
// server-to-server (installation), ghr_ refresh; 30 random base62 chars and a 6-char base62
// CRC32 of them. Fine-grained PATs are github_pat_ + 22 + '_' + 59 base62 chars (no documented
// checksum, so only their shape and entropy are checked). GitHub App private keys are PEM RSA
// keys (PKCS#1 as downloaded): a block that node:crypto cannot parse is a placeholder.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import type { Generator, Validator } from '../types.js';
import { BASE62_ALPHABET, hasBase62Crc, withBase62Crc } from '../crc32-base62.js';

const PREFIXES = ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'];

/** A classic GitHub token whose checksum is right. */
const checksum: Validator = (s) => PREFIXES.some((p) => s.startsWith(p)) && hasBase62Crc(s, s.slice(0, 4));

/** A PEM block as found: real newlines, or `\n` escapes (env files, JSON). */
export function unescapePem(s: string): string {
  return s.replace(/\\r\\n|\\n/g, '\n').replace(/\r\n/g, '\n');
}

/** The block parses as an RSA private key (a truncated or placeholder block does not). */
const appKey: Validator = (s) => {
  try {
    return createPrivateKey(unescapePem(s)).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
};

export const VALIDATORS: Readonly<Record<string, Validator>> = {
  'github-checksum': checksum,
  'github-app-private-key': appKey,
};

let cachedKey: string | undefined;

export const GENERATORS: Readonly<Record<string, Generator>> = {
  /** {{github-token:ghp}}: a token of that prefix with a right checksum; {{github-token:ghp:bad}} a wrong one. */
  'github-token': ([kind, bad], draw) => {
    const t = withBase62Crc(`${kind ?? 'ghp'}_`, draw(BASE62_ALPHABET, 30));
    return bad === 'bad' ? t.slice(0, -1) + (t.endsWith('0') ? '1' : '0') : t;
  },
  /** {{github-app-key}}: a fresh 2048-bit RSA key, PKCS#1 PEM; {{github-app-key:escaped}} with \n escapes. */
  'github-app-key': ([form]) => {
    cachedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().trim();
    return form === 'escaped' ? cachedKey.replace(/\n/g, '\\n') : cachedKey;
  },
};
