// Named checks a rule can require of its secret. Each returns true when the value is plausible.
import { DOCUMENTED_EXAMPLES } from '../engine/aws.js';

export type Validator = (secret: string) => boolean;

const SEQUENTIAL = /ABCDEFGH|BCDEFGHI|CDEFGHIJ|IJKLMNOP|QRSTUVWX|234567/;

export const VALIDATORS: Readonly<Record<string, Validator>> = {
  /** AWS key id: base32 body, not a documented example, not a placeholder or a run. */
  'aws-key-id': (s) =>
    s.length === 20 &&
    /^[A-Z0-9]{4}[A-Z2-7]{16}$/.test(s) &&
    !DOCUMENTED_EXAMPLES.has(s) &&
    !/(.)\1{5}/.test(s) &&
    !SEQUENTIAL.test(s.slice(4)),
  /** AWS secret seen in an AWS context: not hex (sha1 sums), not a documented example, mixed case. */
  'aws-secret': (s) =>
    !/^[0-9a-fA-F]+$/.test(s) && !DOCUMENTED_EXAMPLES.has(s) && /[A-Z]/.test(s) && /[a-z]/.test(s) && !/(.)\1{5}/.test(s),
  /** AWS secret found only by proximity: also needs a digit (random base64 of 40 chars has one). */
  'aws-secret-strict': (s) =>
    VALIDATORS['aws-secret'](s) && /[0-9]/.test(s) && VALIDATORS['not-path'](s),
  /** Not made of a single character class run like a path or an identifier. */
  'not-path': (s) => !/^(?:[a-z]+\/)+[a-z]*$/i.test(s),
};

export function hasValidator(name: string): boolean {
  return Object.hasOwn(VALIDATORS, name);
}
