import { describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { CommitTable, isoDate } from '../../../src/sources/git/commit-table.js';
import type { CommitMeta } from '../../../src/sources/git/log.js';

const meta = (o: Partial<CommitMeta> = {}): CommitMeta => ({
  sha: randomBytes(20).toString('hex'),
  ct: 1612325106,
  date: '2021-02-03T09:35:06+05:30',
  author: 'Bob Builder',
  email: 'bob@example.com',
  subject: 'add deploy config',
  ...o,
});

describe('CommitTable', () => {
  test('gives back exactly what it was given (offsets, non-ASCII subjects, empty fields)', () => {
    const t = new CommitTable();
    const given = [
      meta(),
      meta({ ct: 0, date: '1970-01-01T00:00:00+00:00', author: '', email: '', subject: '' }),
      meta({ ct: 1700000000, date: '2023-11-14T12:13:20-09:30', author: 'Zoë Ünïcode', subject: 'fix: ✓ naïve café — 日本語' }),
      meta({ ct: -86400, date: '1969-12-31T00:00:00+00:00' }),
    ];
    const idx = given.map((m) => t.add(m));
    expect(idx).toEqual([0, 1, 2, 3]);
    given.forEach((m, i) => expect(t.meta(i)).toEqual(m));
    expect(t.ct(2)).toBe(1700000000);
    expect(t.sha(2)).toBe(given[2]!.sha);
    expect(t.has(given[3]!.sha)).toBe(true);
    expect(t.has(randomBytes(20).toString('hex'))).toBe(false);
  });

  test('a date the rebuild would not reproduce is kept as given', () => {
    const t = new CommitTable();
    const odd = meta({ date: '2021-02-03T04:05:06Z' }); // not git's %cI shape
    t.add(odd);
    expect(t.meta(0).date).toBe('2021-02-03T04:05:06Z');
  });

  test('a commit added twice keeps its first index and metadata', () => {
    const t = new CommitTable();
    const m = meta();
    expect(t.add(m)).toBe(0);
    expect(t.add({ ...m, subject: 'other' })).toBe(0);
    expect(t.size).toBe(1);
    expect(t.meta(0).subject).toBe('add deploy config');
  });

  test('subjects across page boundaries, and one longer than a page, come back whole', () => {
    const t = new CommitTable();
    const subjects = Array.from({ length: 3000 }, (_, i) => `${i}:` + 'é'.repeat(500));
    subjects[1500] = 'x'.repeat(3 << 20);
    subjects.forEach((subject) => t.add(meta({ subject })));
    for (const i of [0, 1048, 1049, 1499, 1500, 1501, 2999]) expect(t.meta(i).subject).toBe(subjects[i]);
    expect(subjects.every((s, i) => t.meta(i).subject === s)).toBe(true);
  });

  test('holds thousands of commits past every growth step', () => {
    const t = new CommitTable();
    const all = Array.from({ length: 5000 }, (_, i) => meta({ ct: 1600000000 + i * 61, date: isoDate(1600000000 + i * 61, 120), subject: `change ${i}`, author: `dev ${i % 7}` }));
    all.forEach((m) => t.add(m));
    for (const i of [0, 1023, 1024, 4999]) expect(t.meta(i)).toEqual(all[i]);
  });
});

describe('isoDate', () => {
  test("prints git's strict ISO 8601 in the given offset", () => {
    expect(isoDate(1612325106, 330)).toBe('2021-02-03T09:35:06+05:30');
    expect(isoDate(1612325106, -480)).toBe('2021-02-02T20:05:06-08:00');
    expect(isoDate(1612325106, 0)).toBe('2021-02-03T04:05:06+00:00');
  });

  test('agrees with Date over leap years, centuries, pre-1970 and odd offsets', () => {
    const viaDate = (ts: number, off: number) => {
      const d = new Date((ts + off * 60) * 1000).toISOString().slice(0, 19);
      const a = Math.abs(off);
      return `${d}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
    };
    const stamps = [0, -1, 951782400, 951868799, 4107542399, -2208988800, 253402214400, 1709164800];
    for (let i = 0; i < 20000; i++) stamps.push(Math.floor((i * 2654435761) % 4e9) - 1e9);
    for (const ts of stamps) for (const off of [0, 330, -480, 765, -59]) expect(isoDate(ts, off)).toBe(viaDate(ts, off));
  });
});

describe('CommitTable.meta cache', () => {
  test('a commit whose cache slot was taken by another is rebuilt exactly', () => {
    const t = new CommitTable();
    const all = Array.from({ length: 9000 }, (_, i) => meta({ ct: 1600000000 + i, date: isoDate(1600000000 + i, 60), subject: `s${i}` }));
    all.forEach((m) => t.add(m));
    // 8192 slots: entries 5 and 8197 share one.
    expect(t.meta(5)).toEqual(all[5]);
    expect(t.meta(8197)).toEqual(all[8197]);
    expect(t.meta(5)).toEqual(all[5]);
    expect(t.meta(5)).toBe(t.meta(5));
  });
});
