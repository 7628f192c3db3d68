// The files only GitHub, Docker or the pre-commit framework run: parsed and checked for the
// keys those tools require (they cannot run here; README "CI" says so).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const yaml = (p: string) => parse(read(p));

interface Step { uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> }
const stepsOf = (wf: { jobs: Record<string, { steps: Step[] }> }) => Object.values(wf.jobs).flatMap((j) => j.steps);

describe('.github/workflows/ci.yml', () => {
  const wf = yaml('.github/workflows/ci.yml');
  test('runs .ci/run on Node 20, 22 and 24', () => {
    expect(wf.jobs.test.strategy.matrix['node-version']).toEqual([20, 22, 24]);
    const steps = stepsOf(wf);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': '${{ matrix.node-version }}' });
    expect(steps.some((s) => s.run === 'bash .ci/run')).toBe(true);
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
  });
});

describe('.github/workflows/release.yml', () => {
  const wf = yaml('.github/workflows/release.yml');
  const steps = stepsOf(wf);
  const runs = steps.map((s) => s.run ?? '').join('\n');
  test('on a version tag: tests, packs, attaches the tarball, publishes with provenance only when NPM_TOKEN is set', () => {
    expect(wf.on).toEqual({ push: { tags: ['v*'] } });
    expect(wf.permissions).toEqual({ contents: 'write', 'id-token': 'write', packages: 'write' });
    expect(runs).toContain('bash .ci/run');
    expect(runs).toContain('npm pack --ignore-scripts');
    expect(runs).toContain('gh release upload');
    const publish = steps.find((s) => s.run?.startsWith('npm publish'));
    expect(publish).toMatchObject({ if: "env.NPM_TOKEN != ''", run: expect.stringContaining('--provenance') });
    expect(wf.jobs.package.env.NPM_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
    // Order: test before pack before publish.
    const at = (needle: string) => steps.findIndex((s) => s.run?.includes(needle));
    expect(at('.ci/run')).toBeLessThan(at('npm pack'));
    expect(at('npm pack')).toBeLessThan(at('npm publish'));
  });

  test('builds the Dockerfile and pushes it to GHCR after the package job', () => {
    expect(wf.jobs.image.needs).toBe('package');
    const build = wf.jobs.image.steps.find((s: Step) => s.uses?.startsWith('docker/build-push-action@'));
    expect(build.with).toMatchObject({ context: '.', push: true });
    expect(wf.jobs.image.steps.find((s: Step) => s.uses?.startsWith('docker/login-action@')).with.registry).toBe('ghcr.io');
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile').split('\n').filter((l) => l && !l.startsWith('#'));
  const instr = (name: string) => lines.filter((l) => l.startsWith(`${name} `));
  test('Node base image, git installed, a non-root user, ENTRYPOINT ["keyhound"]', () => {
    expect(instr('FROM').every((l) => /^FROM node:20[\w.-]*( AS \w+)?$/.test(l))).toBe(true);
    expect(read('Dockerfile')).toMatch(/apt-get install -y --no-install-recommends git /);
    const users = instr('USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^USER (root|0)\b/);
    expect(instr('ENTRYPOINT')).toEqual(['ENTRYPOINT ["keyhound"]']);
    // The last stage sets the user before the entry point.
    expect(lines.indexOf(users[0]!)).toBeGreaterThan(lines.lastIndexOf(instr('FROM').at(-1)!));
  });

  test('everything it copies from the build context exists', () => {
    const sources = instr('COPY').filter((l) => !l.includes('--from=')).flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const s of sources) expect([s, existsSync(join(ROOT, s))]).toEqual([s, true]);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = yaml('.pre-commit-hooks.yaml') as Array<Record<string, unknown>>;
  test('the fields the pre-commit framework requires (id, name, entry, language) and keyhound staged', () => {
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    for (const k of ['id', 'name', 'entry', 'language']) expect(typeof hook![k]).toBe('string');
    expect(hook).toMatchObject({ id: 'keyhound', entry: 'keyhound staged --quiet', language: 'node', pass_filenames: false, stages: ['pre-commit'] });
    // language: node installs the repository as a package: its bin must be keyhound.
    expect(JSON.parse(read('package.json')).bin).toEqual({ keyhound: 'bin/keyhound.js' });
  });
});
