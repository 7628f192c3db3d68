// Pairing: a key id and the secret (and, for keys that take one, the session token) found
// close together become one credential. Greedy by distance, one-to-one, so the profiles of a
// credentials file pair with their own secrets.
import type { CompiledPair } from '../rules/load.js';

export interface Candidate {
  ruleId: string;
  secret: string;
  start: number;
  end: number;
}

export interface Pairing<T extends Candidate> {
  key: T;
  secret: T;
  token?: T;
}

function distance(a: Candidate, b: Candidate): number {
  if (a.end <= b.start) return b.start - a.end;
  if (b.end <= a.start) return a.start - b.end;
  return 0;
}

/** `takesToken`: the provider's say on which keys carry a session token (default: any). */
export function pairUp<T extends Candidate>(spec: CompiledPair, hits: readonly T[], takesToken?: (keySecret: string) => boolean): Pairing<T>[] {
  const keys = hits.filter((h) => h.ruleId === spec.keyRule);
  const secrets = hits.filter((h) => h.ruleId === spec.secretRule);
  if (!keys.length || !secrets.length) return [];
  const options: Array<{ k: T; s: T; d: number }> = [];
  for (const k of keys) {
    for (const s of secrets) {
      const d = distance(k, s);
      // A secret after its key id wins a tie: that is how credentials are written.
      if (d <= spec.window) options.push({ k, s, d: d * 2 + (s.start > k.start ? 0 : 1) });
    }
  }
  options.sort((a, b) => a.d - b.d);
  const usedK = new Set<T>();
  const usedS = new Set<T>();
  const pairs: Pairing<T>[] = [];
  for (const { k, s } of options) {
    if (usedK.has(k) || usedS.has(s)) continue;
    usedK.add(k);
    usedS.add(s);
    pairs.push({ key: k, secret: s });
  }
  if (spec.tokenRule) {
    const tokens = hits.filter((h) => h.ruleId === spec.tokenRule);
    const usedT = new Set<T>();
    for (const p of pairs) {
      if (takesToken && !takesToken(p.key.secret)) continue;
      let best: T | undefined;
      for (const t of tokens) {
        if (usedT.has(t)) continue;
        // A token is long (300+ chars): measure from the credential's nearest end, wider window.
        const d = Math.min(distance(p.key, t), distance(p.secret, t));
        if (d <= spec.window * 2 && (!best || d < Math.min(distance(p.key, best), distance(p.secret, best)))) best = t;
      }
      if (best) {
        usedT.add(best);
        p.token = best;
      }
    }
  }
  return pairs;
}
