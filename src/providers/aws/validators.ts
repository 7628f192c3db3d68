// Named checks the AWS rules require of their secrets (rules/aws.yaml `validators:`).
import type { Validator } from '../types.js';
import { DOCUMENTED_EXAMPLES, accountFromKeyId } from './keys.js';

const SEQUENTIAL = /ABCDEFGH|BCDEFGHI|CDEFGHIJ|IJKLMNOP|QRSTUVWX|234567/;

/** Not made of a single character class run like a path or an identifier. */
const notPath: Validator = (s) => !/^(?:[a-z]+\/)+[a-z]*$/i.test(s);

/**
 * Key id: base32 body, not a documented example, not a placeholder or a run, and (new-style
 * ids) an account that can exist: the 40 bits decode up to 13 digits, account ids have 12.
 */
const keyId: Validator = (s) =>
  s.length === 20 && /^[A-Z0-9]{4}[A-Z2-7]{16}$/.test(s) && !DOCUMENTED_EXAMPLES.has(s) && !/(.)\1{5}/.test(s) && !SEQUENTIAL.test(s.slice(4)) &&
  (accountFromKeyId(s)?.length ?? 12) <= 12;

/** Secret seen in a secret-key context: not hex (sha1 sums), not a documented example, mixed case. */
const secret: Validator = (s) =>
  !/^[0-9a-fA-F]+$/.test(s) && !DOCUMENTED_EXAMPLES.has(s) && /[A-Z]/.test(s) && /[a-z]/.test(s) && !/(.)\1{5}/.test(s);

export const VALIDATORS: Readonly<Record<string, Validator>> = {
  'aws-key-id': keyId,
  'aws-secret': secret,
  /** Secret found only by proximity to a key id: also needs a digit (random base64 of 40 chars has one). */
  'aws-secret-strict': (s) => secret(s) && /[0-9]/.test(s) && notPath(s),
};
