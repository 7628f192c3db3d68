// Baseline entries: keyed by content, sorted, notes kept, malformed files named precisely.
import { describe, expect, it } from '@jest/globals';
import { baselineSuppressor, parseBaseline, renderBaseline, updateBaseline } from '../../src/suppress/baseline.js';
import { SuppressFileError } from '../../src/suppress/suppressor.js';
import { fileLoc, pairFinding } from '../report/fixtures.js';

describe('baseline', () => {
  it('holds rule and fingerprint, the secret only redacted, no place; same findings → same bytes in any order', () => {
    const a = pairFinding().finding;
    const b = pairFinding({ locations: [fileLoc('x.env', 40, 2)] }).finding;
    const text = renderBaseline(updateBaseline([], [a, b]).entries);
    expect(renderBaseline(updateBaseline([], [b, a]).entries)).toBe(text);
    expect(text).not.toContain(a.secret.split(':')[1]);
    expect(text).not.toContain(a.secret.split(':')[0]);
    expect(text).not.toMatch(/x\.env|"line"|prod\.env/);
    const parsed = parseBaseline(text, 'b.json');
    expect(parsed.map((e) => e.fingerprint)).toEqual([a.fingerprint, b.fingerprint].sort());
    expect(parsed[0]!.redacted).toMatch(/^AKIA…[A-Z2-7]{4}:.{4}…\(40\)$/);
  });

  it('an update keeps the notes of entries still found, adds new ones with the reason given, drops the gone', () => {
    const kept = pairFinding().finding;
    const gone = pairFinding().finding;
    const fresh = pairFinding().finding;
    const old = updateBaseline([], [kept, gone]).entries.map((e) => (e.fingerprint === kept.fingerprint ? { ...e, reason: 'revoked 2021', by: 'sec-team', date: '2021-03-04' } : e));
    const change = updateBaseline(old, [kept, fresh], 'test fixture');
    expect(change.added.map((e) => [e.fingerprint, e.reason])).toEqual([[fresh.fingerprint, 'test fixture']]);
    expect(change.dropped.map((e) => e.fingerprint)).toEqual([gone.fingerprint]);
    expect(change.kept).toBe(1);
    const again = parseBaseline(renderBaseline(change.entries), 'b.json').find((e) => e.fingerprint === kept.fingerprint);
    expect(again).toMatchObject({ reason: 'revoked 2021', by: 'sec-team', date: '2021-03-04' });
  });

  it('hides by fingerprint, naming the entry\'s line and reason', () => {
    const f = pairFinding().finding;
    const text = renderBaseline([{ fingerprint: f.fingerprint, ruleId: f.ruleId, redacted: 'x', reason: 'old key' }]);
    const s = baselineSuppressor(parseBaseline(text, 'b.json'), 'b.json', text);
    expect(s.whole!(f)).toEqual([{ kind: 'baseline', source: 'b.json:6', reason: 'old key' }]);
    expect(s.whole!(pairFinding().finding)).toEqual([]);
    // Each entry names its own line.
    const [x, y] = [pairFinding().finding, pairFinding().finding].sort((p, q) => (p.fingerprint < q.fingerprint ? -1 : 1));
    const two = renderBaseline([y!, x!].map((g) => ({ fingerprint: g.fingerprint, ruleId: g.ruleId, redacted: 'r' })));
    const s2 = baselineSuppressor(parseBaseline(two, 'b.json'), 'b.json', two);
    expect([s2.whole!(x!)[0]!.source, s2.whole!(y!)[0]!.source]).toEqual(['b.json:6', 'b.json:11']);
  });

  it('rejects a malformed file, naming the file and the entry', () => {
    const bad = (text: string) => {
      try {
        parseBaseline(text, 'b.json');
      } catch (e) {
        expect(e).toBeInstanceOf(SuppressFileError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    const fp = 'a'.repeat(64);
    expect(bad('{')).toMatch(/^b\.json: not a keyhound baseline: not JSON/);
    expect(bad('{"version":1,"findings":[]}')).toMatch(/^b\.json: not a keyhound baseline/);
    expect(bad('{"keyhound":"baseline","version":2,"findings":[]}')).toBe('b.json: unsupported baseline version 2: this keyhound reads version 1');
    expect(bad(`{"keyhound":"baseline","version":1,"findings":[{"fingerprint":"${fp}","ruleId":"r","reasn":"x"}]}`)).toMatch(/^b\.json: findings\[0\]: unknown field "reasn"/);
    expect(bad(`{"keyhound":"baseline","version":1,"findings":[{"fingerprint":"abc","ruleId":"r"}]}`)).toBe('b.json: findings[0].fingerprint: expected 64 lowercase hex digits');
    expect(bad(`{"keyhound":"baseline","version":1,"findings":[{"fingerprint":"${fp}","ruleId":"r"},{"fingerprint":"${fp}","ruleId":"r"}]}`)).toBe(`b.json: findings[1]: fingerprint ${fp} appears twice`);
  });
});
