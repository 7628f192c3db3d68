// Findings: one per secret, locations capped with the true count kept.
import { FindingStore } from '../../src/store/finding-store.js';
import { LOCATION_CAP } from '../../src/engine/bounds.js';
import { describe, expect, it } from '@jest/globals';
import { fingerprint } from '../../src/engine/fingerprint.js';
import type { Hit, Provenance, ScanWarning } from '../../src/types.js';

const hit = (line: number): Hit => ({
  ruleId: 'demo-token',
  ruleName: 'Demo token',
  severity: 'low',
  secret: 's3cr3t',
  match: 's3cr3t',
  entropy: 2.5,
  fingerprint: 'f'.repeat(64),
  span: { line, column: 1, endLine: line, endColumn: 7 },
});

it(`lists a finding's first ${LOCATION_CAP} locations and counts the rest, with one location-cap warning`, () => {
  const warnings: ScanWarning[] = [];
  const set = new FindingStore((w) => warnings.push(w));
  for (let i = 1; i <= LOCATION_CAP + 25; i++) set.add({ hit: hit(i), provenance: [{ kind: 'file', path: `f${i % 3}.txt` }] });
  // A duplicate of a listed place adds nothing.
  set.add({ hit: hit(1), provenance: [{ kind: 'file', path: 'f1.txt' }] });
  const [f, ...rest] = set.findings();
  expect(rest).toEqual([]);
  expect(f!.locations).toHaveLength(LOCATION_CAP);
  // The first LOCATION_CAP places to arrive are listed (in the store's order: path, line).
  expect(f!.locations.map((l) => l.line).sort((a, b) => a - b)).toEqual(Array.from({ length: LOCATION_CAP }, (_, i) => i + 1));
  expect(f!.locations[0]).toMatchObject({ path: 'f0.txt', line: 3, column: 1 });
  expect(f!.moreLocations).toBe(25);
  expect(warnings).toEqual([{ kind: 'location-cap', path: `f${(LOCATION_CAP + 1) % 3}.txt`, message: expect.stringContaining(`'demo-token' finding is in more than ${LOCATION_CAP} places`) }]);
});

it('sets no moreLocations while under the cap', () => {
  const set = new FindingStore();
  set.add({ hit: hit(1), provenance: [{ kind: 'file', path: 'a.txt' }] });
  expect(set.findings()[0]!.moreLocations).toBeUndefined();
});


// ---- the store: several places per hit, order, save/load, merge ----

const SEVERITY: Record<string, Hit['severity']> = { 'alpha-secret-1': 'critical', 'bravo-secret-2': 'high', 'charlie-secret-3': 'critical' };
const git = (path: string, commit: string, date: string): Provenance => ({ kind: 'git', commit, path, author: 'A', email: 'a@example.com', date, subject: 's', blob: 'b'.repeat(40) });
const file = (path: string): Provenance => ({ kind: 'file', path });

/** A hit with secret `secret` at `line`, column 3; its fingerprint is the real one (load checks it). */
function hitOf(secret: string, line: number): Hit {
  const ruleId = 'demo-token';
  return { ruleId, ruleName: 'Demo token', severity: SEVERITY[secret] ?? 'low', secret, match: `t=${secret}`, entropy: 3.25, fingerprint: fingerprint(ruleId, secret), span: { line, column: 3, endLine: line, endColumn: 3 + secret.length } };
}

type Place = [secret: string, path: string, line: number];
const PLACES: Place[] = [
  ['alpha-secret-1', 'z.txt', 1],
  ['bravo-secret-2', 'b/c.txt', 2],
  ['charlie-secret-3', 'B.txt', 3],
  ['alpha-secret-1', 'a.txt', 5],
];

function storeOf(origin: string, places: Place[]): FindingStore {
  const s = new FindingStore({ origin });
  for (const [secret, path, line] of places) s.add({ hit: hitOf(secret, line), provenance: [file(path)] });
  return s;
}

/** `n` places of one secret, in files `${prefix}0.txt`…, and a store-level origin. */
function many(origin: string, prefix: string, n: number, secret = 'alpha-secret-1'): FindingStore {
  return storeOf(origin, Array.from({ length: n }, (_, i): Place => [secret, `${prefix}${String(i).padStart(4, '0')}.txt`, 1]));
}

describe('FindingStore', () => {
  it('makes every provenance of a text a location, with its own path and commit, and counts the rest', () => {
    const s = new FindingStore();
    s.add({ hit: hitOf('alpha-secret-1', 4), provenance: [git('b/conf.env', 'c2', '2024-02-01T00:00:00Z'), git('a/conf.env', 'c1', '2024-01-01T00:00:00Z')], moreProvenance: 18 });
    const [f, ...rest] = s.findings();
    expect(rest).toEqual([]);
    expect(f!.locations.map((l) => [l.path, l.line, l.column, (l.provenance as { commit: string }).commit])).toEqual([
      ['a/conf.env', 4, 3, 'c1'],
      ['b/conf.env', 4, 3, 'c2'],
    ]);
    expect(f!.moreLocations).toBe(18);
    expect(f!.locations.some((l) => 'moreProvenance' in l)).toBe(false);
  });

  it('orders findings by severity, then first location (code-unit order), whatever the insertion order', () => {
    const forward = storeOf('o1', PLACES).findings();
    expect(storeOf('o2', [...PLACES].reverse()).findings()).toEqual(forward);
    expect(forward.map((f) => [f.severity, ...f.locations.map((l) => `${l.path}:${l.line}:${l.column}`)])).toEqual([
      ['critical', 'B.txt:3:3'], // 'B' < 'a' in code units, whatever the machine's locale
      ['critical', 'a.txt:5:3', 'z.txt:1:3'],
      ['high', 'b/c.txt:2:3'],
    ]);
  });

  it('saves and loads: the loaded store lists deep-equal findings and saves the same JSON', () => {
    const s = many('o1', 'f', LOCATION_CAP + 7);
    const archived: Provenance = { kind: 'archive', outer: git('lib/app.jar', 'c1', '2024-01-01T00:00:00Z'), inner: 'conf/app.properties' };
    s.add({ hit: { ...hitOf('bravo-secret-2', 2), parts: [{ ruleId: 'demo-part', role: 'secret', secret: 'p', fingerprint: 'e'.repeat(64), span: { line: 3, column: 1, endLine: 3, endColumn: 2 } }] }, provenance: [archived] });
    s.add({ hit: hitOf('bravo-secret-2', 9), provenance: [file('x.json')], encoding: 'json-unescaped' });
    s.add({ hit: { ...hitOf('charlie-secret-3', 1), provider: 'demo', facts: { demo: { keyType: 'long-term', account: null, canary: false } } }, provenance: [file('charlie-secret-3.txt')], field: 'name' });
    const bravo = () => s.findings().find((f) => f.secret === 'bravo-secret-2')!;
    bravo().verification = { status: 'invalid', reason: 'SignatureDoesNotMatch' };
    const json = s.save();
    const doc = JSON.parse(json) as { version: number; findings: Array<Record<string, unknown>> };
    expect(doc.version).toBe(1);
    expect(doc.findings.map((f) => [f.secret, f.moreLocations])).toEqual([['charlie-secret-3', undefined], ['alpha-secret-1', 7], ['bravo-secret-2', undefined]]);
    const loaded = FindingStore.load(json);
    expect(loaded.findings()).toEqual(s.findings());
    expect(loaded.save()).toBe(json);
    expect(loaded.findings()[0]!).toMatchObject({ provider: 'demo', facts: { demo: { keyType: 'long-term', account: null, canary: false } } });
    expect(loaded.findings()[2]!.locations.map((l) => l.path)).toEqual(['lib/app.jar!conf/app.properties', 'x.json']);
    expect(loaded.findings()[2]!.verification).toEqual({ status: 'invalid', reason: 'SignatureDoesNotMatch' });
    expect(loaded.findings()[2]!.parts![0]!.location).toMatchObject({ path: 'lib/app.jar!conf/app.properties', line: 3, column: 1 });
  });

  it("keeps a submodule's places (--recurse-submodules) with their submodule through save and load", () => {
    const s = new FindingStore();
    const inSub: Provenance = { ...git('vendor/lib/conf.env', 'c1', '2024-01-01T00:00:00Z'), submodule: 'vendor/lib' } as Provenance;
    const message: Provenance = { kind: 'git-message', commit: 'c2', author: 'a', email: 'a@x', date: '2024-01-02T00:00:00Z', subject: 's', submodule: 'vendor/lib' };
    s.add({ hit: hitOf('alpha-secret-1', 4), provenance: [inSub, message] });
    const loaded = FindingStore.load(s.save());
    expect(loaded.findings()).toEqual(s.findings());
    expect(loaded.findings()[0]!.locations.map((l) => [l.path, (l.provenance as { submodule?: string }).submodule])).toEqual([
      ['vendor/lib/(commit message c2)', 'vendor/lib'],
      ['vendor/lib/conf.env', 'vendor/lib'],
    ]);
  });

  it('saves no field the JSON report does not have, except the place counts', () => {
    const s = storeOf('o1', PLACES);
    s.findings()[0]!.context = { candidates: ['another-secret'], sessionToken: 'token' };
    const saved = JSON.parse(s.save()) as { findings: Array<Record<string, unknown>> };
    // The report spreads `facts` into provider blocks (`aws`); the store keeps them as `facts`, with `provider`.
    const reportKeys = ['ruleId', 'ruleName', 'fingerprint', 'severity', 'secret', 'match', 'entropy', 'locations', 'moreLocations', 'provider', 'facts', 'parts', 'verification'];
    for (const f of saved.findings) expect(Object.keys(f).filter((k) => !reportKeys.includes(k))).toEqual(['seen']);
    expect(JSON.stringify(saved)).not.toContain('another-secret');
  });

  it('merges commutatively: A+B and B+A list and save the same', () => {
    const a = () => storeOf('o1', PLACES.slice(0, 3));
    const b = () => storeOf('o2', [PLACES[3]!, PLACES[0]!, ['bravo-secret-2', 'q.txt', 8]]);
    const ab = a();
    ab.merge(b());
    const ba = b();
    ba.merge(a());
    expect(ab.findings()).toEqual(ba.findings());
    expect(ab.save()).toBe(ba.save());
    expect(ab.findings().map((f) => f.locations.map((l) => l.path))).toEqual([['B.txt'], ['a.txt', 'z.txt'], ['b/c.txt', 'q.txt']]);
    expect(ab.findings().every((f) => f.moreLocations === undefined)).toBe(true);
  });

  it('merges idempotently: A+A == A, also for a finding over the cap', () => {
    const a = many('o1', 'f', LOCATION_CAP + 30);
    const before = a.save();
    a.merge(FindingStore.load(before));
    expect(a.save()).toBe(before);
    a.merge(a);
    expect(a.save()).toBe(before);
    expect(a.findings()[0]!.moreLocations).toBe(30);
  });

  it('caps locations across a merge and counts every place once', () => {
    const warnings: ScanWarning[] = [];
    const a = many('o1', 'a', 600);
    const b = many('o2', 'b', 600);
    a.merge(b);
    let [f] = a.findings();
    expect(f!.locations).toHaveLength(LOCATION_CAP);
    expect(f!.locations[LOCATION_CAP - 1]!.path).toBe('b0399.txt');
    expect(f!.moreLocations).toBe(200);
    // Merging B again adds no place; a third, disjoint shard over the cap adds its own.
    a.merge(b);
    expect(a.findings()[0]!.moreLocations).toBe(200);
    const c = new FindingStore({ origin: 'o3', onCap: (w) => warnings.push(w) });
    for (let i = 0; i < LOCATION_CAP + 5; i++) c.add({ hit: hitOf('alpha-secret-1', i + 1), provenance: [file('c.txt')] });
    expect(warnings).toHaveLength(1);
    a.merge(c);
    [f] = a.findings();
    expect(f!.locations).toHaveLength(LOCATION_CAP);
    expect(f!.moreLocations).toBe(600 + 600 + LOCATION_CAP + 5 - LOCATION_CAP);
  });

  it('keeps a verification one side has, the more decisive when both have one', () => {
    const a = storeOf('o1', PLACES.slice(0, 1));
    const b = storeOf('o2', PLACES.slice(3));
    b.findings()[0]!.verification = { status: 'unknown', reason: 'throttled' };
    a.merge(b);
    expect(a.findings()[0]!.verification).toEqual({ status: 'unknown', reason: 'throttled' });
    const c = storeOf('o3', PLACES.slice(0, 1));
    c.findings()[0]!.verification = { status: 'live', arn: 'arn:aws:iam::123456789012:user/x' };
    a.merge(c);
    expect(a.findings()[0]!.verification).toEqual({ status: 'live', arn: 'arn:aws:iam::123456789012:user/x' });
  });

  it('drops a decoded view of a path that the other store saw raw', () => {
    const a = new FindingStore({ origin: 'o1' });
    a.add({ hit: hitOf('alpha-secret-1', 7), provenance: [file('x.json')], encoding: 'json-unescaped' });
    const b = storeOf('o2', [['alpha-secret-1', 'x.json', 2]]);
    a.merge(b);
    expect(a.findings()[0]!.locations.map((l) => [l.path, l.line, l.encoding])).toEqual([['x.json', 2, undefined]]);
    expect(a.findings()[0]!.moreLocations).toBeUndefined();
  });

  it('refuses a malformed store with a message that says where', () => {
    const good = JSON.parse(storeOf('o1', PLACES.slice(0, 1)).save()) as { findings: Array<Record<string, any>> };
    const edit = (f: (d: typeof good) => void) => {
      const d = structuredClone(good);
      f(d);
      return JSON.stringify(d);
    };
    expect(() => FindingStore.load('{"version": 1, "findings": [')).toThrow(/^not a finding store: not JSON/);
    expect(() => FindingStore.load('[]')).toThrow('not a finding store: expected a JSON object');
    expect(() => FindingStore.load('{"version": 2, "findings": []}')).toThrow('unsupported finding store version 2: this keyhound reads version 1');
    expect(() => FindingStore.load('{"version": 1}')).toThrow('not a finding store: "findings" must be an array');
    expect(() => FindingStore.load(edit((d) => (d.findings[0]!.locations[0].line = 0)))).toThrow('findings[0].locations[0].line: expected an integer ≥ 1');
    expect(() => FindingStore.load(edit((d) => (d.findings[0]!.locations[0].provenance = { kind: 'ftp' })))).toThrow('findings[0].locations[0].provenance.kind: unknown provenance kind "ftp"');
    expect(() => FindingStore.load(edit((d) => (d.findings[0]!.secret = 'alph**********')))).toThrow('findings[0]: fingerprint does not match ruleId and secret (a redacted report is not a store)');
    expect(() => FindingStore.load(edit((d) => d.findings.push(d.findings[0]!)))).toThrow(/^findings\[1\]: fingerprint [0-9a-f]{64} appears twice$/);
    expect(() => FindingStore.load(edit((d) => (d.findings[0]!.moreLocations = 5)))).toThrow('findings[0]: moreLocations 5 does not match the places counted in "seen" (0)');
    expect(FindingStore.load('{"version": 1, "findings": []}').findings()).toEqual([]);
  });
});
