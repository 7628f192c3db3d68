// Secrets in names: the scanner itself (pure, with the real engine), and end to end through the
// CLI — a file, an archive member, a git path and a git author, each holding a key id and
// nothing else, are findings located in that name. (On main before names were scanned, none
// of these was a finding.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { loadRules } from '../../src/rules/load.js';
import { Engine } from '../../src/engine/detect.js';
import { NameScanner } from '../../src/engine/names.js';
import { FindingStore } from '../../src/store/finding-store.js';
import type { PlacedHit } from '../../src/store/placed.js';
import type { Provenance } from '../../src/types.js';
import { zip } from '../helpers/archives.js';
import { GitRepo, cleanupRepos } from '../helpers/git-repo.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

let engine: Engine;
beforeAll(async () => {
  engine = new Engine(await loadRules());
});
afterAll(() => cleanupRepos());

const file = (path: string): Provenance[] => [{ kind: 'file', path }];

/** A secret without '/' or '+': it can stand in a file name. */
function nameSafeSecret(): string {
  for (;;) {
    const s = fakeSecret();
    if (!/[/+]/.test(s)) return s;
  }
}

describe('NameScanner', () => {
  it('finds a key id in a path, located within the name, marked as a name', () => {
    const { keyId } = fakeKeyId();
    const out: PlacedHit[] = [];
    new NameScanner(engine, { inlineAllow: true }).scan(`conf/${keyId}.env`, 'name', file(`conf/${keyId}.env`), out);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ field: 'name', hit: { ruleId: 'aws-access-key-id', secret: keyId, span: { line: 1, column: 6, endLine: 1, endColumn: 26 } } });
  });

  it('pairs a key id and its secret in one member name', () => {
    const { keyId } = fakeKeyId();
    const secret = nameSafeSecret();
    const out: PlacedHit[] = [];
    const name = `creds/${keyId}_${secret}.txt`;
    new NameScanner(engine, { inlineAllow: true }).scan(name, 'name', [{ kind: 'archive', outer: { kind: 'file', path: 'a.zip' }, inner: name }], out);
    expect(out.map((p) => p.hit.secret)).toEqual([`${keyId}:${secret}`]);
    expect(out[0].hit.parts!.map((p) => p.span.column)).toEqual([7, 28]);
  });

  it('runs the rules only on names with a keyword, and on each such clean name once', () => {
    const s = new NameScanner(engine, { inlineAllow: true });
    const detect = jest.spyOn(engine, 'detect');
    try {
      const out: PlacedHit[] = [];
      for (let i = 0; i < 3; i++) s.scan('src/index.ts', 'name', file('src/index.ts'), out);
      expect(detect).not.toHaveBeenCalled();
      for (let i = 0; i < 3; i++) s.scan('config/secret_key.properties', 'name', file(`jar${i}.jar!config/secret_key.properties`), out);
      expect(detect).toHaveBeenCalledTimes(1);
      expect(out).toEqual([]);
    } finally {
      detect.mockRestore();
    }
  });

  it('reports a key id in a directory once, not once per file below it', () => {
    const { keyId } = fakeKeyId();
    const s = new NameScanner(engine, { inlineAllow: true });
    const out: PlacedHit[] = [];
    for (const p of [`${keyId}/a.txt`, `${keyId}/b.txt`, `x/${keyId}.txt`, `y/${keyId}.txt`]) s.scan(p, 'name', file(p), out);
    expect(out.map((h) => (h.provenance[0] as { path: string }).path)).toEqual([`${keyId}/a.txt`, `x/${keyId}.txt`, `y/${keyId}.txt`]);
  });

  it('keeps a name location beside a content location at the same line and column', () => {
    const { keyId } = fakeKeyId();
    const path = `${keyId}.env`;
    const [content] = engine.detect(`${keyId}\n`);
    const out: PlacedHit[] = [];
    new NameScanner(engine, { inlineAllow: true }).scan(path, 'name', file(path), out);
    const set = new FindingStore();
    set.add({ hit: content, provenance: file(path) });
    set.add(out[0]);
    const [f] = set.findings();
    expect(f.locations.map((l) => [l.line, l.column, l.field])).toEqual([
      [1, 1, undefined],
      [1, 1, 'name'],
    ]);
  });
});

interface JsonLoc {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  field?: string;
  provenance: Record<string, unknown>;
}
interface JsonReport {
  findings: Array<{ ruleId: string; secret: string; locations: JsonLoc[]; parts?: Array<{ role: string; location: JsonLoc }> }>;
}

describe('names through the CLI', () => {
  it('a file name and an archive member name holding keys are findings located in the name', () => {
    const d = tempDir();
    const a = fakeKeyId().keyId;
    const b = { keyId: fakeKeyId().keyId, secret: nameSafeSecret() };
    writeFileSync(join(d, `${a}.env`), 'DEBUG=1\n');
    const member = `creds/${b.keyId}_${b.secret}.txt`;
    writeFileSync(join(d, 'bundle.zip'), zip([{ name: member, data: 'nothing here\n' }]));

    const r = runCli(['scan', d, '--format', 'json', '--show-secrets', '--workers', '1']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings).toHaveLength(2);
    const byName = report.findings.find((f) => f.secret === a)!;
    expect(byName.locations).toEqual([
      { path: join(d, `${a}.env`), line: 1, column: d.length + 2, endLine: 1, endColumn: d.length + 22, field: 'name', provenance: { kind: 'file', path: join(d, `${a}.env`) } },
    ]);
    const pair = report.findings.find((f) => f.secret === `${b.keyId}:${b.secret}`)!;
    expect(pair.ruleId).toBe('aws-access-key-pair');
    const at = { kind: 'archive', outer: { kind: 'file', path: join(d, 'bundle.zip') }, inner: member };
    expect(pair.locations).toEqual([{ path: `${join(d, 'bundle.zip')}!${member}`, line: 1, column: 7, endLine: 1, endColumn: 27, field: 'name', provenance: at }]);
    expect(pair.parts!.map((p) => [p.role, p.location.column, p.location.field])).toEqual([
      ['key-id', 7, 'name'],
      ['secret', 28, 'name'],
    ]);
  });

  it('a git path and a git author holding keys are findings located in the path and the author', () => {
    const repo = GitRepo.init();
    const [inName, inEmail, inPath] = [fakeKeyId().keyId, fakeKeyId().keyId, fakeKeyId().keyId];
    const author = { name: `Dev ${inName}`, email: `ci+${inEmail}@example.com` };
    const sha = repo.commitFiles({ [`keys/${inPath}.txt`]: 'rotated\n' }, 'add notes', { author });

    const r = runCli(['git', repo.dir, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const loc = (secret: string) => report.findings.find((f) => f.secret === secret)?.locations;
    const who = { kind: 'git-author', commit: sha, author: author.name, email: author.email, subject: 'add notes' };
    expect(loc(inName)).toEqual([expect.objectContaining({ path: `(author of commit ${sha.slice(0, 12)})`, line: 1, column: 5, endColumn: 25, field: 'author', provenance: expect.objectContaining(who) })]);
    // "Dev <id> <ci+<id>@…": the email's key id starts after "Dev " + 20 + " <ci+".
    expect(loc(inEmail)).toEqual([expect.objectContaining({ path: `(author of commit ${sha.slice(0, 12)})`, line: 1, column: 30, endColumn: 50, field: 'author' })]);
    expect(loc(inPath)).toEqual([
      expect.objectContaining({
        path: `keys/${inPath}.txt`,
        line: 1,
        column: 6,
        endColumn: 26,
        field: 'name',
        provenance: expect.objectContaining({ kind: 'git', commit: sha, path: `keys/${inPath}.txt`, author: author.name }),
      }),
    ]);
    expect(report.findings).toHaveLength(3);
  });

  it('a staged file named after a key blocks the commit (keyhound staged)', () => {
    const repo = GitRepo.init();
    const { keyId } = fakeKeyId();
    repo.write(`ci/${keyId}.txt`, 'rotated\n').add();
    const r = runCli(['staged', repo.dir, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const [f] = (JSON.parse(r.stdout) as JsonReport).findings;
    expect(f.locations).toEqual([expect.objectContaining({ path: `ci/${keyId}.txt`, line: 1, column: 4, endColumn: 24, field: 'name', provenance: expect.objectContaining({ kind: 'staged' }) })]);
  });
});
