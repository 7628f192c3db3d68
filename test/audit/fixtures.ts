// An org to audit, built at test time: N bare repositories served as file:// URLs, one key
// pair committed then deleted in two of them, optionally a live (moto) key in another, and a
// LIST naming them all plus one URL that does not exist.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitRepo, tempDir, testGitEnv } from '../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

export interface Org {
  dir: string;
  list: string;
  urls: string[];
  broken: string;
  shared: { keyId: string; secret: string; repos: string[] };
  live?: { keyId: string; repos: string[] };
  /** Text of the file holding a key pair (what locations point into). */
  pairText(keyId: string, secret: string): string;
}

const pairText = (keyId: string, secret: string) => `# deploy\nAWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n`;

/** `sharedIn`: indexes of the repos holding the shared pair; `live`: the repos holding a live (moto) pair. */
export function buildOrg(n: number, o: { sharedIn: number[]; live?: { at: number[]; keyId: string; secret: string } }): Org {
  const dir = tempDir('keyhound-org-');
  const { keyId } = fakeKeyId();
  const secret = fakeSecret();
  const urls: string[] = [];
  for (let i = 0; i < n; i++) {
    const work = GitRepo.init();
    work.commitFiles({ 'README.md': `repo ${i}\n` }, 'start');
    if (o.sharedIn.includes(i)) {
      work.commitFiles({ 'deploy.env': pairText(keyId, secret) }, 'add deploy settings');
      work.remove('deploy.env').commit('remove deploy settings');
    }
    if (o.live?.at.includes(i)) work.commitFiles({ 'ci/aws.env': pairText(o.live.keyId, o.live.secret) }, 'ci credentials');
    const bare = join(dir, `repo-${String(i).padStart(2, '0')}.git`);
    execFileSync('git', ['clone', '-q', '--bare', work.dir, bare], { env: testGitEnv(), stdio: 'pipe' });
    urls.push(`file://${bare}`);
  }
  const broken = `file://${join(dir, 'missing.git')}`;
  const list = join(dir, 'repos.txt');
  writeFileSync(list, ['# the org', ...urls.slice(0, 5), '', broken, ...urls.slice(5)].join('\n') + '\n');
  return {
    dir, list, urls, broken,
    shared: { keyId, secret, repos: o.sharedIn.map((i) => urls[i]!) },
    ...(o.live ? { live: { keyId: o.live.keyId, repos: o.live.at.map((i) => urls[i]!) } } : {}),
    pairText,
  };
}

/** What a JSON report says, reduced to what two runs must agree on. */
export interface ReportJson {
  findings: Array<{ fingerprint: string; ruleId: string; aws?: { keyId?: string }; verification?: { status: string }; locations: Array<{ repo?: string; path: string; line: number; column: number; provenance: { kind: string; commit?: string } }> }>;
  repos: Array<{ repo: string; status: string; reason?: string; commits: number; blobs: number; findings: number; live: number; warnings: number }>;
  summary: { complete: boolean; extra?: Record<string, number> };
  warnings: Array<{ kind: string; path: string; message: string }>;
}

export function places(r: ReportJson): Array<[string, string, string, number, number, string]> {
  return r.findings.flatMap((f) => f.locations.map((l): [string, string, string, number, number, string] => [f.fingerprint, l.repo ?? '', l.path, l.line, l.column, l.provenance.kind]));
}
