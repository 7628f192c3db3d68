// Checks a saved finding field by field and rebuilds it with only the fields a Finding has,
// so a store file that was edited, truncated or written by something else fails with the
// place that is wrong (`findings[3].locations[0].line: ...`), never later with a TypeError.
import type { Finding, Location, Provenance, Severity, Suppression, Verification } from '../types.js';

export class StoreFormatError extends Error {
  override name = 'StoreFormatError';
}

type Obj = Record<string, unknown>;

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const STATUSES: readonly Verification['status'][] = ['live', 'invalid', 'unknown', 'skipped'];
const ROLES = ['key-id', 'secret', 'session-token'] as const;

function fail(at: string, what: string): never {
  throw new StoreFormatError(`${at}: ${what}`);
}
function obj(v: unknown, at: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at, 'expected an object');
  return v as Obj;
}
function str(o: Obj, k: string, at: string): string {
  if (typeof o[k] !== 'string') fail(`${at}.${k}`, 'expected a string');
  return o[k] as string;
}
function optStr(o: Obj, k: string, at: string): string | undefined {
  return o[k] === undefined ? undefined : str(o, k, at);
}
function int(o: Obj, k: string, at: string, min: number): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`${at}.${k}`, `expected an integer ≥ ${min}`);
  return v;
}
function oneOf<T extends string>(o: Obj, k: string, at: string, values: readonly T[]): T {
  const v = str(o, k, at);
  if (!values.includes(v as T)) fail(`${at}.${k}`, `expected one of ${values.join(', ')}`);
  return v as T;
}
function arr(o: Obj, k: string, at: string): unknown[] {
  if (!Array.isArray(o[k])) fail(`${at}.${k}`, 'expected an array');
  return o[k] as unknown[];
}

export function checkProvenance(v: unknown, at: string): Provenance {
  const o = obj(v, at);
  const kind = str(o, 'kind', at);
  // A submodule's place (--recurse-submodules) says which submodule: kept when there.
  const submodule = optStr(o, 'submodule', at);
  const sub = submodule !== undefined ? { submodule } : {};
  const commit = () => ({ commit: str(o, 'commit', at), author: str(o, 'author', at), email: str(o, 'email', at), date: str(o, 'date', at), subject: str(o, 'subject', at), ...sub });
  switch (kind) {
    case 'file':
      return { kind, path: str(o, 'path', at) };
    case 'stdin':
      return { kind };
    case 'staged':
      return withBlob({ kind, path: str(o, 'path', at) }, optStr(o, 'blob', at));
    case 'git':
      return withBlob({ kind, ...commit(), path: str(o, 'path', at) }, optStr(o, 'blob', at));
    case 'git-message': {
      const tag = optStr(o, 'tag', at);
      return { kind, ...commit(), ...(tag !== undefined ? { tag } : {}) };
    }
    case 'git-author':
      return { kind, ...commit() };
    case 'git-unreachable':
      return { kind, blob: str(o, 'blob', at), ...sub };
    case 'archive':
      return { kind, outer: checkProvenance(o.outer, `${at}.outer`), inner: str(o, 'inner', at) };
    default:
      return fail(`${at}.kind`, `unknown provenance kind ${JSON.stringify(kind)}`);
  }
}

function withBlob<T extends object>(p: T, blob: string | undefined): T & { blob?: string } {
  return blob === undefined ? p : { ...p, blob };
}

export function checkLocation(v: unknown, at: string): Location {
  const o = obj(v, at);
  const l: Location = {
    path: str(o, 'path', at),
    line: int(o, 'line', at, 1),
    column: int(o, 'column', at, 1),
    endLine: int(o, 'endLine', at, 1),
    endColumn: int(o, 'endColumn', at, 1),
    provenance: checkProvenance(o.provenance, `${at}.provenance`),
  };
  const encoding = optStr(o, 'encoding', at);
  if (encoding !== undefined) l.encoding = encoding;
  const repo = optStr(o, 'repo', at);
  if (repo !== undefined) l.repo = repo;
  if (o.field !== undefined) l.field = oneOf(o, 'field', at, ['name', 'author'] as const);
  if (o.moreProvenance !== undefined) l.moreProvenance = int(o, 'moreProvenance', at, 1);
  if (o.suppressed !== undefined) l.suppressed = arr(o, 'suppressed', at).map((s, i) => checkSuppression(s, `${at}.suppressed[${i}]`));
  return l;
}

function checkSuppression(v: unknown, at: string): Suppression {
  const o = obj(v, at);
  const s: Suppression = { kind: oneOf(o, 'kind', at, ['inline', 'allowlist', 'baseline', 'ignore'] as const), source: str(o, 'source', at) };
  const reason = optStr(o, 'reason', at);
  if (reason !== undefined) s.reason = reason;
  return s;
}

/** A saved finding: the Finding, its per-origin counts, and each location's origins (if saved). */
export function checkFinding(v: unknown, at: string): { finding: Finding; seen: Map<string, number>; origins: Array<string[] | undefined> } {
  const o = obj(v, at);
  const fp = str(o, 'fingerprint', at);
  if (!/^[0-9a-f]{64}$/.test(fp)) fail(`${at}.fingerprint`, 'expected 64 hex digits');
  if (typeof o.entropy !== 'number' || !Number.isFinite(o.entropy)) fail(`${at}.entropy`, 'expected a number');
  const locs = arr(o, 'locations', at);
  if (locs.length === 0) fail(`${at}.locations`, 'a finding has at least one location');
  const f: Finding = {
    fingerprint: fp,
    ruleId: str(o, 'ruleId', at),
    ruleName: str(o, 'ruleName', at),
    severity: oneOf(o, 'severity', at, SEVERITIES),
    secret: str(o, 'secret', at),
    match: str(o, 'match', at),
    entropy: o.entropy,
    locations: locs.map((l, i) => checkLocation(l, `${at}.locations[${i}]`)),
  };
  if (o.moreLocations !== undefined) f.moreLocations = int(o, 'moreLocations', at, 1);
  const provider = optStr(o, 'provider', at);
  if (provider !== undefined) f.provider = provider;
  if (o.facts !== undefined) f.facts = checkFacts(o.facts, `${at}.facts`);
  if (o.parts !== undefined) {
    f.parts = arr(o, 'parts', at).map((p, i) => {
      const pa = `${at}.parts[${i}]`;
      const po = obj(p, pa);
      return { ruleId: str(po, 'ruleId', pa), role: oneOf(po, 'role', pa, ROLES), secret: str(po, 'secret', pa), fingerprint: str(po, 'fingerprint', pa), location: checkLocation(po.location, `${pa}.location`) };
    });
  }
  if (o.verification !== undefined) f.verification = checkVerification(o.verification, `${at}.verification`);
  const seenObj = obj(o.seen, `${at}.seen`);
  const seen = new Map(Object.keys(seenObj).map((k) => [k, int(seenObj, k, `${at}.seen`, 1)]));
  if (seen.size === 0) fail(`${at}.seen`, 'expected the places counted per origin');
  const origins = locs.map((l, i) => {
    const lo = l as Obj;
    if (lo.origins === undefined) return undefined;
    const list = arr(lo, 'origins', `${at}.locations[${i}]`);
    if (list.length === 0 || !list.every((x) => typeof x === 'string' && seen.has(x))) fail(`${at}.locations[${i}].origins`, 'expected origins named in "seen"');
    return list as string[];
  });
  return { finding: f, seen, origins };
}

/** Provider facts: an object per provider id, of JSON values (each provider reads its own). */
function checkFacts(v: unknown, at: string): Record<string, unknown> {
  const o = obj(v, at);
  for (const k of Object.keys(o)) obj(o[k], `${at}.${k}`);
  return structuredClone(o);
}

function checkVerification(v: unknown, at: string): Verification {
  const o = obj(v, at);
  const out: Verification = { status: oneOf(o, 'status', at, STATUSES) };
  for (const k of ['reason', 'arn', 'account', 'userId'] as const) {
    const s = optStr(o, k, at);
    if (s !== undefined) out[k] = s;
  }
  return out;
}
