// The checksum GitHub's current tokens and npm's `npm_` tokens end in (GitHub's engineering
// blog, April 2021; npm's changelog, September 2021): the last 6 characters are the CRC32 of
// the 30 random characters between the prefix and them, in base62 (digits 0-9A-Za-z), padded
// on the left with '0'. A value with the right prefix and a wrong checksum is not a token.
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** CRC32 of `body` as 6 base62 characters. */
export function base62Crc(body: string): string {
  let n = crc32(body) >>> 0;
  let out = '';
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(6, '0');
}

/** True when `token` is `prefix` + 30 base62 chars + their base62 CRC32 (6 chars). */
export function hasBase62Crc(token: string, prefix: string): boolean {
  if (!token.startsWith(prefix) || token.length !== prefix.length + 36) return false;
  const body = token.slice(prefix.length, -6);
  return /^[0-9A-Za-z]{36}$/.test(token.slice(prefix.length)) && base62Crc(body) === token.slice(-6);
}

/** A token of that shape with a right checksum, its body drawn by `draw` (example generators). */
export function withBase62Crc(prefix: string, body: string): string {
  return prefix + body + base62Crc(body);
}

export const BASE62_ALPHABET = BASE62;
