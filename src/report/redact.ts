// THE one place secrets are redacted. Every reporter receives findings that went through
// prepare(), so no reporter can forget to redact (CI logs are public more often than not).
import type { Finding, HitPart, Location, Provenance, ScanResult } from '../types.js';
import { escapeRegExp } from '../engine/prefilter.js';

/** What a secret is, when the caller knows; 'auto' decides by shape. */
export type SecretKind = HitPart['role'] | 'auto';

const KEY_ID = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/;

/** Below this length a 4-char prefix would give away most of the secret: show only the length. */
const MIN_PREFIX_LENGTH = 8;

/**
 * Key ids keep first 4 + last 4 (enough to find the key in the IAM console, useless alone);
 * other secrets keep first 4 and their length; `KEYID:SECRET[:TOKEN]` pairs redact each part.
 */
export function redactSecret(secret: string, kind: SecretKind = 'auto'): string {
  if (kind === 'key-id' || KEY_ID.test(secret)) {
    return KEY_ID.test(secret) ? `${secret.slice(0, 4)}…${secret.slice(-4)}` : redactOpaque(secret);
  }
  if (kind === 'auto') {
    const parts = secret.split(':');
    if (parts.length > 1 && KEY_ID.test(parts[0])) return parts.map((p) => redactSecret(p)).join(':');
  }
  return redactOpaque(secret);
}

function redactOpaque(secret: string): string {
  const head = secret.length >= MIN_PREFIX_LENGTH ? secret.slice(0, 4) : '';
  return `${head}…(${secret.length})`;
}

/** A deep copy of `f` with every secret it carries (and every copy inside `match`) redacted. */
export function redactFinding(f: Finding, replacements = new Map<string, string>()): Finding {
  const out = structuredClone(f);
  const redact = (secret: string, kind: SecretKind = 'auto'): string => {
    const r = redactSecret(secret, kind);
    if (secret) replacements.set(secret, r);
    return r;
  };

  out.secret = redact(f.secret);
  // A pair secret sits in `match` piecewise, with other text between its parts.
  const pieces = f.secret.split(':');
  if (pieces.length > 1 && KEY_ID.test(pieces[0])) for (const piece of pieces) redact(piece);
  if (out.aws) out.aws.keyId = redact(out.aws.keyId, 'key-id');
  if (out.parts) for (const p of out.parts) p.secret = redact(p.secret, p.role);
  if (out.context?.sessionToken) out.context.sessionToken = redact(out.context.sessionToken, 'session-token');
  if (out.context?.candidates) out.context.candidates = out.context.candidates.map((c) => redact(c, 'secret'));

  out.match = replaceAll(f.match, replacements);
  return out;
}

/** One pass, longest secret first, so a pair `ID:SECRET` wins over the bare `ID` inside it. */
function replaceAll(text: string, replacements: Map<string, string>): string {
  if (replacements.size === 0) return text;
  const keys = [...replacements.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(keys.map(escapeRegExp).join('|'), 'g');
  return text.replace(re, (m) => replacements.get(m) ?? m);
}

/**
 * What every reporter gets: findings redacted unless the user asked for --show-secrets.
 * A commit subject can quote any secret found in the run (keys get pasted into messages),
 * so every subject is scrubbed of every secret, not only of its own finding's.
 */
export function prepare(result: ScanResult, opts: { showSecrets: boolean }): ScanResult {
  if (opts.showSecrets) return result;
  const all = new Map<string, string>();
  const findings = result.findings.map((f) => redactFinding(f, all));
  const scrub = (p: Provenance): Provenance => {
    if (p.kind === 'archive') return { ...p, outer: scrub(p.outer) };
    if ((p.kind === 'git' || p.kind === 'git-message') && p.subject) return { ...p, subject: replaceAll(p.subject, all) };
    return p;
  };
  const scrubLocation = (l: Location): Location => ({ ...l, provenance: scrub(l.provenance) });
  for (const f of findings) {
    f.locations = f.locations.map(scrubLocation);
    if (f.parts) for (const part of f.parts) part.location = scrubLocation(part.location);
  }
  return { ...result, findings };
}
