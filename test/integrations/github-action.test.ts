// The action's entry point (dist/integrations/github-action.js) run as action.yml runs it,
// against a real depth-1 clone of a real repository with a PR-like base/head, with fake
// GITHUB_* variables: valid SARIF, annotations, a step summary and step outputs.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from '@jest/globals';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { GitRepo, cleanupRepos, tempDir, testGitEnv } from '../helpers/git-repo.js';
import { fakeKeyId } from '../helpers/keys.js';

afterAll(cleanupRepos);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = join(ROOT, 'dist', 'integrations', 'github-action.js');
const require = createRequire(import.meta.url);

function sarifValidator() {
  const { $schema: _draft04, id, ...schema } = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new Ajv.default({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ ...schema, $id: id });
}
const validSarif = sarifValidator();

/** origin: main has an old key (before the PR); branch `feature` adds one key, then a clean commit. */
function origin() {
  const r = GitRepo.init();
  r.commitFiles({ 'README.md': 'hi\n', 'old.ini': `key = ${fakeKeyId().keyId}\n` }, 'init');
  const base = r.commitFiles({ 'README.md': 'hi there\n' }, 'docs');
  r.git('checkout', '-q', '-b', 'feature');
  const leaky = fakeKeyId().keyId;
  r.commitFiles({ 'app.env': `A=1\naws_access_key_id = ${leaky}\n` }, 'add app config');
  const head = r.commitFiles({ 'notes.txt': 'clean\n' }, 'notes');
  r.git('checkout', '-q', 'main');
  return { r, base, head, leaky };
}

interface Run { code: number | null; stdout: string; stderr: string; summary: string; outputs: Record<string, string>; sarif?: { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> } }

/** actions/checkout's default: depth 1, of the head. Then the entry point, as action.yml runs it. */
function runAction(src: GitRepo, eventName: string, event: object, branch = 'feature', inputs: Record<string, string> = {}): Run & { clone: GitRepo } {
  const clone = GitRepo.clone(src, '--depth', '1', '--branch', branch);
  const dir = tempDir('keyhound-action-');
  const files = { event: join(dir, 'event.json'), summary: join(dir, 'summary.md'), output: join(dir, 'output.txt'), sarif: join(dir, 'keyhound.sarif') };
  writeFileSync(files.event, JSON.stringify(event));
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');
  const p = spawnSync(process.execPath, [ENTRY], {
    cwd: clone.dir,
    encoding: 'utf8',
    env: {
      ...testGitEnv(),
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_WORKSPACE: clone.dir,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      RUNNER_TEMP: dir,
      INPUT_SARIF: files.sarif,
      INPUT_FAIL_ON: 'any',
      ...inputs,
    },
    timeout: 120_000,
  });
  const outputs = Object.fromEntries(readFileSync(files.output, 'utf8').split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
  let sarif: Run['sarif'];
  try {
    sarif = JSON.parse(readFileSync(files.sarif, 'utf8'));
  } catch {
    sarif = undefined;
  }
  return { code: p.status, stdout: p.stdout, stderr: p.stderr, summary: readFileSync(files.summary, 'utf8'), outputs, sarif, clone };
}

const places = (run: Run) => run.sarif!.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]);

describe('GitHub Action entry point', () => {
  test('pull_request: deepens the shallow clone, scans base..head only: SARIF, annotation, summary, outputs', () => {
    const { r, base, head, leaky } = origin();
    const run = runAction(r, 'pull_request', { pull_request: { base: { sha: base }, head: { sha: head } } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('keyhound: shallow clone: fetching the history the scan needs');
    expect(run.clone.git('rev-parse', '--is-shallow-repository').trim()).toBe('false');
    expect(validSarif(run.sarif)).toBe(true);
    expect(places(run)).toEqual([['aws-access-key-id', 'app.env', 2]]);
    expect(run.stdout).toMatch(/^::error file=app\.env,line=2,col=21,endLine=2,endColumn=41,title=keyhound aws-access-key-id::.* at app\.env:2$/m);
    expect(run.stdout + run.stderr + run.summary).not.toContain(leaky);
    expect(run.summary).toContain('## keyhound: 1 secret location(s) found');
    expect(run.summary).toContain(`Scanned the commits ${base.slice(0, 12)}..${head.slice(0, 12)}.`);
    expect(run.summary).toContain('| aws-access-key-id | `app.env:2` | not verified |');
    expect(run.outputs).toEqual({ 'exit-code': '1', 'sarif-file': expect.stringMatching(/keyhound\.sarif$/), findings: '1' });
  });

  test('push: before..after; a new branch (before = zeros) scans the whole history', () => {
    const { r, base, head } = origin();
    const push = runAction(r, 'push', { before: base, after: head });
    expect(push.code).toBe(1);
    expect(places(push)).toEqual([['aws-access-key-id', 'app.env', 2]]);
    const created = runAction(r, 'push', { before: '0'.repeat(40), after: head });
    expect(created.code).toBe(1);
    expect(created.stderr).toContain('keyhound: scanning the whole history (a new branch or tag: no previous commit to start from)');
    expect(places(created).sort()).toEqual([['aws-access-key-id', 'app.env', 2], ['aws-access-key-id', 'old.ini', 1]]);
  });

  test('a clean pull request: exit 0, no annotation, "no secrets found"', () => {
    const r = GitRepo.init();
    const base = r.commitFiles({ 'README.md': 'hi\n' }, 'init');
    r.git('checkout', '-q', '-b', 'feature');
    const head = r.commitFiles({ 'x.txt': 'fine\n' }, 'x');
    const run = runAction(r, 'pull_request', { pull_request: { base: { sha: base }, head: { sha: head } } });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('::error');
    expect(run.summary).toContain('## keyhound: no secrets found');
    expect(run.outputs).toMatchObject({ 'exit-code': '0', findings: '0' });
  });

  test('a base that cannot be fetched: a warning, then the whole history (never a silent pass)', () => {
    const { r, head } = origin();
    const run = runAction(r, 'push', { before: 'f'.repeat(40), after: head });
    expect(run.stdout).toContain(`::warning title=keyhound::commit ${'f'.repeat(40)} could not be fetched`);
    expect(run.code).toBe(1);
    expect(places(run)).toHaveLength(2);
  });

  test('fail-on never: exit 0 with the findings still reported', () => {
    const { r, base, head } = origin();
    const run = runAction(r, 'pull_request', { pull_request: { base: { sha: base }, head: { sha: head } } }, 'feature', { INPUT_FAIL_ON: 'never' });
    expect(run.code).toBe(0);
    expect(run.outputs.findings).toBe('1');
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  test('a composite action with the documented inputs, running the compiled entry point', () => {
    expect(action).toMatchObject({ name: 'keyhound', description: expect.any(String), runs: { using: 'composite' } });
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['fail-on', 'verify', 'config', 'baseline']));
    for (const [, input] of Object.entries<{ description: string }>(action.inputs)) expect(input.description).toEqual(expect.any(String));
    const steps = action.runs.steps as Array<{ uses?: string; run?: string; shell?: string; if?: string }>;
    for (const s of steps) if (s.run) expect(s.shell).toBe('bash');
    expect(steps.some((s) => s.run?.includes('dist/integrations/github-action.js'))).toBe(true);
    expect(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toMatchObject({ if: expect.stringContaining('always()') });
    expect(readFileSync(join(ROOT, 'src', 'integrations', 'github-action.ts'), 'utf8')).toContain('INPUT_FAIL_ON');
  });

  test('this repository runs it on itself (.github/workflows/keyhound.yml)', () => {
    const wf = parse(readFileSync(join(ROOT, '.github', 'workflows', 'keyhound.yml'), 'utf8'));
    expect(Object.keys(wf.on)).toEqual(['push', 'pull_request']);
    expect(wf.permissions['security-events']).toBe('write');
    const steps = Object.values<{ steps: Array<{ uses?: string }> }>(wf.jobs)[0]!.steps;
    expect(steps.map((s) => s.uses)).toEqual(['actions/checkout@v4', './']);
  });
});
