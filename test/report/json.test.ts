import { describe, expect, it } from '@jest/globals';
import { render } from '../../src/report/index.js';
import { fakeSessionToken } from '../helpers/keys.js';
import { fileLoc, gitProvenance, pairFinding, result } from './fixtures.js';

const opts = { color: false, rules: [], toolVersion: '1.2.3' };

function sample() {
  const token = fakeSessionToken();
  const fx = pairFinding({
    locations: [{ ...fileLoc('deploy/ci.yml', 7, 3, gitProvenance('deploy/ci.yml')), moreProvenance: 2, encoding: 'utf-16le' }],
    verification: { status: 'invalid', reason: 'InvalidClientTokenId' },
    context: { sessionToken: token },
  });
  return { fx, token, res: result([fx.finding], { warnings: [{ kind: 'binary', path: 'a.bin', message: 'skipped' }] }) };
}

describe('JSON report', () => {
  it('has a stable top-level and finding shape', () => {
    const { fx, res } = sample();
    const text = render('json', res, { ...opts, showSecrets: false });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "version": 1,'); // 2-space indent
    const report = JSON.parse(text);
    expect(Object.keys(report)).toEqual(['version', 'tool', 'summary', 'findings', 'warnings']);
    expect(report.tool).toEqual({ name: 'keyhound', version: '1.2.3' });
    expect(report.warnings).toEqual([{ kind: 'binary', path: 'a.bin', message: 'skipped' }]);

    const f = report.findings[0];
    expect(Object.keys(f)).toEqual([
      'ruleId', 'ruleName', 'fingerprint', 'severity', 'secret', 'match', 'entropy', 'locations', 'aws', 'parts', 'verification',
    ]);
    expect(f.entropy).toBe(4.712);
    expect(f.secret).toBe(`AKIA…${fx.keyId.slice(-4)}:${fx.secretKey.slice(0, 4)}…(40)`);
    expect(f.aws).toEqual({ keyId: `AKIA…${fx.keyId.slice(-4)}`, keyType: 'long-term', account: fx.account, canary: false });
    expect(f.verification).toEqual({ status: 'invalid', reason: 'InvalidClientTokenId' });
    expect(Object.keys(f.locations[0])).toEqual(['path', 'line', 'column', 'endLine', 'endColumn', 'provenance', 'encoding', 'moreProvenance']);
    expect(Object.keys(f.locations[0].provenance)).toEqual(['kind', 'commit', 'path', 'author', 'email', 'date', 'subject']);
    expect(f.parts.map((p: { role: string }) => p.role)).toEqual(['key-id', 'secret']);
  });

  it('contains no full secret unless showSecrets, and the whole secret with it', () => {
    const { fx, token, res } = sample();
    const redacted = render('json', res, { ...opts, showSecrets: false });
    for (const s of [fx.keyId, fx.secretKey, token]) expect(redacted).not.toContain(s);

    const shown = JSON.parse(render('json', res, { ...opts, showSecrets: true }));
    expect(shown.findings[0].secret).toBe(`${fx.keyId}:${fx.secretKey}`);
    expect(shown.findings[0].aws.keyId).toBe(fx.keyId);
    expect(shown.findings[0].match).toContain(fx.secretKey);
  });

  it('omits aws, parts and verification when absent', () => {
    const { finding } = pairFinding({ facts: undefined, parts: undefined });
    const report = JSON.parse(render('json', result([finding]), { ...opts, showSecrets: false }));
    expect(Object.keys(report.findings[0])).not.toEqual(expect.arrayContaining(['aws']));
    expect(report.findings[0].parts).toBeUndefined();
    expect(report.findings[0].verification).toBeUndefined();
  });
});
