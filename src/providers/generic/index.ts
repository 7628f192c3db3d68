// The generic rule (rules/generic.yaml): a random-looking value assigned to a secret-ish name,
// at low severity. Most such assignments in code are not secrets, so the value must look
// random: not words run together (natural language, identifiers), not a path, a URL without
// credentials, a UUID, a version, an email, a placeholder or a template.
import type { Provider, Validator } from '../types.js';

const PLACEHOLDER = /example|sample|dummy|placeholder|changeme|redacted|your[_-]?|xxxx|\*\*\*|\.\.\.|<|>|\$\{|\{\{|%\(|replace[_-]?me|insert|fixme|todo|not[_-]?set|undefined|null|fake|mock|test|secret|passw|token|verylong/i;

/**
 * Letters in word-like runs (a capital and 2+ lower case, 3+ lower case or 4+ capitals, with a vowel)
 * cover half the value or more: "ThisIsMyPassword", "super_secret_value", "getAccessToken".
 */
export function wordy(s: string, share = 0.5): boolean {
  let covered = 0;
  for (const m of s.matchAll(/[A-Z][a-z]{2,}|[a-z]{3,}|[A-Z]{4,}(?![a-z])/g)) if (/[aeiouy]/i.test(m[0])) covered += m[0].length;
  return covered >= s.length * share;
}

/** A path: slash-separated segments that read as names (random base64 has slashes too). */
export function pathLike(s: string): boolean {
  if (/^[.~]{0,2}\/|^[A-Za-z]:\\/.test(s)) return true;
  return /^(?:[\w.-]+\/){2,}[\w.-]*$/.test(s) && wordy(s.replace(/[/._-]/g, ''), 0.4);
}

const SHAPES: RegExp[] = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUID
  /^(?:https?|wss?|file):\/\/[^:@\s]+$/i, // URL without credentials
  /^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/, // version
  /^[\w.+-]+@[\w-]+\.[\w.-]+$/, // email
  /^[a-z]+(?:[._-][a-z]+)+$/i, // dotted/dashed identifier
  /^[a-z0-9]+(?:[/._:-][a-z0-9]+)+$/, // lower-case words and numbers joined (aes256-ctr, v2/api)
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // an env var name
  /^(?:sha\d+|md5|sha)[-:]/i, // a hash named as such
  /^[0-9a-f]{40}$/i, // a sha1 / git object id (DESIGN.md: 40-hex strings are not secrets)
  /^(?:md5|sha\d*)[-:]?[0-9a-f]{32,128}$/i, // a digest with its algorithm's name (password:md5…)
];

const value: Validator = (s) =>
  /[0-9]/.test(s) && /[A-Za-z]/.test(s) && !PLACEHOLDER.test(s) && !SHAPES.some((re) => re.test(s)) && !pathLike(s) && !wordy(s) && !/(.)\1{4}/.test(s);

export const generic: Provider = { id: 'generic', validators: { 'generic-secret-value': value } };
