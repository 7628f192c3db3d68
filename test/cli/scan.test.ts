// Acceptance for `keyhound scan`: a directory of realistic leaks, each found at its exact
// line and column, paired where a secret is present, with the right offline account id;
// traps produce nothing; redaction holds; exit codes are exact.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeAccount, fakeBase64, fakeHex, fakeKeyId, fakeOldKeyId, fakeSecret, fakeSessionToken } from '../helpers/keys.js';
import { locate, runCli, tempDir } from '../helpers/cli.js';
import { keyIdForAccount } from '../../src/providers/aws/keys.js';

interface Planted {
  file: string;
  keyId: string;
  account: string | null;
  secret?: string;
  token?: string;
  line: number;
  column: number;
  secretLine?: number;
  secretColumn?: number;
}

interface JsonLocation { path: string; line: number; column: number; endLine: number; endColumn: number; encoding?: string }
interface JsonFinding {
  ruleId: string;
  fingerprint: string;
  secret: string;
  match: string;
  locations: JsonLocation[];
  aws?: { keyId: string; keyType: string; account: string | null; canary: boolean };
  parts?: Array<{ role: string; secret: string; location: JsonLocation }>;
}
interface JsonReport { version: number; summary: { filesScanned: number; findings: number; complete: boolean; warnings: number }; findings: JsonFinding[] }

const dir = tempDir('keyhound-scan-');
const planted: Planted[] = [];

function plant(file: string, content: string, keyId: string, account: string | null, secret?: string, token?: string, from = 0): void {
  const path = join(dir, file);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  const k = locate(content, keyId, from);
  const p: Planted = { file, keyId, account, secret, token, ...k };
  if (secret) {
    const s = locate(content, secret, from);
    p.secretLine = s.line;
    p.secretColumn = s.column;
  }
  planted.push(p);
}

function pairFixture(file: string, render: (k: string, s: string) => string, prefix: 'AKIA' | 'ASIA' = 'AKIA'): void {
  const { keyId, account } = fakeKeyId(prefix);
  const secret = fakeSecret();
  plant(file, render(keyId, secret), keyId, account, secret);
}

beforeAll(() => {
  pairFixture('app/settings.py', (k, s) => `import os\n\nDEBUG = False\nAWS_ACCESS_KEY_ID = "${k}"\nAWS_SECRET_ACCESS_KEY = "${s}"\n`);
  pairFixture('.env', (k, s) => `NODE_ENV=production\nAWS_ACCESS_KEY_ID=${k}\nAWS_SECRET_ACCESS_KEY=${s}\n`);
  pairFixture('infra/main.tf', (k, s) => `provider "aws" {\n  region     = "us-west-2"\n  access_key = "${k}"\n  secret_key = "${s}"\n}\n`);
  pairFixture('k8s/deploy.yaml', (k, s) => `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: AWS_ACCESS_KEY_ID\n              value: "${k}"\n            - name: AWS_SECRET_ACCESS_KEY\n              value: "${s}"\n`);
  pairFixture('dist/bundle.min.js', (k, s) => {
    const filler = 'var a=function(n){return n*2},b=[1,2,3].map(a);';
    const head = filler.repeat(Math.ceil(150_000 / filler.length));
    const tail = filler.repeat(Math.ceil(50_000 / filler.length));
    return `${head}const c={accessKeyId:"${k}",secretAccessKey:"${s}",region:"eu-west-1"};${tail}`;
  });
  pairFixture('dist/app.js.map', (k, s) =>
    JSON.stringify({ version: 3, sources: ['src/config.ts'], sourcesContent: [`export const cfg = {\n  accessKeyId: "${k}",\n  secretAccessKey: "${s}",\n};\n`], mappings: 'AAAA' }),
  );
  pairFixture('notebooks/explore.ipynb', (k, s) =>
    JSON.stringify({ cells: [{ cell_type: 'code', source: ['import boto3\n', `AWS_ACCESS_KEY_ID = "${k}"\n`, `AWS_SECRET_ACCESS_KEY = "${s}"\n`] }], nbformat: 4 }, null, 1),
  );
  pairFixture('home/dev/.aws/credentials', (k, s) => `[default]\naws_access_key_id = ${k}\naws_secret_access_key = ${s}\nregion = us-east-1\n`);
  {
    const { keyId, account } = fakeKeyId('ASIA');
    const secret = fakeSecret();
    const token = fakeSessionToken();
    plant('scripts/assume.sh', `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${keyId}\nexport AWS_SECRET_ACCESS_KEY=${secret}\nexport AWS_SESSION_TOKEN=${token}\naws s3 ls\n`, keyId, account, secret, token);
  }
  {
    const { keyId, account } = fakeKeyId();
    const secret = fakeSecret();
    const rows: string[] = [];
    let size = 0;
    for (let i = 0; size < 12 * 1024 * 1024; i++) {
      const row = `INSERT INTO users (id, name, email, hash) VALUES (${i}, 'user${i}', 'user${i}@example.org', '${fakeHex(40)}');\n`;
      rows.push(row);
      size += row.length;
    }
    rows.splice(rows.length - 3, 0, `INSERT INTO settings (k, v) VALUES ('s3_key', '${keyId}'), ('s3_secret', '${secret}');\n`);
    plant('backup/dump.sql', rows.join(''), keyId, account, secret);
  }
  {
    const { keyId, account } = fakeKeyId();
    plant('docs/rotation.md', `# Rotation\n\nThe old key \`${keyId}\` was rotated on Monday.\n`, keyId, account);
  }
  {
    const keyId = fakeOldKeyId();
    plant('docs/legacy.md', `Legacy id: ${keyId}\n`, keyId, null);
  }
  {
    const keyId = keyIdForAccount('AKIA', '052310077262', 'QWERTZUI');
    plant('docs/canary.txt', `honeytoken ${keyId}\n`, keyId, '052310077262');
  }
});

function scanJson(args: string[] = []): { code: number | null; report: JsonReport; stderr: string } {
  const r = runCli(['scan', dir, '--format', 'json', ...args]);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

describe('keyhound scan on a directory of realistic leaks', () => {
  let code: number | null;
  let report: JsonReport;
  beforeAll(() => {
    ({ code, report } = scanJson(['--show-secrets']));
  });

  it('exits 1 and reports one finding per planted credential', () => {
    expect(code).toBe(1);
    expect(report.version).toBe(1);
    expect(report.summary.findings).toBe(planted.length);
    expect(report.findings).toHaveLength(planted.length);
    expect(report.summary.complete).toBe(true);
  });

  it.each([
    'app/settings.py', '.env', 'infra/main.tf', 'k8s/deploy.yaml', 'dist/bundle.min.js', 'dist/app.js.map',
    'notebooks/explore.ipynb', 'home/dev/.aws/credentials', 'scripts/assume.sh', 'backup/dump.sql',
  ])('%s: a paired credential at the exact line and column, with the offline account', (file) => {
    const p = planted.find((x) => x.file === file)!;
    const f = report.findings.find((x) => x.aws?.keyId === p.keyId)!;
    expect(f).toBeDefined();
    expect(f.ruleId).toBe('aws-access-key-pair');
    expect(f.secret).toBe(`${p.keyId}:${p.secret}`);
    expect(f.aws!.account).toBe(p.account);
    expect(f.locations).toHaveLength(1);
    expect(f.locations[0]).toMatchObject({ path: join(dir, file), line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 20 });
    expect(f.locations[0].encoding).toBeUndefined();
    const secretPart = f.parts!.find((x) => x.role === 'secret')!;
    expect(secretPart.secret).toBe(p.secret);
    expect(secretPart.location).toMatchObject({ line: p.secretLine, column: p.secretColumn, endColumn: p.secretColumn! + 40 });
  });

  it('attaches the session token to an ASIA pair', () => {
    const p = planted.find((x) => x.file === 'scripts/assume.sh')!;
    const f = report.findings.find((x) => x.aws?.keyId === p.keyId)!;
    expect(f.aws!.keyType).toBe('temporary');
    expect(f.parts!.map((x) => x.role)).toEqual(['key-id', 'secret', 'session-token']);
    expect(f.parts![2].secret).toBe(p.token);
  });

  it('a key id alone is a key-id finding with its account; old-style ids have account null', () => {
    for (const file of ['docs/rotation.md', 'docs/legacy.md']) {
      const p = planted.find((x) => x.file === file)!;
      const f = report.findings.find((x) => x.secret === p.keyId)!;
      expect(f.ruleId).toBe('aws-access-key-id');
      expect(f.aws!.account).toBe(p.account);
      expect(f.locations[0]).toMatchObject({ line: p.line, column: p.column });
    }
    expect(planted.find((x) => x.file === 'docs/legacy.md')!.account).toBeNull();
  });

  it('marks a key of a known canary account', () => {
    const p = planted.find((x) => x.file === 'docs/canary.txt')!;
    const f = report.findings.find((x) => x.secret === p.keyId)!;
    expect(f.aws).toMatchObject({ account: '052310077262', canary: true });
    const others = report.findings.filter((x) => x !== f);
    expect(others.every((x) => x.aws?.canary === false)).toBe(true);
  });
});

describe('redaction', () => {
  it('JSON holds no full secret or key id without --show-secrets', () => {
    const r = runCli(['scan', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    for (const p of planted) {
      expect(r.stdout).not.toContain(p.keyId);
      if (p.secret) expect(r.stdout).not.toContain(p.secret);
      if (p.token) expect(r.stdout).not.toContain(p.token);
    }
    const report = JSON.parse(r.stdout) as JsonReport;
    const p = planted.find((x) => x.file === '.env')!;
    const f = report.findings.find((x) => x.aws?.keyId === `${p.keyId.slice(0, 4)}…${p.keyId.slice(-4)}`);
    expect(f?.secret).toBe(`${p.keyId.slice(0, 4)}…${p.keyId.slice(-4)}:${p.secret!.slice(0, 4)}…(40)`);
  });

  it('text output redacts too, and says "account unknown" for old-style ids', () => {
    const r = runCli(['scan', dir]);
    expect(r.code).toBe(1);
    for (const p of planted) {
      expect(r.stdout).not.toContain(p.keyId);
      if (p.secret) expect(r.stdout).not.toContain(p.secret);
    }
    expect(r.stdout).toContain('account unknown');
    expect(r.stdout).toMatch(/CANARY/);
  });
});

describe('traps produce nothing', () => {
  const traps = tempDir('keyhound-traps-');
  beforeAll(() => {
    writeFileSync(join(traps, 'docs.md'), [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'AWS_ACCESS_KEY_ID=AKIAI44QH8DHBEXAMPLE',
      'placeholder: AKIAXXXXXXXXXXXXXXXX and YOUR_ACCESS_KEY_ID',
      '',
    ].join('\n'));
    writeFileSync(join(traps, 'SHA1SUMS'), Array.from({ length: 200 }, (_, i) => `${fakeHex(40)}  file${i}.tar.gz`).join('\n') + '\n');
    writeFileSync(join(traps, 'config.ini'), `secret_key = ${fakeHex(40)}\naws_secret_access_key = ${fakeHex(40).toUpperCase()}\n`);
    writeFileSync(join(traps, 'package-lock.json'), JSON.stringify({
      packages: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`node_modules/p${i}`, { version: '1.0.0', integrity: `sha512-${fakeBase64(86)}==` }])),
    }, null, 2));
    writeFileSync(join(traps, 'util.js'), `// content hash of the bundle\nexport const checksum = "${fakeSecret()}";\n`);
  });

  it('exits 0 with no findings', () => {
    const r = runCli(['scan', traps, '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings).toEqual([]);
    expect(report.summary.filesScanned).toBe(5);
    expect(r.code).toBe(0);
  });
});

describe('stdin and exit codes', () => {
  it('scans stdin with "-"', () => {
    const { keyId, account } = fakeKeyId();
    const r = runCli(['scan', '-', '--format', 'json', '--show-secrets'], { input: `line one\nkey=${keyId}\n` });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].locations[0]).toMatchObject({ path: '-', line: 2, column: 5 });
    expect(report.findings[0].aws!.account).toBe(account);
  });

  it('exits 0 on clean input', () => {
    const r = runCli(['scan', '-'], { input: 'nothing to see\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('files scanned');
  });

  it('exits 2 on an unknown flag and on a bad size', () => {
    expect(runCli(['scan', '--no-such-flag', dir]).code).toBe(2);
    const bad = runCli(['scan', dir, '--max-file-size', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("not a size: 'lots'");
  });

  it('honours inline allow comments, and ignores them with --no-inline-allow', () => {
    const { keyId } = fakeKeyId();
    const input = `a = "${keyId}"  # keyhound:allow\n`;
    expect(runCli(['scan', '-'], { input }).code).toBe(0);
    expect(runCli(['scan', '-', '--no-inline-allow'], { input }).code).toBe(1);
  });

  it('the same secret in several files is one finding with several locations', () => {
    const d = tempDir();
    const { keyId } = fakeKeyId();
    writeFileSync(join(d, 'a.txt'), `${keyId}\n`);
    writeFileSync(join(d, 'b.txt'), `\n\n  ${keyId}\n`);
    const report = JSON.parse(runCli(['scan', d, '--format', 'json']).stdout) as JsonReport;
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].locations.map((l) => [l.path.slice(d.length + 1), l.line, l.column])).toEqual([['a.txt', 1, 1], ['b.txt', 3, 3]]);
  });
});

describe('warnings are never a silent pass', () => {
  it('a binary file over --max-file-size is a warning with its path, and --strict turns an incomplete clean scan into exit 2', () => {
    const d = tempDir();
    // Binary: decoded only when held whole, so the cap applies (plain text is streamed instead).
    writeFileSync(join(d, 'big.log'), Buffer.concat([Buffer.from('x'.repeat(4096)), Buffer.alloc(16)]).reverse());
    writeFileSync(join(d, 'small.txt'), 'hello\n');
    const r = runCli(['scan', d, '--format', 'json', '--max-file-size', '1KB']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport & { warnings: Array<{ kind: string; path: string }> };
    expect(report.summary.complete).toBe(false);
    expect(report.warnings).toEqual([expect.objectContaining({ kind: 'size-cap', path: join(d, 'big.log') })]);
    expect(r.stderr).toContain('size-cap');
    expect(runCli(['scan', d, '--max-file-size', '1KB', '--strict']).code).toBe(2);
  });

  it('a plain-text file over --max-file-size is streamed in windows, not skipped: its key is found at its line', () => {
    const d = tempDir();
    const { keyId } = fakeKeyId();
    writeFileSync(join(d, 'big.log'), `${'x'.repeat(4096)}\nid ${keyId}\n`);
    const r = runCli(['scan', d, '--format', 'json', '--max-file-size', '1KB']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport & { warnings: unknown[] };
    expect(report.findings.map((f) => f.locations.map((l) => [l.path, l.line, l.column]))).toEqual([[[join(d, 'big.log'), 2, 4]]]);
    expect(report.warnings).toEqual([]);
    expect(report.summary.complete).toBe(true);
  });

  it('a streamed file: windows without a keyword are skipped, a window with one is matched with its JSON-unescaped view', () => {
    const d = tempDir();
    const { keyId } = fakeKeyId();
    const secret = `${fakeSecret().slice(0, 20)}/${fakeSecret().slice(0, 19)}`;
    // the secret reappears whole only in the json-unescaped view (its '/' written as '\\/')
    const escaped = `{"id":"${keyId}","aws_secret_access_key":"${secret.replace('/', '\\/')}"}`;
    writeFileSync(join(d, 'plain.log'), `${'x'.repeat(4096)}\n`);
    writeFileSync(join(d, 'big.json'), `${'y'.repeat(4096)}\n${escaped}\n`);
    const r = runCli(['scan', d, '--format', 'json', '--max-file-size', '1KB', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport & { warnings: unknown[] };
    expect(report.findings.map((f) => [f.ruleId, f.secret, f.locations.map((l) => [l.path, l.line, l.column])])).toEqual([
      ['aws-access-key-pair', `${keyId}:${secret}`, [[join(d, 'big.json'), 2, 8]]],
      // the raw window alone holds the key id without a secret beside it
      ['aws-access-key-id', keyId, [[join(d, 'big.json'), 2, 8]]],
    ]);
    expect(report.summary.filesScanned).toBe(2);
    expect(report.summary.complete).toBe(true);
  });

  it('binary files are counted, not silently dropped', () => {
    const d = tempDir();
    writeFileSync(join(d, 'blob.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0]));
    const report = JSON.parse(runCli(['scan', d, '--format', 'json']).stdout) as JsonReport & { summary: { filesScanned: number } };
    expect(report.summary.filesScanned).toBe(1);
  });
});

describe('accounts in generated fixtures', () => {
  it('fakeAccount never collides with a canary account', () => {
    expect(['052310077262']).not.toContain(fakeAccount());
  });
});

describe('paths', () => {
  it('a path that does not exist is a usage error (exit 2), not a clean pass', () => {
    const r = runCli(['scan', join(dir, 'no-such-dir')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file or directory');
  });
});

describe('numeric options', () => {
  it.each([
    [['--max-depth', 'abc'], '--max-depth takes a whole number ≥ 0'],
    [['--verify-concurrency', '0'], '--verify-concurrency takes a whole number ≥ 1'],
    [['--max-ratio', '1'], '--max-ratio takes a number > 1'],
  ])('%j is a usage error', (flags, message) => {
    const r = runCli(['scan', '-', ...flags], { input: 'x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('symlinks', () => {
  it('follows links to files and directories, never loops, and scans each file once', () => {
    const d = tempDir();
    const { keyId } = fakeKeyId();
    mkdirSync(join(d, 'real/sub'), { recursive: true });
    writeFileSync(join(d, 'real/sub/key.txt'), `k=${keyId}\n`);
    symlinkSync(join(d, 'real'), join(d, 'real/sub/loop')); // a loop back up
    symlinkSync(join(d, 'real/sub/key.txt'), join(d, 'alias.txt')); // same file twice
    const outside = tempDir();
    const other = fakeKeyId().keyId;
    writeFileSync(join(outside, 'ext.txt'), `k=${other}\n`);
    symlinkSync(outside, join(d, 'linked')); // a directory outside the root
    const r = runCli(['scan', d, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.filesScanned).toBe(2);
    expect(report.findings.map((f: { secret: string }) => f.secret).sort()).toEqual([keyId, other].sort());
    expect(report.findings.find((f: { secret: string }) => f.secret === keyId).locations).toHaveLength(1);
  });
});
