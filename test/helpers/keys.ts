// Fake credentials of the right shape, generated at test time. Nothing key-shaped is committed.
import { randomBytes, randomInt } from 'node:crypto';
import { keyIdForAccount } from '../../src/providers/aws/keys.js';
import { shannonEntropy } from '../../src/engine/entropy.js';
import { VALIDATORS } from '../../src/rules/validators.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function randomFrom(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** A 12-digit account id that is not a known canary. */
export function fakeAccount(): string {
  return String(100000000000 + randomInt(800000000000)).padStart(12, '0');
}

/**
 * The aws-access-key-id rule's entropy floor (rules/aws.yaml). At 3.0 about 1 random key id in
 * 4,000 fell under it (AKIATKSS…: 2.9 bits) and was not reported: fixtures are still
 * drawn above it, so a test never depends on where the floor sits.
 */
export const KEY_ID_MIN_ENTROPY = 2.5;

/** A new-style key id (account decodable offline) for `account`; always one the rules report. */
export function fakeKeyId(prefix: 'AKIA' | 'ASIA' | 'ABIA' | 'ACCA' = 'AKIA', fixedAccount?: string): { keyId: string; account: string } {
  for (let i = 0; i < 10_000; i++) {
    // The account fixes most of the id: when it cannot avoid a run, draw a new account.
    const account = fixedAccount ?? fakeAccount();
    const keyId = keyIdForAccount(prefix, account, randomFrom(BASE32, 8));
    // keep fixtures clear of placeholder shapes and low-entropy ids
    const plain = !/(.)\1\1/.test(keyId.slice(4)) || (fixedAccount !== undefined && i > 50);
    if (plain && VALIDATORS['aws-key-id']!(keyId) && shannonEntropy(keyId) >= KEY_ID_MIN_ENTROPY) return { keyId, account };
  }
  throw new Error(`no reportable key id for account ${fixedAccount}`);
}

/** An old-style key id (5th char I): carries no account. */
export function fakeOldKeyId(prefix: 'AKIA' | 'ASIA' = 'AKIA'): string {
  return prefix + 'I' + randomFrom(BASE32.replace(/[IJ]/g, ''), 15);
}

/** A secret access key: 40 chars of base64 alphabet with upper, lower and digits. */
export function fakeSecret(): string {
  for (;;) {
    const s = randomFrom(B64, 40);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

/** A session token: long base64, as STS returns (often > 300 chars). */
export function fakeSessionToken(len = 356): string {
  return 'IQoJb3JpZ2luX2Vj' + randomBytes(Math.ceil(len * 0.75)).toString('base64').slice(0, len - 16);
}

export function fakeHex(n: number): string {
  return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
}

export function fakeBase64(n: number): string {
  return randomFrom(B64, n);
}
