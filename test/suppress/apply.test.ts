// The one suppression stage: what it hides, what it keeps, what it counts.
import { describe, expect, it } from '@jest/globals';
import { applySuppressions } from '../../src/suppress/apply.js';
import type { Suppressor } from '../../src/suppress/suppressor.js';
import type { Suppression } from '../../src/types.js';
import { fileLoc, pairFinding } from '../report/fixtures.js';

const inline: Suppression = { kind: 'inline', source: 'keyhound:allow', reason: 'fixture' };

/** A suppressor hiding one fingerprint whole (as a baseline does), with a second entry that hides nothing. */
function byFingerprint(fp: string): Suppressor {
  const used: Suppression = { kind: 'baseline', source: 'b.json:5', reason: 'revoked' };
  const unused: Suppression = { kind: 'baseline', source: 'b.json:9' };
  return { entries: [used, unused], whole: (f) => (f.fingerprint === fp ? [used] : []) };
}

describe('applySuppressions', () => {
  it('hides a finding whose every place is marked, keeps it with its marks, and counts it', () => {
    const { finding } = pairFinding({ locations: [{ ...fileLoc('a.env', 2, 5), suppressed: [inline] }] });
    const shown = pairFinding().finding;
    const out = applySuppressions([finding, shown], { noSuppress: false });
    expect(out.findings).toEqual([shown]);
    expect(out.hiddenWhole).toBe(1);
    expect(out.suppressed.map((f) => [f.fingerprint, f.locations.map((l) => [l.path, l.line, l.column, l.suppressed])])).toEqual([
      [finding.fingerprint, [['a.env', 2, 5, [inline]]]],
    ]);
  });

  it('hides only the marked places of a finding seen in several', () => {
    const { finding } = pairFinding({ locations: [{ ...fileLoc('test/a.env', 1, 1), suppressed: [inline] }, fileLoc('prod.env', 4, 7)] });
    const out = applySuppressions([finding], { noSuppress: false });
    expect(out.findings.map((f) => f.locations.map((l) => [l.path, l.line, l.column]))).toEqual([[['prod.env', 4, 7]]]);
    expect(out.suppressed.map((f) => f.locations.map((l) => [l.path, l.line, l.column]))).toEqual([[['test/a.env', 1, 1]]]);
    expect(out.hiddenWhole).toBe(0);
  });

  it('hides nothing of a finding with unlisted places unless it is hidden whole', () => {
    const { finding } = pairFinding({ locations: [{ ...fileLoc('a.env'), suppressed: [inline] }], moreLocations: 3 });
    expect(applySuppressions([finding], { noSuppress: false }).findings).toEqual([finding]);
    const out = applySuppressions([finding], { noSuppress: false, suppressors: [byFingerprint(finding.fingerprint)] });
    expect(out.findings).toEqual([]);
    expect(out.hiddenWhole).toBe(1);
  });

  it('--no-suppress hides nothing but still marks each place', () => {
    const { finding } = pairFinding();
    const out = applySuppressions([finding], { noSuppress: true, suppressors: [byFingerprint(finding.fingerprint)] });
    expect(out.findings.map((f) => f.locations[0]!.suppressed)).toEqual([[{ kind: 'baseline', source: 'b.json:5', reason: 'revoked' }]]);
    expect(out.suppressed).toEqual([]);
    expect(out.hiddenWhole).toBe(0);
  });

  it('lists the entries that matched nothing: the suppressors\' and the declared ones', () => {
    const { finding } = pairFinding();
    const declared: Suppression[] = [{ kind: 'allowlist', source: '.keyhound.yaml:7' }, { kind: 'allowlist', source: '.keyhound.yaml:9' }];
    const marked = { ...finding, locations: [{ ...finding.locations[0]!, suppressed: [declared[0]!] }] };
    const out = applySuppressions([marked], { noSuppress: false, suppressors: [byFingerprint('f'.repeat(64))], declared });
    expect(out.unused).toEqual([declared[1], { kind: 'baseline', source: 'b.json:5', reason: 'revoked' }, { kind: 'baseline', source: 'b.json:9' }]);
  });
});
