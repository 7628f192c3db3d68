// Named checks a rule can require of its secret. Each returns true when the value is plausible.
// Generic ones live here; each provider brings its own (providers/<id>/), all in one namespace
// so a rule file can name any of them.
import { PROVIDERS } from '../providers/index.js';
import type { Validator } from '../providers/types.js';

export type { Validator } from '../providers/types.js';

const GENERIC: Readonly<Record<string, Validator>> = {
  /** Not made of a single character class run like a path or an identifier. */
  'not-path': (s) => !/^(?:[a-z]+\/)+[a-z]*$/i.test(s),
  /** Upper and lower case and a digit (random base62 of 30+ chars nearly always has all three; identifiers and hex do not). */
  'mixed-case-digits': (s) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s),
};

export const VALIDATORS: Readonly<Record<string, Validator>> = Object.freeze(
  Object.assign({}, GENERIC, ...PROVIDERS.map((p) => p.validators ?? {})) as Record<string, Validator>,
);

export function hasValidator(name: string): boolean {
  return Object.hasOwn(VALIDATORS, name);
}
