// --format junit: well-formed JUnit XML (fast-xml-parser validates and parses it back).
import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { render } from '../../src/report/index.js';
import { locate, runCli, tempDir } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { fileLoc, pairFinding, result, summary } from './fixtures.js';

const rules = [
  { id: 'aws-access-key-pair', name: 'AWS access key pair', description: 'd', severity: 'critical' as const },
  { id: 'aws-appsync-api-key', name: 'AppSync key', description: 'd', severity: 'medium' as const },
];
const opts = { color: false, rules, toolVersion: '0.1.0' };

type Node = Record<string, unknown>;
function parsed(xml: string): { root: Node; suites: Node[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);
  return { root: doc.testsuites, suites: doc.testsuites.testsuite };
}
const cases = (s: Node) => s.testcase as Node[];

describe('JUnit report', () => {
  it('is one suite per rule: a failing case per finding, a passing case for a rule that found nothing', () => {
    const fx = pairFinding({ locations: [fileLoc('config/prod.env', 3, 19), fileLoc('b.env', 1, 1)] });
    const { root, suites } = parsed(render('junit', result([fx.finding]), { ...opts, showSecrets: false }));
    expect(root).toMatchObject({ name: 'keyhound', tests: '3', failures: '1', errors: '0', skipped: '0', time: '1.234' });
    expect(suites.map((s) => s.name)).toEqual(['keyhound', 'keyhound.aws-access-key-pair', 'keyhound.aws-appsync-api-key']);
    expect(cases(suites[0]!)).toEqual([expect.objectContaining({ name: 'scan', classname: 'keyhound' })]);
    const [hit] = cases(suites[1]!);
    expect(hit).toMatchObject({ name: 'config/prod.env:3:19', classname: 'keyhound.aws-access-key-pair', file: 'config/prod.env', line: '3' });
    const failure = hit!.failure as Node;
    expect(failure.type).toBe('critical');
    expect(failure.message).toBe(`AWS access key pair: AKIA…${fx.keyId.slice(-4)}:${fx.secretKey.slice(0, 4)}…(40) · account ${fx.account} · key long-term`);
    const body = (failure['#text'] as string).split('\n');
    expect(body.slice(0, 3)).toEqual(['at config/prod.env:3:19', 'at b.env:1:1', `fingerprint ${fx.finding.fingerprint}`]);
    expect(body).toContain('allow: if it is not a real secret, end lines 3 and 4 of config/prod.env with # keyhound:allow');
    expect(body.at(-1)).toBe('baseline: keyhound baseline --output .keyhound-baseline.json (accepts the current findings; then scan with --baseline .keyhound-baseline.json)');
    expect(cases(suites[2]!)).toEqual([{ name: 'no findings', classname: 'keyhound.aws-appsync-api-key' }]);
    const shown = render('junit', result([fx.finding]), { ...opts, showSecrets: true });
    expect(shown).toContain(fx.secretKey);
    expect(render('junit', result([fx.finding]), { ...opts, showSecrets: false })).not.toContain(fx.secretKey);
  });

  it('marks an incomplete scan skipped, with its warnings; hostile names stay well-formed', () => {
    const odd = 'a<b>&"c\'\x1b[2J\u0000\ud800.env';
    const fx = pairFinding({ locations: [fileLoc(odd, 1, 1)] });
    const warnings = [{ kind: 'size-cap' as const, path: 'big.bin', message: 'over the cap' }];
    const res = result([fx.finding], { warnings, summary: summary({ findings: 1, complete: false, warnings: 1, warningsByKind: { 'size-cap': 1 } }) });
    const { root, suites } = parsed(render('junit', res, { ...opts, showSecrets: false }));
    expect(root).toMatchObject({ tests: '3', failures: '1', skipped: '1' });
    const [scanCase] = cases(suites[0]!);
    expect(scanCase!.skipped).toEqual({ message: 'scan incomplete: 1 warning(s) (size-cap 1); some content was not scanned' });
    expect(scanCase!['system-out']).toContain('warning: size-cap: big.bin: over the cap');
    expect(cases(suites[1]!)[0]!.name).toBe('a<b>&"c\'\\u001b[2J\\u0000\\ud800.env:1:1');
  });

  it('is what `keyhound scan --format junit` prints: exit 1 with a finding, exit 0 and all passing when clean', () => {
    const dir = tempDir('keyhound-junit-');
    const { keyId } = fakeKeyId('AKIA');
    const text = `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n`;
    writeFileSync(join(dir, 'credentials'), text);
    const r = runCli(['scan', dir, '--format', 'junit']);
    expect(r.code).toBe(1);
    const { root, suites } = parsed(r.stdout);
    expect(root.failures).toBe('1');
    const at = locate(text, keyId);
    const failing = suites.flatMap(cases).filter((c) => c.failure);
    expect(failing.map((c) => [c.classname, c.name, c.line])).toEqual([['keyhound.aws-access-key-pair', `${join(dir, 'credentials')}:${at.line}:${at.column}`, String(at.line)]]);
    expect(r.stdout).not.toContain(keyId);

    writeFileSync(join(dir, 'credentials'), 'nothing here\n');
    const clean = runCli(['scan', dir, '--format', 'junit']);
    expect(clean.code).toBe(0);
    const ok = parsed(clean.stdout);
    expect(ok.root.failures).toBe('0');
    expect(Number(ok.root.tests)).toBeGreaterThan(5); // the scan case plus one per built-in rule
  });
});
