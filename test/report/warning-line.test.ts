import { describe, expect, it } from '@jest/globals';
import { groupedLines, warningLine } from '../../src/report/warning-line.js';
import { fakeHex } from '../helpers/keys.js';

describe('warning lines', () => {
  it('a missing blob: one line, blob id shortened and not repeated, path not repeated', () => {
    const blob = fakeHex(40);
    const commit = fakeHex(12);
    const w = {
      kind: 'missing-object' as const,
      path: `conf/b.txt (blob ${blob})`,
      message: `blob ${blob} at conf/b.txt, introduced by commit ${commit}, is missing from the object store (partial clone or damaged repository); not scanned`,
    };
    expect(warningLine(w)).toBe(
      `conf/b.txt (blob ${blob.slice(0, 12)}): introduced by commit ${commit}, is missing from the object store (partial clone or damaged repository); not scanned`,
    );
    expect(warningLine(w, { verbose: true })).toBe(`${w.path}: ${w.message}`);
  });

  it('stays one line whatever the path holds', () => {
    const line = warningLine({ kind: 'unreadable', path: 'odd\nname\x1b[2J', message: 'not scanned:\nEACCES' });
    expect(line).toBe('odd\\x0aname\\x1b[2J: not scanned:\\x0aEACCES');
    expect(line).not.toContain('\n');
  });

  it('groups by kind with counts and the first three paths', () => {
    const ws = [
      ...Array.from({ length: 5 }, (_, i) => ({ kind: 'size-cap' as const, path: `big${i}.bin`, message: 'm' })),
      { kind: 'unreadable' as const, path: 'locked', message: 'm' },
    ];
    expect(groupedLines(ws)).toEqual(['size-cap ×5: big0.bin, big1.bin, big2.bin, …', 'unreadable ×1: locked']);
  });
});
