// Keys hidden in base64 values and escapes, scanned by the real CLI: each is one finding at the
// encoded text (exact line and column), with Location.encoding and, for AWS, the account.
// Traps (image data URIs, binary base64, source-map VLQ, bundles of \u escapes) stay silent.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

interface Loc { path: string; line: number; column: number; encoding?: string }
interface Found { ruleId: string; secret: string; locations: Loc[]; aws?: { account: string | null } }

const b64 = (s: string) => Buffer.from(s).toString('base64');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scanDir(files: Record<string, string | Buffer>): { code: number | null; findings: Found[] } {
  const dir = mkdtempSync(join(tmpdir(), 'keyhound-encoded-'));
  dirs.push(dir);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  const r = runCli(['scan', dir, '--format', 'json', '--show-secrets']);
  const findings = (JSON.parse(r.stdout) as { findings: Found[] }).findings;
  for (const f of findings) for (const l of f.locations) l.path = l.path.slice(dir.length + 1);
  return { code: r.code, findings };
}

/** 1-based line and column of `offset` in `text`. */
function pos(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** Offset in a base64 run of the character holding the first bit of decoded byte `byte`. */
const charOf = (byte: number) => Math.floor((byte * 4) / 3);

const keys = Array.from({ length: 9 }, () => ({ ...fakeKeyId(), secret: fakeSecret() }));
const [k8s, env, docker, js, html, pct, qp, ctrl, deep] = keys as [typeof keys[0], ...typeof keys];

const files: Record<string, string> = {};
// Kubernetes Secret: key id and secret in separate base64 values
files['secret.yaml'] = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws\ntype: Opaque\ndata:\n  AWS_ACCESS_KEY_ID: ${b64(k8s.keyId)}\n  AWS_SECRET_ACCESS_KEY: ${b64(k8s.secret)}\n`;
// a whole .env stored base64 in one CI variable: the key id starts 18 bytes into the value
const envValue = b64(`AWS_ACCESS_KEY_ID=${env.keyId}\nAWS_SECRET_ACCESS_KEY=${env.secret}\n`);
files['ci.env'] = `DEPLOY_ENV_B64=${envValue}\n`;
// .dockerconfigjson: base64 JSON whose auth is base64 user:password (double-encoded)
const dockerJson = JSON.stringify({ auths: { 'registry.example.com': { auth: b64(`${docker.keyId}:${docker.secret}`) } } });
files['pull-secret.yaml'] = `kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${b64(dockerJson)}\n`;
const hexOf = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');
files['bundle.min.js'] = `!function(){var e={k:"${[...js.keyId].map((c) => '\\u00' + hexOf(c)).join('')}",s:"${[...js.secret].map((c) => '\\x' + hexOf(c)).join('')}"};}();\n`;
const entity = (c: string, i: number) => (c === '/' ? '&sol;' : c === '+' ? '&plus;' : i % 2 ? `&#${c.charCodeAt(0)};` : `&#x${hexOf(c)};`);
files['page.html'] = `<html><body>\n<pre data-id="${[...html.keyId].map(entity).join('')}" data-key="${[...html.secret].map(entity).join('')}"></pre>\n</body></html>\n`;
files['callback.log'] = `GET /hook?id=${[...pct.keyId].map((c) => '%' + hexOf(c).toUpperCase()).join('')}&key=${encodeURIComponent(pct.secret)}\n`;
// quoted-printable: a soft line break inside the secret, =3D before the key id
const qpBody = `aws_access_key_id=3D${qp.keyId}\naws_secret_access_key=3D${qp.secret.slice(0, 20)}=\n${qp.secret.slice(20)}\n`;
files['mail.eml'] = `From: ops@example.com\nSubject: creds\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n${qpBody}`;

// a base64 .env inline deep in a 600 kB bundle: its view keeps only the run's surroundings
const bundleLines = (n: number, from: number) => Array.from({ length: n }, (_, i) => `var v${from + i}=f(${i},"item ${i}");`).join('\n');
const deepValue = b64(`AWS_ACCESS_KEY_ID=${deep.keyId}\nAWS_SECRET_ACCESS_KEY=${deep.secret}\n`);
files['app.bundle.js'] = `${bundleLines(10000, 0)}\nconst cfg=atob("${deepValue}");\n${bundleLines(10000, 10000)}\n`;

let result: { code: number | null; findings: Found[] };
beforeAll(() => {
  result = scanDir(files);
});

function pairOf(key: { keyId: string }): Found {
  const f = result.findings.find((x) => x.ruleId === 'aws-access-key-pair' && x.secret.startsWith(key.keyId));
  if (!f) throw new Error(`no pair finding for ${key.keyId.slice(0, 4)}…; rules found: ${result.findings.map((x) => x.ruleId).join(', ')}`);
  return f;
}

describe('base64 values', () => {
  test('Kubernetes Secret data: one pair finding at the key id value, with the account', () => {
    expect(result.code).toBe(1);
    const f = pairOf(k8s);
    expect(f.aws?.account).toBe(k8s.account);
    expect(f.locations).toEqual([expect.objectContaining({ path: 'secret.yaml', line: 7, column: 22, encoding: 'base64' })]);
  });

  test('a base64 .env in a CI variable: located where the key id\'s encoded bytes start', () => {
    const f = pairOf(env);
    expect(f.aws?.account).toBe(env.account);
    const column = 'DEPLOY_ENV_B64='.length + 1 + charOf('AWS_ACCESS_KEY_ID='.length);
    expect(f.locations).toEqual([expect.objectContaining({ path: 'ci.env', line: 1, column, encoding: 'base64' })]);
  });

  test('a run deep in a long bundle: located at its line and column, paired, with the account', () => {
    const f = pairOf(deep);
    expect(f.aws?.account).toBe(deep.account);
    const column = 'const cfg=atob("'.length + 1 + charOf('AWS_ACCESS_KEY_ID='.length);
    expect(f.locations).toEqual([expect.objectContaining({ path: 'app.bundle.js', line: 10001, column, encoding: 'base64' })]);
  });

  test('.dockerconfigjson: base64 inside base64, located in the outer run', () => {
    const f = pairOf(docker);
    expect(f.aws?.account).toBe(docker.account);
    const auth = dockerJson.indexOf('"auth":"') + '"auth":"'.length; // the inner run starts here in the outer decoded text
    const column = '  .dockerconfigjson: '.length + 1 + charOf(auth);
    expect(f.locations).toEqual([expect.objectContaining({ path: 'pull-secret.yaml', line: 4, column, encoding: 'base64' })]);
  });

  test('three levels of base64: not decoded, and never a silent pass (a decode warning, incomplete)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhound-encoded-'));
    dirs.push(dir);
    const k = fakeKeyId();
    writeFileSync(join(dir, 'triple.yaml'), `blob: ${b64(b64(b64(`aws_access_key_id = ${k.keyId}\n`)))}\n`);
    const r = runCli(['scan', dir, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { findings: Found[]; warnings: unknown[]; summary: { complete: boolean; warningsByKind: Record<string, number> } };
    expect(r.code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.warnings).toEqual([
      { kind: 'decode', path: join(dir, 'triple.yaml'), message: 'base64 nested more than 2 levels deep in this text: the innermost level was not decoded' },
    ]);
    expect(report.summary).toMatchObject({ complete: false, warningsByKind: { decode: 1 } });
  });
});

describe('escapes', () => {
  test('\\u and \\x escapes in a minified bundle: at the escaped text', () => {
    const f = pairOf(js);
    expect(f.aws?.account).toBe(js.account);
    const column = files['bundle.min.js']!.indexOf('\\u00') + 1;
    expect(f.locations).toEqual([expect.objectContaining({ path: 'bundle.min.js', line: 1, column, encoding: 'js-escapes' })]);
  });

  test('HTML entities (decimal, hex, named)', () => {
    const f = pairOf(html);
    expect(f.aws?.account).toBe(html.account);
    expect(f.locations).toEqual([expect.objectContaining({ path: 'page.html', line: 2, column: '<pre data-id="'.length + 1, encoding: 'html-entities' })]);
  });

  test('percent-encoding beyond %2B/%2F', () => {
    const f = pairOf(pct);
    expect(f.aws?.account).toBe(pct.account);
    expect(f.locations).toEqual([expect.objectContaining({ path: 'callback.log', line: 1, column: 'GET /hook?id='.length + 1, encoding: 'percent' })]);
  });

  test('quoted-printable e-mail, a soft line break inside the secret', () => {
    const f = pairOf(qp);
    expect(f.aws?.account).toBe(qp.account);
    const at = pos(files['mail.eml']!, files['mail.eml']!.indexOf(qp.keyId));
    expect(f.locations).toEqual([expect.objectContaining({ path: 'mail.eml', ...at, encoding: 'quoted-printable' })]);
    expect(f.secret).toBe(`${qp.keyId}:${qp.secret}`);
  });
});

describe('traps stay silent', () => {
  // a real-looking 8-byte PNG signature + IHDR, then random bytes
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(3000)]);
  const vlq = Array.from({ length: 400 }, (_, i) => 'AAAA,SAASA,CAAC,GAAG,KAAK'.split(',')[i % 5] + (i % 7 === 0 ? 'gBAAgB,QAAQ' : '')).join(';');
  const accents = Array.from({ length: 2000 }, (_, i) => `"\\u00${(0xc0 + (i % 63)).toString(16)}\\u20ac\\x${(0xa0 + (i % 90)).toString(16)}"`).join(',');
  const traps: Record<string, string | Buffer> = {
    'logo.html': `<img alt="logo" src="data:image/png;base64,${png.toString('base64')}">\n`,
    'blob.txt': `${randomBytes(2048).toString('base64').replace(/(.{76})/g, '$1\n')}\n`,
    'app.js.map': JSON.stringify({ version: 3, file: 'app.js', sources: ['app.ts'], names: [], mappings: vlq }),
    'vendor.min.js': `var t=[${accents}];var h="${randomBytes(32).toString('hex')}",s="${randomBytes(48).toString('base64url')}";\n`,
  };

  test('image data URI, binary base64, a VLQ source map and a bundle of \\u escapes: no findings', () => {
    const r = scanDir(traps);
    expect(r.findings.map((f) => `${f.ruleId} ${f.locations[0]!.path}`)).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('control: the same bundle with one escaped key is found', () => {
    const withKey = { 'vendor.min.js': `${traps['vendor.min.js']}var k="${[...ctrl.keyId].map((c) => '\\x' + hexOf(c)).join('')}";\n` };
    const r = scanDir(withKey);
    expect(r.findings.map((f) => [f.ruleId, f.locations[0]!.encoding, f.locations[0]!.line])).toEqual([['aws-access-key-id', 'js-escapes', 2]]);
  });
});

describe('the base64 budget (1 MiB decoded per text)', () => {
  test('runs past it stay encoded and are warned, with the path; the scan is incomplete (exit 1 on its finding)', () => {
    const first = { ...fakeKeyId(), secret: fakeSecret() };
    const late = { ...fakeKeyId(), secret: fakeSecret() };
    // ~900 KB of printable base64 text holding one key, then 200 KB more holding another
    const filler = (n: number) => 'log line of printable text\n'.repeat(Math.ceil(n / 27)).slice(0, n);
    const a = b64(`AWS_ACCESS_KEY_ID=${first.keyId}\nAWS_SECRET_ACCESS_KEY=${first.secret}\n${filler(900_000)}`);
    const b = b64(`${filler(200_000)}AWS_ACCESS_KEY_ID=${late.keyId}\nAWS_SECRET_ACCESS_KEY=${late.secret}\n`);
    const dir = mkdtempSync(join(tmpdir(), 'keyhound-b64cap-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'values.yaml'), `first: ${a}\nlate: ${b}\n`);
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets']);
    const out = JSON.parse(r.stdout) as { findings: Found[]; warnings: Array<{ kind: string; path: string; message: string }>; summary: { complete: boolean } };
    expect(r.code).toBe(1);
    expect(out.findings.map((f) => f.secret)).toEqual([`${first.keyId}:${first.secret}`]);
    expect(out.warnings).toEqual([{ kind: 'decode', path: join(dir, 'values.yaml'), message: expect.stringContaining('more than 1048576 bytes') }]);
    expect(out.summary.complete).toBe(false);
  });
});
