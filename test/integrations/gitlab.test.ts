// The GitLab CI template (src/integrations/gitlab/keyhound.gitlab-ci.yml): parsed, and its
// script run by sh as a GitLab job would run it — against a real repository with merge-request
// and push variables — with `keyhound` on PATH being this checkout's CLI. The report it writes
// validates against the secret-detection schema in test/report/.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from '@jest/globals';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { BIN } from '../helpers/cli.js';
import { GitRepo, cleanupRepos, tempDir, testGitEnv } from '../helpers/git-repo.js';
import { fakeKeyId } from '../helpers/keys.js';

afterAll(cleanupRepos);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const template = parse(readFileSync(join(ROOT, 'src', 'integrations', 'gitlab', 'keyhound.gitlab-ci.yml'), 'utf8'));
const job = template.keyhound as { script: string[]; artifacts: { when: string; reports: Record<string, string> }; variables: Record<string, string>; image: { name: string; entrypoint: string[] } };
const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'report', 'gitlab-secret-detection.schema.json'), 'utf8'));
const validate = new Ajv.default({ strict: false }).compile(schema);

/** Run the job's script lines in order in one sh, as the runner does (set -e). */
function runJob(dir: string, vars: Record<string, string>) {
  const shim = tempDir('keyhound-shim-');
  writeFileSync(join(shim, 'keyhound'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(shim, 'keyhound'), 0o755);
  const home = tempDir('keyhound-home-');
  const p = spawnSync('sh', ['-e', '-c', job.script.join('\n')], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...testGitEnv({ GIT_CONFIG_GLOBAL: join(home, '.gitconfig') }),
      HOME: home,
      PATH: `${shim}:${process.env.PATH}`,
      CI_PROJECT_DIR: dir,
      KEYHOUND_FAIL_ON: template.variables.KEYHOUND_FAIL_ON,
      KEYHOUND_ARGS: template.variables.KEYHOUND_ARGS,
      ...vars,
    },
    timeout: 120_000,
  });
  const report = JSON.parse(readFileSync(join(dir, job.artifacts.reports.secret_detection!), 'utf8')) as { vulnerabilities: Array<{ location: { file: string; start_line: number } }> };
  return { code: p.status, stderr: p.stderr, report };
}

function repo() {
  const r = GitRepo.init();
  r.commitFiles({ 'old.ini': `key = ${fakeKeyId().keyId}\n` }, 'old');
  const base = r.commitFiles({ 'README.md': 'hi\n' }, 'docs');
  const head = r.commitFiles({ 'app.env': `A=1\naws_access_key_id = ${fakeKeyId().keyId}\n` }, 'mr');
  return { r, base, head };
}
const where = (rep: { vulnerabilities: Array<{ location: { file: string; start_line: number } }> }) => rep.vulnerabilities.map((v) => [v.location.file, v.location.start_line]).sort();

describe('GitLab CI template', () => {
  test('declares the secret_detection report, full clone depth, the image with no entrypoint', () => {
    expect(job.artifacts).toEqual({ when: 'always', reports: { secret_detection: 'gl-secret-detection-report.json' } });
    expect(job.variables.GIT_DEPTH).toBe('0');
    expect(job.image).toEqual({ name: '$KEYHOUND_IMAGE', entrypoint: [''] });
  });

  test('a merge request: only its commits, a valid report, the job fails on findings', () => {
    const { r, base, head } = repo();
    const run = runJob(r.dir, { CI_MERGE_REQUEST_DIFF_BASE_SHA: base, CI_COMMIT_SHA: head });
    expect(run.code).toBe(1);
    expect(validate(run.report)).toBe(true);
    expect(where(run.report)).toEqual([['app.env', 2]]);
  });

  test('a push: before..sha; a new branch (zeros): the whole history; KEYHOUND_FAIL_ON=never passes', () => {
    const { r, base, head } = repo();
    expect(where(runJob(r.dir, { CI_COMMIT_BEFORE_SHA: base, CI_COMMIT_SHA: head }).report)).toEqual([['app.env', 2]]);
    const created = runJob(r.dir, { CI_COMMIT_BEFORE_SHA: '0'.repeat(40), CI_COMMIT_SHA: head });
    expect(where(created.report)).toEqual([['app.env', 2], ['old.ini', 1]]);
    const never = runJob(r.dir, { CI_COMMIT_BEFORE_SHA: base, CI_COMMIT_SHA: head, KEYHOUND_FAIL_ON: 'never' });
    expect(never.code).toBe(0);
    expect(validate(never.report)).toBe(true);
  });
});
