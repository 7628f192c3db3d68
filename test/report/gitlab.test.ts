// --format gitlab: GitLab's secret-detection report, validated with ajv against the schema in
// test/report/gitlab-secret-detection.schema.json (written from GitLab's documentation).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from '@jest/globals';
import Ajv from 'ajv';
import { render } from '../../src/report/index.js';
import { GITLAB_SCHEMA_VERSION } from '../../src/report/gitlab.js';
import { runCli } from '../helpers/cli.js';
import { GitRepo, cleanupRepos } from '../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { fileLoc, gitProvenance, pairFinding, result, summary } from './fixtures.js';

afterAll(cleanupRepos);

const schema = JSON.parse(readFileSync(new URL('./gitlab-secret-detection.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv.default({ allErrors: true, strict: false }).compile(schema);
const valid = (doc: unknown) => {
  const ok = validate(doc);
  if (!ok) throw new Error(JSON.stringify(validate.errors, null, 2));
  return ok;
};

interface Vuln {
  id: string;
  severity: string;
  name: string;
  description: string;
  solution?: string;
  identifiers: Array<{ type: string; name: string; value: string }>;
  location: { file: string; start_line: number; end_line: number; commit: { sha: string; author?: string } };
}
interface Report {
  version: string;
  vulnerabilities: Vuln[];
  scan: { type: string; status: string; start_time: string; end_time: string; messages: Array<{ level: string; value: string }>; analyzer: { version: string } };
}

const opts = { showSecrets: false, color: false, rules: [], toolVersion: '9.9.9', now: new Date('2026-03-04T05:06:07.891Z') };

describe('gitlab report', () => {
  it('is valid, one vulnerability per location, redacted, with times in the schema\'s form', () => {
    const fx = pairFinding();
    const inGit = { ...fileLoc('deploy/app.env', 7, 3), provenance: gitProvenance('deploy/app.env') };
    fx.finding.locations.push(inGit);
    const out = render('gitlab', result([fx.finding], { summary: summary({ durationMs: 2000, findings: 1 }) }), opts);
    const doc = JSON.parse(out) as Report;
    expect(valid(doc)).toBe(true);
    expect(out).not.toContain(fx.secretKey);
    expect(out).not.toContain(fx.keyId);
    expect(doc.version).toBe(GITLAB_SCHEMA_VERSION);
    expect(doc.scan).toMatchObject({ type: 'secret_detection', status: 'success', start_time: '2026-03-04T05:06:05', end_time: '2026-03-04T05:06:07', messages: [] });
    expect(doc.scan.analyzer.version).toBe('9.9.9');
    expect(doc.vulnerabilities.map((v) => [v.location.file, v.location.start_line, v.location.commit.sha.length, v.severity])).toEqual([
      ['config/prod.env', 3, 7, 'Critical'],
      ['deploy/app.env', 7, 40, 'Critical'],
    ]);
    expect(doc.vulnerabilities[1]!.location.commit.author).toBe('Alice Example <alice@example.com>');
    expect(doc.vulnerabilities[0]!.identifiers).toEqual([{ type: 'keyhound_rule_id', name: 'keyhound rule aws-access-key-pair', value: 'aws-access-key-pair' }]);
    expect(doc.vulnerabilities[0]!.solution).toContain('aws iam update-access-key');
    // Ids are stable across runs and distinct per location.
    const again = JSON.parse(render('gitlab', result([fx.finding]), opts)) as Report;
    expect(again.vulnerabilities.map((v) => v.id)).toEqual(doc.vulnerabilities.map((v) => v.id));
    expect(new Set(doc.vulnerabilities.map((v) => v.id)).size).toBe(2);
  });

  it('no findings: a valid empty report; an incomplete scan says so in scan.messages', () => {
    const doc = JSON.parse(render('gitlab', result([], { summary: summary({ complete: false, warnings: 3 }) }), opts)) as Report;
    expect(valid(doc)).toBe(true);
    expect(doc.vulnerabilities).toEqual([]);
    expect(doc.scan.messages).toEqual([{ level: 'warn', value: 'incomplete scan: 3 warning(s); some content was not scanned' }]);
  });

  it('the schema rejects what GitLab would (sanity check of the schema itself)', () => {
    const doc = JSON.parse(render('gitlab', result([pairFinding().finding]), opts)) as Report & Record<string, unknown>;
    expect(validate({ ...doc, scan: { ...doc.scan, type: 'sast' } })).toBe(false);
    expect(validate({ ...doc, scan: { ...doc.scan, end_time: '2026-03-04T05:06:07.891Z' } })).toBe(false);
    expect(validate({ ...doc, vulnerabilities: [{ ...doc.vulnerabilities[0], identifiers: [] }] })).toBe(false);
  });

  it('keyhound git --format gitlab -o gl-secret-detection-report.json on a real repository', () => {
    const r = GitRepo.init();
    r.commitFiles({ 'README.md': 'hi\n' }, 'init');
    const { keyId } = fakeKeyId();
    const c = r.commitFiles({ 'conf/app.ini': `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n` }, 'add creds');
    const out = `${r.dir}/gl-secret-detection-report.json`;
    const run = runCli(['git', r.dir, '--format', 'gitlab', '-o', out]);
    expect(run.code).toBe(1);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(keyId);
    const doc = JSON.parse(text) as Report;
    expect(valid(doc)).toBe(true);
    expect(doc.vulnerabilities.map((v) => [v.location.file, v.location.start_line, v.location.commit.sha])).toEqual([['conf/app.ini', 2, c]]);
  });
});
