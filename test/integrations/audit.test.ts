// The org-audit recipes (src/integrations/audit/): parsed with the yaml package and checked for
// the keys GitHub Actions and Kubernetes need and for the keyhound commands they run (neither
// engine runs here). README "Scaling out" points at these files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { parse, parseAllDocuments } from 'yaml';

const DIR = join(fileURLToPath(new URL('../..', import.meta.url)), 'src', 'integrations', 'audit');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }
interface WfJob { needs?: string; if?: string; strategy?: { matrix: { shard: number[] } }; steps: Step[] }

describe('GitHub Actions shard matrix (github-actions-shards.yml)', () => {
  const wf = parse(read('github-actions-shards.yml')) as { env: { N: number }; jobs: Record<string, WfJob>; permissions: Record<string, string> };
  const runs = (job: string) => wf.jobs[job].steps.map((s) => s.run ?? '').join('\n');

  test('a matrix of shards 1..N, each running keyhound repos on the one list with its own state, uploaded', () => {
    expect(wf.jobs.shard.strategy!.matrix.shard).toEqual(Array.from({ length: wf.env.N }, (_, i) => i + 1));
    expect(wf.jobs.shard.needs).toBe('list');
    expect(runs('shard')).toContain('keyhound@0.1.0 repos list.txt --shard ${{ matrix.shard }}/${{ env.N }} --state shard-${{ matrix.shard }}.state');
    const upload = wf.jobs.shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe('shard-${{ matrix.shard }}.state');
    expect(wf.permissions).toEqual({ contents: 'read' });
  });

  test('the token reaches git as a header in git config, never in a URL or on a command line as itself', () => {
    const all = Object.keys(wf.jobs).map(runs).join('\n');
    expect(all).not.toMatch(/https:\/\/[^/\s]*@/);
    expect(all).not.toContain('secrets.');
    expect(runs('shard')).toContain('http.https://github.com/.extraheader');
  });

  test('a merge job runs keyhound merge to SARIF and JSON over every shard and uploads both', () => {
    expect(wf.jobs.merge.needs).toBe('shard');
    expect(wf.jobs.merge.if).toBe('always()');
    expect(runs('merge')).toContain('keyhound@0.1.0 merge shard-*.state --format sarif -o keyhound.sarif');
    expect(runs('merge')).toContain('keyhound@0.1.0 merge shard-*.state --format json -o keyhound.json');
    const download = wf.jobs.merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toEqual({ pattern: 'shard-*', 'merge-multiple': true });
    const upload = wf.jobs.merge.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path).split('\n').filter(Boolean)).toEqual(['keyhound.sarif', 'keyhound.json']);
  });
});

describe('Kubernetes Indexed Job (kubernetes-indexed-job.yaml)', () => {
  const docs = parseAllDocuments(read('kubernetes-indexed-job.yaml')).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
  const jobs = docs.filter((d) => d.kind === 'Job');
  const shards = jobs.find((j) => j.metadata.name === 'keyhound-shards');
  const merge = jobs.find((j) => j.metadata.name === 'keyhound-merge');

  test('the shards Job is Indexed, completions = parallelism = N, each pod its shard from JOB_COMPLETION_INDEX', () => {
    expect(shards.apiVersion).toBe('batch/v1');
    expect(shards.spec.completionMode).toBe('Indexed');
    const c = shards.spec.template.spec.containers[0];
    const n = Number(c.env.find((e: { name: string }) => e.name === 'N').value);
    expect(shards.spec.completions).toBe(n);
    expect(shards.spec.parallelism).toBe(n);
    expect(shards.spec.template.spec.restartPolicy).toBe('Never');
    const script = c.args.join('\n');
    expect(script).toContain('keyhound repos /audit/list.txt --shard "$((JOB_COMPLETION_INDEX + 1))/$N" --state "/audit/shard-$JOB_COMPLETION_INDEX.state"');
    expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain('/audit');
  });

  test('shards and merge share one volume; the merge Job writes SARIF and JSON there', () => {
    const claim = (j: { spec: { template: { spec: { volumes: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }> } } } }) =>
      j.spec.template.spec.volumes.find((v) => v.name === 'audit')?.persistentVolumeClaim?.claimName;
    expect(docs.find((d) => d.kind === 'PersistentVolumeClaim').metadata.name).toBe('keyhound-audit');
    expect(claim(shards)).toBe('keyhound-audit');
    expect(claim(merge)).toBe('keyhound-audit');
    const script = merge.spec.template.spec.containers[0].args.join('\n');
    expect(script).toContain('keyhound merge /audit/shard-*.state --format sarif -o /audit/keyhound.sarif');
    expect(script).toContain('keyhound merge /audit/shard-*.state --format json -o /audit/keyhound.json');
  });
});
