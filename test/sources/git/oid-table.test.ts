import { describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { OidTable } from '../../../src/sources/git/oid-table.js';

const oid = (n = 20) => randomBytes(n).toString('hex');

describe('OidTable', () => {
  test('dense indices in insertion order, found again after many rehashes', () => {
    const t = new OidTable();
    const ids = Array.from({ length: 20_000 }, () => oid());
    ids.forEach((h, i) => expect(t.add(h)).toEqual({ index: i, added: true }));
    expect(t.size).toBe(20_000);
    for (let i = 0; i < ids.length; i += 997) {
      expect(t.get(ids[i]!)).toBe(i);
      expect(t.hex(i)).toBe(ids[i]);
    }
    expect(t.add(ids[123]!)).toEqual({ index: 123, added: false });
    expect(t.size).toBe(20_000);
    expect(t.get(oid())).toBe(-1);
  });

  test('ids are held as bytes: under 64 bytes an id at 100k ids (a Map of hex strings: ~100)', () => {
    const t = new OidTable();
    for (let i = 0; i < 100_000; i++) t.add(oid());
    expect(t.footprint / t.size).toBeLessThan(64);
  });

  test('SHA-256 ids (64 hex) work; malformed or other-width ids are refused, never found', () => {
    const t = new OidTable();
    const a = oid(32);
    expect(t.add(a).index).toBe(0);
    expect(t.get(a)).toBe(0);
    expect(t.hex(0)).toBe(a);
    expect(t.get(oid(20))).toBe(-1);
    expect(() => t.add(oid(20))).toThrow(/not an object id/);
    expect(() => t.add('Z'.repeat(64))).toThrow(/not an object id/);
    expect(t.get(a.toUpperCase())).toBe(-1);
    expect(() => new OidTable().add('abc')).toThrow(/not an object id/);
  });
});
