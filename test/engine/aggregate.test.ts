// Findings: one per secret, locations capped with the true count kept.
import { FindingSet } from '../../src/engine/aggregate.js';
import { LOCATION_CAP } from '../../src/engine/bounds.js';
import type { Hit, ScanWarning } from '../../src/types.js';

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
  const set = new FindingSet((w) => warnings.push(w));
  for (let i = 1; i <= LOCATION_CAP + 25; i++) set.add({ hit: hit(i), provenance: [{ kind: 'file', path: `f${i % 3}.txt` }] });
  // A duplicate of a listed place adds nothing.
  set.add({ hit: hit(1), provenance: [{ kind: 'file', path: 'f1.txt' }] });
  const [f, ...rest] = set.findings();
  expect(rest).toEqual([]);
  expect(f!.locations).toHaveLength(LOCATION_CAP);
  expect(f!.locations[LOCATION_CAP - 1]).toMatchObject({ path: `f${LOCATION_CAP % 3}.txt`, line: LOCATION_CAP, column: 1 });
  expect(f!.moreLocations).toBe(25);
  expect(warnings).toEqual([{ kind: 'location-cap', path: `f${(LOCATION_CAP + 1) % 3}.txt`, message: expect.stringContaining(`'demo-token' finding is in more than ${LOCATION_CAP} places`) }]);
});

it('sets no moreLocations while under the cap', () => {
  const set = new FindingSet();
  set.add({ hit: hit(1), provenance: [{ kind: 'file', path: 'a.txt' }] });
  expect(set.findings()[0]!.moreLocations).toBeUndefined();
});
