import { describe, expect, it } from '@jest/globals';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { render, type RuleMeta } from '../../src/report/index.js';
import { renderSarif, toUri } from '../../src/report/sarif.js';
import type { Provenance } from '../../src/types.js';
import { fakeSessionToken } from '../helpers/keys.js';
import { fileLoc, gitProvenance, pairFinding, result } from './fixtures.js';

const require = createRequire(import.meta.url);

/**
 * The official schema is draft-04; Ajv 8 speaks draft-07. The two differ only in keywords this
 * schema does not use (boolean exclusiveMinimum/Maximum), so drop the draft-04 `$schema` and
 * rename `id` to `$id` rather than pull in a draft-04 validator.
 */
function sarifValidator() {
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const { $schema: _draft04, id, ...schema } = JSON.parse(readFileSync(path, 'utf8'));
  // unicodeRegExp off: the schema's `language` pattern has a stray ']' that only 'u' mode rejects.
  const ajv = new Ajv.default({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ ...schema, $id: id });
}
const validate = sarifValidator();

const rules: RuleMeta[] = [
  { id: 'aws-access-key-pair', name: 'AWS access key pair', description: 'An AWS key id with its secret.', severity: 'critical' },
  { id: 'aws-access-key-id', name: 'AWS access key id', description: 'An AWS key id alone.', severity: 'high' },
  { id: 'aws-secret-lone', name: 'AWS secret', description: 'A secret with no key id.', severity: 'medium' },
  { id: 'generic-low', name: 'Low', description: 'Low.', severity: 'low' },
];

function sampleResult() {
  const plain = pairFinding();
  const jar: Provenance = { kind: 'archive', outer: { kind: 'file', path: 'build/my app.jar' }, inner: 'BOOT-INF/classes/app.properties' };
  const nested: Provenance = { kind: 'archive', outer: { ...jar, inner: 'lib/inner.jar' }, inner: 'creds.txt' };
  const git = gitProvenance('deploy/ci.yml');
  const archived = pairFinding({
    locations: [fileLoc('build/my app.jar!BOOT-INF/classes/app.properties', 2, 5, jar), fileLoc('x', 1, 1, nested)],
  });
  const live = pairFinding({
    severity: 'medium',
    locations: [{ ...fileLoc('deploy/ci.yml', 7, 3, git), moreProvenance: 4, encoding: 'utf-16le' }],
    verification: { status: 'live', arn: 'arn:aws:iam::000000000000:user/deployer', account: '000000000000' },
    context: { sessionToken: fakeSessionToken() },
  });
  const message: Provenance = { kind: 'git-message', commit: git.commit, author: 'A', email: 'a@x', date: git.date, subject: 's' };
  const inMessage = pairFinding({ ruleId: 'unlisted-rule', locations: [fileLoc('(commit message)', 1, 1, message)] });
  const many = pairFinding({ locations: Array.from({ length: 15 }, (_, i) => fileLoc(`f${i}.txt`, i + 1)) });
  const res = result([plain.finding, archived.finding, live.finding, inMessage.finding, many.finding], {
    warnings: [{ kind: 'unreadable', path: 'secret dir/x', message: 'EACCES' }],
  });
  res.summary = { ...res.summary, complete: false, warnings: 1, warningsByKind: { unreadable: 1 } };
  return { res, plain, archived, live };
}

function renderLog(showSecrets = false) {
  const s = sampleResult();
  const text = render('sarif', s.res, { showSecrets, color: false, rules, toolVersion: '0.1.0' });
  return { ...s, text, log: JSON.parse(text) };
}

describe('SARIF', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const { log } = renderLog();
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('a secret in a name sits on the file, line 1, marked with its field, and validates', () => {
    const author: Provenance = { kind: 'git-author', commit: 'c0ffee00c0ffee00', author: 'A', email: 'a@x', date: '2024-05-01', subject: 's' };
    const inName = pairFinding({ locations: [{ ...fileLoc('keys/id.env', 1, 6), field: 'name' }] });
    const inAuthor = pairFinding({ locations: [{ ...fileLoc('(author of commit c0ffee00c0ff)', 1, 5, author), field: 'author' }] });
    const log = JSON.parse(render('sarif', result([inName.finding, inAuthor.finding]), { showSecrets: false, color: false, rules, toolVersion: '0.1.0' }));
    expect(validate(log)).toBe(true);
    const [a, b] = log.runs[0].results.map((r: { locations: unknown[] }) => r.locations[0]);
    expect(a).toEqual({ physicalLocation: { artifactLocation: { uri: 'keys/id.env' }, region: { startLine: 1 } }, properties: { field: 'name' } });
    expect(b).toEqual({
      logicalLocations: [{ fullyQualifiedName: '(author of commit c0ffee00c0ff)', kind: 'resource' }],
      properties: { field: 'author', commit: 'c0ffee00c0ffee00', author: 'A <a@x>', date: '2024-05-01' },
    });
  });

  it('the validator does reject a broken log', () => {
    const { log } = renderLog();
    log.runs[0].results[0].level = 'fatal';
    delete log.runs[0].tool.driver.name;
    expect(validate(log)).toBe(false);
    expect(validate.errors?.length).toBeGreaterThan(0);
  });

  it('describes the tool and every rule with GitHub security severities', () => {
    const { log } = renderLog();
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'keyhound', version: '0.1.0', informationUri: 'https://github.com/keyhound/keyhound' });
    const sev = Object.fromEntries(driver.rules.map((r: any) => [r.id, [r.defaultConfiguration.level, r.properties['security-severity']]]));
    expect(sev).toMatchObject({
      'aws-access-key-pair': ['error', '9.5'],
      'aws-access-key-id': ['error', '8.0'],
      'aws-secret-lone': ['warning', '5.5'],
      'generic-low': ['note', '3.0'],
    });
    expect(driver.rules[0].properties.tags).toEqual(['security', 'secret']);
    // A finding of a rule the caller did not describe still gets a valid ruleIndex.
    const unlisted = log.runs[0].results[3];
    expect(driver.rules[unlisted.ruleIndex].id).toBe('unlisted-rule');
  });

  it('maps results: level, fingerprint, properties, capped locations', () => {
    const { log, res } = renderLog();
    const [plain, , live, , many] = log.runs[0].results;
    expect(plain).toMatchObject({ ruleId: 'aws-access-key-pair', ruleIndex: 0, level: 'error' });
    expect(plain.partialFingerprints).toEqual({ 'keyhound/v1': res.findings[0].fingerprint });
    expect(plain.properties).toMatchObject({ account: (res.findings[0].facts!.aws as { account: string }).account, keyType: 'long-term', canary: false });
    expect(plain.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'config/prod.env' },
      region: { startLine: 3, startColumn: 19, endLine: 3, endColumn: 39 },
    });
    expect(live.level).toBe('error'); // medium, but verified live
    expect(live.message.text).toContain('verification live');
    expect(live.locations[0].properties).toMatchObject({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), author: 'Alice Example <alice@example.com>', date: '2024-05-01T10:20:30Z', encoding: 'utf-16le' });
    expect(many.locations).toHaveLength(10);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0]).toMatchObject({
      level: 'warning',
      message: { text: 'unreadable: EACCES' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'secret%20dir/x' } } }],
    });
    expect(log.runs[0].properties.summary.complete).toBe(false);
  });

  it('points archive members at the outer file, naming the inner path logically', () => {
    const { log } = renderLog();
    const [jarLoc, nestedLoc] = log.runs[0].results[1].locations;
    expect(jarLoc.physicalLocation.artifactLocation.uri).toBe('build/my%20app.jar');
    expect(jarLoc.logicalLocations).toEqual([{ fullyQualifiedName: 'build/my app.jar!BOOT-INF/classes/app.properties', kind: 'member' }]);
    expect(jarLoc.properties.innerPath).toBe('BOOT-INF/classes/app.properties');
    expect(nestedLoc.physicalLocation.artifactLocation.uri).toBe('build/my%20app.jar');
    expect(nestedLoc.properties.innerPath).toBe('lib/inner.jar!creds.txt');
  });

  it('gives a commit message a logical location only', () => {
    const { log } = renderLog();
    const loc = log.runs[0].results[3].locations[0];
    expect(loc.physicalLocation).toBeUndefined();
    expect(loc.logicalLocations[0].fullyQualifiedName).toMatch(/^\(commit message [0-9a-f]{12}\)$/);
  });

  it('never contains a full secret unless showSecrets', () => {
    const redacted = renderLog();
    for (const fx of [redacted.plain, redacted.archived, redacted.live]) {
      expect(redacted.text).not.toContain(fx.keyId);
      expect(redacted.text).not.toContain(fx.secretKey);
    }
    expect(redacted.text).not.toContain(redacted.live.finding.context!.sessionToken!);
    const shown = renderLog(true);
    expect(shown.text).toContain(shown.plain.secretKey);
    expect(validate(shown.log)).toBe(true);
  });

  it('makes relative, percent-encoded URIs with forward slashes', () => {
    expect(toUri('.\\src\\my file#1%.txt')).toBe('src/my%20file%231%25.txt');
    expect(toUri('C:x')).toBe('C%3Ax');
  });

  it('is valid with no findings and no rules', () => {
    const log = JSON.parse(renderSarif(result([]), { rules: [], toolVersion: '0.1.0' }));
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
  });
});
