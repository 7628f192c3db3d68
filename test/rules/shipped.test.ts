// The shipped rule set beyond AWS (issue #14): every rule carries its examples, and the
// offline validators decide findings end to end — through the real CLI, on files written at
// test time, at exact locations, redacted unless --show-secrets.
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../../src/rules/load.js';
import { BASE62_ALPHABET, withBase62Crc } from '../../src/providers/crc32-base62.js';
import { makePypiToken } from '../../src/providers/pypi/macaroon.js';
import { locate, runCli, tempDir } from '../helpers/cli.js';

const base62 = (n: number) => Array.from(randomBytes(n), (b) => BASE62_ALPHABET[b % 62]).join('');

describe('shipped rules', () => {
  it('every rule outside rules/aws.yaml has 2+ examples, 2+ negative examples and an id prefixed by its provider', async () => {
    const rs = await loadRules();
    const short = [...rs.rules, ...rs.pairs]
      .filter((r) => !r.file.endsWith('/aws.yaml'))
      .filter((r) => r.examples.length < 2 || r.negativeExamples.length < 2 || !r.provider || !r.id.startsWith(`${r.provider}-`))
      .map((r) => r.id);
    expect(short).toEqual([]);
  });
});

/**
 * Rules found by a context word (the product's name next to the value) whose value still has a
 * shape of its own, and so may be high: each with the shape that earns it.
 */
const CONTEXT_BUT_SHAPED: Record<string, string> = {
  'github-app-private-key': 'a whole PEM RSA key that node:crypto parses',
  'discord-bot-token': 'three parts, the first decoding to a snowflake id',
  'airtable-pat': 'pat + 14 chars + . + 64 hex',
  'dropbox-access-token': 'sl. + 130 chars or more',
  'azure-storage-account-key': '88 chars of canonical base64 that decode to 64 bytes (azure-account-key)',
  'dbconn-jdbc': 'a JDBC URL whose password parameter passes the password filter',
  'dbconn-ado-net': 'an ADO.NET connection string with Server= and Password= that passes the password filter',
  'supabase-service-role-key': 'a JWT that decodes (jwt validator)',
  'upstash-qstash-token': 'a JWT (eyJ…) of its own',
};

describe('severity of context-matched rules', () => {
  it('a rule matched by a context word (flags: i) is medium or low unless its value has a shape of its own', async () => {
    const rs = await loadRules();
    const loud = rs.rules
      .filter((r) => !r.file.endsWith('/aws.yaml') && r.ignoreCase && (r.severity === 'high' || r.severity === 'critical'))
      .map((r) => r.id)
      .filter((id) => !Object.hasOwn(CONTEXT_BUT_SHAPED, id));
    expect(loud).toEqual([]);
  });
});

interface JsonReport {
  findings: Array<{ ruleId: string; secret: string; locations: Array<{ path: string; line: number; column: number }> }>;
}

describe('keyhound scan with the checksum and decode validators (CLI)', () => {
  const dir = tempDir('keyhound-shipped-');
  const good = withBase62Crc('ghp_', base62(30));
  const bad = withBase62Crc('ghp_', base62(30)).replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  const npm = withBase62Crc('npm_', base62(30));
  const pypi = makePypiToken('pypi.org', randomBytes);
  const truncatedPypi = makePypiToken('pypi.org', randomBytes, { truncate: 4 });
  const publishable = `pk_live_${base62(99)}`;
  const text = [
    '# deploy settings',
    `GITHUB_TOKEN=${bad}`,
    `  token: "${good}"`,
    `//registry.npmjs.org/:_authToken=${npm}`,
    `STRIPE_PUBLISHABLE_KEY=${publishable}`,
    `TWINE_PASSWORD=${truncatedPypi}`,
    `password = ${pypi}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'deploy.env'), text);

  it('reports the right-checksum and decodable tokens at their exact places, and nothing else', () => {
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const found = report.findings.map((f) => [f.ruleId, f.secret, f.locations[0]]).sort((a, b) => (a[2] as { line: number }).line - (b[2] as { line: number }).line);
    const at = (needle: string) => ({ path: join(dir, 'deploy.env'), ...locate(text, needle) });
    expect(found).toEqual([
      ['github-pat-classic', good, expect.objectContaining(at(good))],
      ['npm-access-token', npm, expect.objectContaining(at(npm))],
      ['pypi-upload-token', pypi, expect.objectContaining(at(pypi))],
    ]);
  });

  it('never prints a found secret without --show-secrets', () => {
    const r = runCli(['scan', dir]);
    expect(r.code).toBe(1);
    for (const s of [good, npm, pypi]) expect(r.stdout + r.stderr).not.toContain(s);
    expect(r.stdout).toContain('github-pat-classic');
  });

  it('exits 0 when only a wrong checksum, a broken macaroon and a publishable key are there', () => {
    const clean = tempDir('keyhound-shipped-clean-');
    writeFileSync(join(clean, 'ok.env'), `GITHUB_TOKEN=${bad}\nTWINE_PASSWORD=${truncatedPypi}\nSTRIPE_KEY=${publishable}\n`);
    const r = runCli(['scan', clean, '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonReport).findings).toEqual([]);
  });
});
