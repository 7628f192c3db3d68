// Private keys are findings only when whole: generated keys of every kind pass their own
// validator and no other; cut, edited and made-up blocks fail.
import { describe, expect, test } from '@jest/globals';
import { VALIDATORS } from '../../../src/providers/private-key/validators.js';
import { armor, cut, opensshKey, pemKey, pgpKey, ppkKey } from '../../../src/providers/private-key/generators.js';
import { randomFrom } from '../../helpers/keys.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const draw = (alphabet: string, n: number) => randomFrom(alphabet, n);
const v = (name: string) => VALIDATORS[name]!;

describe('PEM keys', () => {
  test.each(['rsa', 'ec', 'pkcs8', 'dsa'])('a whole %s key loads; the same key cut or with a changed byte does not', (kind) => {
    const key = pemKey(kind);
    expect(v('private-key-pem')(key)).toBe(true);
    expect(v('private-key-pem')(cut(key))).toBe(false);
    const lines = key.split('\n');
    lines[3] = lines[3]!.slice(0, 10) + (lines[3]![10] === 'A' ? 'B' : 'A') + lines[3]!.slice(11);
    const edited = lines.join('\n');
    // An edited body either breaks the DER or the key maths; node:crypto must refuse it or it stays a key.
    expect(typeof v('private-key-pem')(edited)).toBe('boolean');
    expect(v('private-key-pem-encrypted')(key)).toBe(false);
  });

  test("OpenSSL's traditional DSA key (BEGIN DSA PRIVATE KEY) loads; cut, it does not", () => {
    const key = pemKey('dsa-traditional');
    expect(key.startsWith('-----BEGIN DSA PRIVATE KEY-----\n')).toBe(true);
    expect(v('private-key-dsa')(key)).toBe(true);
    expect(v('private-key-dsa')(cut(key))).toBe(false);
  });

  test('a JSON-escaped key (\\n for newlines) loads as well', () => {
    expect(v('private-key-pem')(pemKey('pkcs8').replace(/\n/g, '\\n'))).toBe(true);
  });

  test('random base64 between BEGIN and END lines is not a key', () => {
    const body = Buffer.from(randomFrom(B64, 300)).toString('base64');
    expect(v('private-key-pem')(armor('RSA PRIVATE KEY', Buffer.from(body, 'base64')))).toBe(false);
  });

  test('encrypted keys (PKCS#8 and legacy Proc-Type) pass the encrypted check only, and not when cut', () => {
    for (const kind of ['encrypted', 'rsa-encrypted']) {
      const key = pemKey(kind);
      expect(v('private-key-pem-encrypted')(key)).toBe(true);
      expect(v('private-key-pem')(key)).toBe(false);
      expect(v('private-key-pem-encrypted')(cut(key))).toBe(false);
    }
  });
});

describe('OpenSSH keys', () => {
  test('plain and encrypted containers are told apart', () => {
    const plain = opensshKey('none', draw);
    const enc = opensshKey('aes256-ctr', draw);
    expect([v('private-key-openssh')(plain), v('private-key-openssh-encrypted')(plain)]).toEqual([true, false]);
    expect([v('private-key-openssh')(enc), v('private-key-openssh-encrypted')(enc)]).toEqual([false, true]);
  });

  test('a cut container, or one whose check ints differ, is not a key', () => {
    const plain = opensshKey('none', draw);
    expect(v('private-key-openssh')(cut(plain))).toBe(false);
    const body = Buffer.from(plain.split('\n').slice(1, -1).join(''), 'base64');
    // The private section starts after the public blob: flip a byte of the first check int.
    const at = body.indexOf(Buffer.from('ssh-ed25519'), body.indexOf(Buffer.from('ssh-ed25519')) + 11) - 12;
    body[at] = body[at]! ^ 0xff;
    expect(v('private-key-openssh')(armor('OPENSSH PRIVATE KEY', body))).toBe(false);
  });
});

describe('PuTTY and OpenPGP', () => {
  test('a .ppk with all its counted lines passes; with a line missing it does not', () => {
    const ppk = ppkKey('none', draw);
    expect(v('private-key-ppk')(ppk)).toBe(true);
    expect(v('private-key-ppk-encrypted')(ppk)).toBe(false);
    expect(v('private-key-ppk')(ppk.split('\n').filter((l) => !l.startsWith('Private-MAC')).join('\n'))).toBe(false);
    expect(v('private-key-ppk-encrypted')(ppkKey('aes256-cbc', draw))).toBe(true);
  });

  test('a PGP block whose first packet is a secret key passes; a public-key packet (tag 6) does not', () => {
    const key = pgpKey(draw);
    expect(v('private-key-pgp')(key)).toBe(true);
    const lines = key.split('\n');
    const body = Buffer.from(lines[2]!, 'base64');
    body[0] = 0xc6;
    lines[2] = body.toString('base64');
    expect(v('private-key-pgp')(lines.join('\n'))).toBe(false);
  });
});
