// The fields of two findings of one fingerprint, merged so that the result does not depend on
// which side is which (merging shards in any order gives one answer): where the sides may
// differ (the matched text and the parts are those of the place seen first), the smaller one
// is kept; a verification is kept when one side has one, the more decisive when both do.
import type { Finding, Verification } from '../types.js';
import { compareLocations, compareText } from './order.js';

/** live > invalid > unknown > skipped: a key shown live anywhere is never reported less. */
const RANK: Record<Verification['status'], number> = { live: 0, invalid: 1, unknown: 2, skipped: 3 };

/** `into` (same fingerprint as `from`) takes what `from` adds; locations are the caller's. */
export function mergeFields(into: Finding, from: Finding): void {
  if (compareText(from.match, into.match) < 0) into.match = from.match;
  if (from.parts && (!into.parts || compareParts(from, into) < 0)) into.parts = structuredClone(from.parts);
  const v = pickVerification(into.verification, from.verification);
  if (v) into.verification = structuredClone(v);
  if (from.context) {
    const c = { ...into.context };
    const candidates = [...new Set([...(into.context?.candidates ?? []), ...(from.context.candidates ?? [])])].sort();
    if (candidates.length) c.candidates = candidates;
    c.sessionToken = minDefined(c.sessionToken, from.context.sessionToken);
    if (c.sessionToken === undefined) delete c.sessionToken;
    const hints = { ...from.context.hints, ...into.context?.hints };
    for (const [k, v] of Object.entries(from.context.hints ?? {})) hints[k] = minDefined(hints[k], v)!;
    if (Object.keys(hints).length) c.hints = hints;
    into.context = c;
  }
}

function compareParts(a: Finding, b: Finding): number {
  const la = a.parts![0]?.location;
  const lb = b.parts![0]?.location;
  return (la && lb ? compareLocations(la, lb) : 0) || compareText(JSON.stringify(a.parts), JSON.stringify(b.parts));
}

function pickVerification(a?: Verification, b?: Verification): Verification | undefined {
  if (!a || !b) return a ?? b;
  return RANK[b.status] - RANK[a.status] < 0 || (RANK[a.status] === RANK[b.status] && compareText(JSON.stringify(b), JSON.stringify(a)) < 0) ? b : a;
}

function minDefined<T extends string>(a: T | undefined, b: T | undefined): T | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return compareText(a, b) <= 0 ? a : b;
}
