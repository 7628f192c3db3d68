// A large history made in seconds with `git fast-import`: many commits, each adding a distinct
// text file with AWS-ish keywords (so the rules run on every blob), for tests that need a scan
// that is still busy when they act on it (signals).
import { execFileSync } from 'node:child_process';
import { GitRepo, testGitEnv } from './git-repo.js';

export interface BigHistoryOptions {
  commits: number;
  /** Approximate size of each added file. */
  fileBytes: number;
  /** Extra file content committed first (e.g. a generated key). */
  first?: Record<string, string>;
}

export function bigHistory(opts: BigHistoryOptions): GitRepo {
  const repo = GitRepo.init();
  const parts: Buffer[] = [];
  const data = (s: string) => {
    const b = Buffer.from(s);
    parts.push(Buffer.from(`data ${b.length}\n`), b, Buffer.from('\n'));
  };
  let t = 1577836800; // 2020-01-01
  const commit = (i: number, files: Record<string, string>) => {
    parts.push(Buffer.from(`commit refs/heads/main\nmark :${i + 1}\ncommitter Ada Lovelace <ada@example.com> ${(t += 60)} +0000\n`));
    data(`change ${i}`);
    if (i > 0) parts.push(Buffer.from(`from :${i}\n`));
    for (const [path, content] of Object.entries(files)) {
      parts.push(Buffer.from(`M 100644 inline ${path}\n`));
      data(content);
    }
  };
  commit(0, opts.first ?? { 'README.md': 'start\n' });
  const line = (i: number, j: number) => `service_${i}_${j}_aws_region = "us-east-${(i + j) % 2}" # secret_access_key rotated ${i * 7919 + j}\n`;
  for (let i = 1; i < opts.commits; i++) {
    let text = '';
    for (let j = 0; text.length < opts.fileBytes; j++) text += line(i, j);
    commit(i, { [`conf/d${i % 100}/service-${i}.ini`]: text });
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, env: testGitEnv(), input: Buffer.concat(parts), maxBuffer: 1 << 28 });
  return repo;
}
