// Path allowlists are applied where results meet provenance (src/runtime/join.ts), per place:
// content seen at an allow-listed path and at another is reported at the other one only,
// whichever place comes first, in a history (with and without --all-objects) as in a tree,
// and without reading or matching the content twice.
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitRepo, cleanupRepos, tempDir } from '../helpers/git-repo.js';
import { locate, runCli } from '../helpers/cli.js';
import { randomFrom } from '../helpers/keys.js';
import { gzip } from '../helpers/archives.js';

afterAll(() => cleanupRepos());

/** A user rule (demo_ tokens) allow-listed under any `fixtures/` directory; nothing else loaded. */
function ruleFile(): string {
  const file = join(tempDir('keyhound-join-'), 'demo.yaml');
  writeFileSync(
    file,
    [
      'rules:',
      '  - id: demo-token',
      '    name: Demo token',
      '    description: test rule',
      '    severity: high',
      '    keywords: [demo_]',
      "    pattern: 'demo_(?<secret>[a-z0-9]{24})'",
      '    allow:',
      "      paths: ['(^|/)fixtures/']",
      '    examples:',
      "      - 't = demo_{{alnum:24}}'",
      '',
    ].join('\n'),
  );
  return file;
}

const token = () => `demo_${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 24)}`;

interface Loc {
  path: string;
  line: number;
  column: number;
  provenance: { kind: string; commit?: string };
}

function findings(args: string[]): Array<{ secret: string; locations: Loc[] }> {
  const r = runCli([...args, '--no-builtin-rules', '--format', 'json', '--show-secrets']);
  expect(r.stderr).not.toContain('Error');
  const report = JSON.parse(r.stdout);
  expect(r.code).toBe(report.findings.length ? 1 : 0);
  expect(report.summary.complete).toBe(true);
  return report.findings;
}

describe.each([{ mode: 'history', extra: [] as string[] }, { mode: '--all-objects', extra: ['--all-objects'] }])(
  'git ($mode): one blob committed at an allow-listed path and at another',
  ({ extra }) => {
    test.each([
      { order: 'allow-listed path first', paths: ['test/fixtures/demo.txt', 'src/config.txt'] },
      { order: 'allow-listed path last', paths: ['src/config.txt', 'test/fixtures/demo.txt'] },
    ])('is reported at src/config.txt only ($order)', ({ paths }) => {
      const secret = token();
      const text = `# settings\ntoken = ${secret}\n`;
      const repo = GitRepo.init();
      repo.commitFiles({ 'README.md': '# app\n' }, 'init');
      const shas = paths.map((p) => repo.commitFiles({ [p]: text }, `add ${p}`));
      const at = locate(text, secret.slice('demo_'.length));
      const list = findings(['git', repo.dir, '--rules', ruleFile(), ...extra]);
      expect(list.map((f) => f.secret)).toEqual([secret.slice('demo_'.length)]);
      const src = paths.indexOf('src/config.txt');
      expect(list[0]!.locations.map((l) => [l.path, l.line, l.column, l.provenance.kind, l.provenance.commit])).toEqual([
        ['src/config.txt', at.line, at.column, 'git', shas[src]],
      ]);
    });
  },
);

describe('files: the same bytes at an allow-listed path and at another', () => {
  // Over 1 KB, so the second copy takes the first one's result (runtime/same-content.ts):
  // the allowlist must still be applied at each copy's own path. One worker sees both copies.
  test.each([
    { order: 'allow-listed path first', dirs: ['a/fixtures', 'b/src'] },
    { order: 'allow-listed path last', dirs: ['a/src', 'b/fixtures'] },
  ])('is reported at the src/ copy only ($order)', ({ dirs }) => {
    const secret = token();
    const text = `${'# padding line\n'.repeat(80)}token = ${secret}\n`;
    const root = tempDir('keyhound-join-files-');
    for (const d of dirs) {
      mkdirSync(join(root, d), { recursive: true });
      writeFileSync(join(root, d, 'app.cfg'), text);
    }
    const at = locate(text, secret.slice('demo_'.length));
    const list = findings(['scan', root, '--rules', ruleFile(), '--workers', '1']);
    const kept = join(root, dirs.find((d) => d.endsWith('src'))!, 'app.cfg');
    expect(list.map((f) => f.locations.map((l) => [l.path, l.line, l.column]))).toEqual([[[kept, at.line, at.column]]]);
  });
});

describe('git: members are named after each place', () => {
  // A gzip without a name of its own is named after its outer file minus .gz, which a worker
  // reading the blob by id does not know: the join names it after each path it was seen at.
  test('one gzip blob committed as settings.cfg.gz and backup/old.cfg.gz is located inside each', () => {
    const secret = token();
    const text = `# settings\ntoken = ${secret}\n`;
    const repo = GitRepo.init();
    const gz = gzip(text);
    repo.commitFiles({ 'README.md': '# app\n' }, 'init');
    repo.write('settings.cfg.gz', gz);
    const first = repo.commit('add settings');
    repo.write('backup/old.cfg.gz', gz);
    const second = repo.commit('back them up');
    const at = locate(text, secret.slice('demo_'.length));
    const list = findings(['git', repo.dir, '--rules', ruleFile()]);
    expect(list.map((f) => f.locations.map((l) => [l.path, l.line, l.column, (l.provenance as { outer?: { commit?: string } }).outer?.commit]))).toEqual([
      [
        ['backup/old.cfg.gz!old.cfg', at.line, at.column, second],
        ['settings.cfg.gz!settings.cfg', at.line, at.column, first],
      ],
    ]);
  });
});
