// age (age-encryption.org) secret keys: AGE-SECRET-KEY-1 + bech32 data and checksum (BIP 173,
// upper case). A wrong checksum is not a key. Rule data in rules/age.yaml.
import type { Provider, Validator } from '../types.js';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  return [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
}

/** Whether `s` (any case) is a bech32 string with a valid checksum. */
export function bech32Valid(s: string): boolean {
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) return false;
  const data = [...lower.slice(sep + 1)].map((c) => CHARSET.indexOf(c));
  if (data.some((d) => d < 0)) return false;
  return polymod([...hrpExpand(lower.slice(0, sep)), ...data]) === 1;
}

/** A bech32 string of hrp and 5-bit `data` with its checksum (for fixtures). */
export function bech32Encode(hrp: string, data: number[]): string {
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const check = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...check].map((d) => CHARSET[d]).join('')}`;
}

const secretKey: Validator = (s) => bech32Valid(s) && !/(.)\1{7}/.test(s.slice(16));

export const age: Provider = {
  id: 'age',
  validators: { 'age-secret-key': secretKey },
  generators: {
    // 32 bytes = 52 five-bit groups (the last padded), then 6 of checksum: 58 after the '1'.
    'age-secret-key': (_args, _draw, next) => bech32Encode('age-secret-key-', Array.from({ length: 52 }, (_, i) => (i === 51 ? next() & 16 : next() & 31))).toUpperCase(),
  },
};
