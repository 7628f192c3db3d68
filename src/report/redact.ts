// THE one place secrets are redacted. Every reporter receives a result that went through
// prepare(), and the CLI's live stderr lines go through redactLive(), so no reporter and no
// warning can forget to redact (CI logs are public more often than not).
import type { Finding, HitPart, ScanResult } from '../types.js';
import type { Engine } from '../engine/detect.js';
import { escapeRegExp } from '../engine/prefilter.js';
import { PROVIDERS } from '../providers/index.js';

/** What a secret is, when the caller knows; 'auto' decides by shape. */
export type SecretKind = HitPart['role'] | 'auto';

/** Below this length a 4-char prefix would give away most of the secret: show only the length. */
const MIN_PREFIX_LENGTH = 8;

/** A provider's own redacted form of a secret of its shape (e.g. a key id's first 4 + last 4). */
function providerShape(secret: string, kind: SecretKind): string | undefined {
  for (const p of PROVIDERS) {
    const shown = p.redact?.(secret, kind);
    if (shown !== undefined) return shown;
  }
  return undefined;
}

/** Whether `s` leads a `KEYID:SECRET[:TOKEN]` pair value: some provider knows it as a key id. */
const isKeyId = (s: string) => providerShape(s, 'key-id') !== undefined;

/**
 * Secrets of a provider's shape as the provider shows them (key ids: first 4 + last 4);
 * other secrets keep first 4 and their length; `KEYID:SECRET[:TOKEN]` pairs redact each part.
 */
export function redactSecret(secret: string, kind: SecretKind = 'auto'): string {
  const shaped = providerShape(secret, kind);
  if (shaped !== undefined) return shaped;
  if (kind === 'auto') {
    const parts = secret.split(':');
    if (parts.length > 1 && isKeyId(parts[0])) return parts.map((p) => redactSecret(p)).join(':');
  }
  return redactOpaque(secret);
}

function redactOpaque(secret: string): string {
  const head = secret.length >= MIN_PREFIX_LENGTH ? secret.slice(0, 4) : '';
  return `${head}…(${secret.length})`;
}

/** What carries secrets: a Finding, or a Hit (live redaction runs the engine itself). */
interface Secretive {
  secret: string;
  parts?: Array<{ secret: string; role: HitPart['role'] }>;
  context?: Finding['context'];
}

/** Every secret `f` carries, each with its redacted form, added to `replacements`. */
function collectSecrets(f: Secretive, replacements: Map<string, string>): void {
  const add = (secret: string, kind: SecretKind = 'auto') => {
    if (secret) replacements.set(secret, redactSecret(secret, kind));
  };
  add(f.secret);
  // A pair secret sits in `match` (and in names) piecewise, with other text between its parts.
  const pieces = f.secret.split(':');
  if (pieces.length > 1 && isKeyId(pieces[0])) for (const piece of pieces) add(piece);
  for (const p of f.parts ?? []) add(p.secret, p.role);
  if (f.context?.sessionToken) add(f.context.sessionToken, 'session-token');
  for (const c of f.context?.candidates ?? []) add(c, 'secret');
}

/** A deep copy of `f` with every secret it carries (and every copy inside `match`) redacted. */
export function redactFinding(f: Finding, replacements = new Map<string, string>()): Finding {
  collectSecrets(f, replacements);
  const out = structuredClone(f);
  const scrub = scrubber(replacements);
  out.secret = redactSecret(f.secret);
  // Provider facts quote the secret (a key id): each copy becomes its redacted form.
  if (out.facts) out.facts = scrubAll(out.facts, scrub);
  if (out.parts) for (const p of out.parts) p.secret = redactSecret(p.secret, p.role);
  if (out.context?.sessionToken) out.context.sessionToken = redactSecret(out.context.sessionToken, 'session-token');
  if (out.context?.candidates) out.context.candidates = out.context.candidates.map((c) => redactSecret(c, 'secret'));
  out.match = scrub(f.match);
  return out;
}

/** A function replacing every secret in a text: one pass, longest first, so `ID:SECRET` wins over `ID`. */
function scrubber(replacements: Map<string, string>): (text: string) => string {
  if (replacements.size === 0) return (text) => text;
  const keys = [...replacements.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(keys.map(escapeRegExp).join('|'), 'g');
  return (text) => text.replace(re, (m) => replacements.get(m) ?? m);
}

/** A copy of `value` with `scrub` applied to every string in it (fingerprints are ids: kept). */
function scrubAll<T>(value: T, scrub: (text: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubAll(v, scrub)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'fingerprint' ? v : scrubAll(v, scrub);
  return out as T;
}

/**
 * What every reporter gets: the result redacted unless the user asked for --show-secrets.
 * Any string can quote any secret found in the run — a path or archive member named after a
 * key, an author field, a commit subject, a warning about such a file — so every string of
 * the result (paths, member names, authors, emails, subjects, refs, warning paths and
 * messages, summary) is scrubbed of every secret found, not only of its own finding's.
 * `found`: every finding of the run, when `result.findings` lists fewer (--only-verified).
 * `engine`: also scrub what the rules find in the warnings themselves (a directory named
 * after a key that could not be read holds no file whose name made it a finding), as
 * redactLive() did for the same warning on stderr.
 */
export function prepare(result: ScanResult, opts: { showSecrets: boolean; found?: readonly Finding[]; engine?: Engine }): ScanResult {
  if (opts.showSecrets) return result;
  const all = new Map<string, string>();
  for (const f of opts.found ?? []) collectSecrets(f, all);
  for (const w of opts.engine ? result.warnings : []) {
    for (const hit of opts.engine!.detect(`${w.path}: ${w.message}`, { inlineAllow: false })) collectSecrets(hit, all);
  }
  // What suppressions hid is listed too (JSON `suppressed`): redacted like what is shown.
  for (const f of result.suppressed ?? []) collectSecrets(f, all);
  const findings = result.findings.map((f) => redactFinding(f, all));
  const suppressed = result.suppressed?.map((f) => redactFinding(f, all));
  return scrubAll({ ...result, findings, ...(suppressed && { suppressed }) }, scrubber(all));
}

/**
 * A line printed while the scan runs (a live stderr warning), before the run's secrets are
 * all known: redacted of every secret found so far and of whatever the rules find in the
 * line itself (a key id, a key pair, a token in a path). Not caught: a string that is a
 * secret only by context found elsewhere after the line is printed (a bare 40-character
 * secret in a file name whose key id is in a file scanned later); the report's copy of the
 * warning is redacted of it.
 */
export function redactLive(line: string, engine: Engine, found: Iterable<Finding>): string {
  const all = new Map<string, string>();
  for (const f of found) collectSecrets(f, all);
  for (const hit of engine.detect(line, { inlineAllow: false })) collectSecrets(hit, all);
  return scrubber(all)(line);
}
