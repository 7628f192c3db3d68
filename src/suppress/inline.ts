// Inline markers: a comment on the line of a secret that says "this one is known". Pure (the
// engine calls it on each line that holds a hit); it marks, src/suppress/apply.ts decides.
import type { Suppression } from '../types.js';

/** keyhound's own marker, plus gitleaks', detect-secrets' and trufflehog's for teams migrating. */
export const INLINE_MARKERS = ['keyhound:allow', 'gitleaks:allow', 'pragma: allowlist secret', 'trufflehog:ignore'] as const;

const MARKER = /keyhound:allow|gitleaks:allow|pragma: allowlist secret|trufflehog:ignore/;

/** A reason is a sentence, not a file: longer text is cut (the line is the scanned party's). */
export const MAX_REASON = 200;

/** What closes a comment after the reason: star-slash, `-->`, `%>`, `#}`, `}}`, `]]`. */
const CLOSER = /\s*(?:\*\/|-->|%>|#\}|\}\}|\]\])\s*$/;

/** The marker on this line, with the text after it as its reason; undefined if none. */
export function inlineMark(lineText: string): Suppression | undefined {
  const m = MARKER.exec(lineText);
  if (!m) return undefined;
  const mark: Suppression = { kind: 'inline', source: m[0] };
  const reason = reasonAfter(lineText.slice(m.index + m[0].length));
  if (reason) mark.reason = reason;
  return mark;
}

function reasonAfter(rest: string): string | undefined {
  // `keyhound:allow: why` and `keyhound:allow - why` read as `keyhound:allow why`.
  let text = rest.slice(0, MAX_REASON * 2).replace(/^[\s:=\-–—]+/, '');
  text = text.replace(CLOSER, '').trim();
  if (!text) return undefined;
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text;
}

/** The marks of a key pair: each part's, once (a marker on either line allows the pair). */
export function unionMarks(...lists: Array<readonly Suppression[] | undefined>): Suppression[] | undefined {
  const out: Suppression[] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    for (const s of list ?? []) {
      const key = `${s.kind}\0${s.source}\0${s.reason ?? ''}`;
      if (!seen.has(key)) seen.add(key), out.push(s);
    }
  }
  return out.length ? out : undefined;
}
