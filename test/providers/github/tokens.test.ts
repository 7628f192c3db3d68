// GitHub validators on values generated at test time: right and broken checksums, real and
// placeholder App keys.
import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { github } from '../../../src/providers/github/index.js';
import { BASE62_ALPHABET, withBase62Crc } from '../../../src/providers/crc32-base62.js';

const v = github.validators!;
const body = () => Array.from(randomBytes(30), (b) => BASE62_ALPHABET[b % 62]).join('');

describe('github-checksum', () => {
  it.each(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'])('accepts %s tokens with a right checksum', (prefix) => {
    expect(v['github-checksum']!(withBase62Crc(prefix, body()))).toBe(true);
  });

  it('rejects a wrong checksum, an unknown prefix and a short token', () => {
    const t = withBase62Crc('ghp_', body());
    const broken = t.slice(0, 20) + (t[20] === 'Z' ? 'Y' : 'Z') + t.slice(21);
    expect(v['github-checksum']!(broken)).toBe(false);
    expect(v['github-checksum']!(withBase62Crc('ghx_', body()))).toBe(false);
    expect(v['github-checksum']!(t.slice(0, 39))).toBe(false);
  });
});

describe('github-app-private-key', () => {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

  it('accepts an RSA key as PEM and with \\n escapes', () => {
    expect(v['github-app-private-key']!(pem.trim())).toBe(true);
    expect(v['github-app-private-key']!(pem.trim().replace(/\n/g, '\\n'))).toBe(true);
  });

  it('rejects a truncated key, a placeholder body and a non-RSA key', () => {
    const lines = pem.trim().split('\n');
    expect(v['github-app-private-key']!([...lines.slice(0, 10), lines[lines.length - 1]].join('\n'))).toBe(false);
    expect(v['github-app-private-key']!(`-----BEGIN RSA PRIVATE KEY-----\n${'x'.repeat(64)}\n-----END RSA PRIVATE KEY-----`)).toBe(false);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(v['github-app-private-key']!(ec)).toBe(false);
  });
});
