// A real-world-shaped gitleaks config (several custom rules, per-rule and global allowlists in
// both their forms, [extend]) read with --config, and written out by `config migrate`: the
// suppressions gitleaks documents hold (paths, regexes on the line, stopwords, commits,
// targetRules, per-rule scope), what does not map is a warning at its line, and the migrated
// .keyhound.yaml loads and reports exactly what the .toml did.
import { afterAll, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromGitleaks } from '../../src/config/gitleaks.js';
import { fakeBase64, fakeHex, fakeKeyId, randomFrom } from '../helpers/keys.js';
import { runCli } from '../helpers/cli.js';
import { cleanupRepos, GitRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The config; without `allow` its allowlists (global and per rule) are left out. */
function gitleaksToml(oldCommit: string, allow = true): string {
  const parts = [
    'title = "acme gitleaks config"',
    '',
    '[extend]',
    'useDefault = true',
    'disabledRules = ["generic-api-key", "aws-session-token"]',
    '',
    '[[rules]]',
    'id = "acme-deploy-token"',
    'description = "ACME deploy token"',
    "regex = '''(?i)\\b(acmd_[0-9a-f]{32})\\b'''",
    'secretGroup = 1',
    'entropy = 3',
    'keywords = ["acmd_"]',
    'tags = ["acme", "ci"]',
    '',
    '[[rules]]',
    'id = "acme-session"',
    'description = "ACME session cookie"',
    "regex = '''acme_session=(?P<sess>[A-Za-z0-9+/]{40})'''",
    'keywords = ["ACME_SESSION"]',
    ...(allow ? ['', '[[rules.allowlists]]', 'description = "session fixtures"', "paths = ['''^testdata/''']"] : []),
    '',
    '[[rules]]',
    'id = "internal-url-token"',
    'description = "Token in an internal URL"',
    "regex = '''https://[a-z]+\\.internal\\.example/\\?token=([[:alnum:]]{20})'''",
    'keywords = ["internal.example"]',
    ...(allow ? ['', '[rules.allowlist]', 'stopwords = ["sandbox"]'] : []),
    '',
    '[[rules]]',
    'id = "pem-file"',
    'description = "A private key file"',
    "path = '''\\.pem$'''",
    '',
    '[[rules]]',
    'id = "letters-only"',
    'description = "Unicode letters"',
    "regex = '''\\pL{30}'''",
    'keywords = ["zzzz"]',
  ];
  if (allow) {
    parts.push(
      '',
      '[allowlist]',
      'description = "global allowlist"',
      "paths = ['''(^|/)third_party/''', '''\\.lock$''']",
      'stopwords = ["deadbeefdeadbeef"]',
      `commits = ["${oldCommit}"]`,
      '',
      '[[allowlists]]',
      'description = "documentation lines"',
      'targetRules = ["acme-deploy-token"]',
      'regexTarget = "line"',
      "regexes = ['''(?i)example only''']",
      '',
      '[[allowlists]]',
      'condition = "AND"',
      "paths = ['''^legacy/''']",
      'stopwords = ["old"]',
    );
  }
  return parts.join('\n') + '\n';
}

interface Report {
  findings: Array<{ ruleId: string; secret: string; locations: Array<{ path: string; line: number; column: number }> }>;
}
const places = (stdout: string) =>
  (JSON.parse(stdout) as Report).findings.flatMap((f) => f.locations.map((l) => `${f.ruleId} ${l.path}:${l.line}:${l.column} ${f.secret}`)).sort();

/** A history holding one secret for each suppression (and one each that must still show). */
function history() {
  const repo = GitRepo.init();
  const s = {
    oldKey: fakeKeyId().keyId, key: fakeKeyId().keyId, thirdParty: fakeKeyId().keyId, docsKey: fakeKeyId().keyId, testdataKey: fakeKeyId().keyId, legacy: fakeKeyId().keyId,
    token: `acmd_${fakeHex(32)}`, lockToken: `acmd_${fakeHex(32)}`, deadToken: `acmd_deadbeefdeadbeef${fakeHex(16)}`, docToken: `acmd_${fakeHex(32)}`,
    fixtureSession: fakeBase64(40), session: fakeBase64(40), urlToken: randomFrom(ALNUM, 20), sandboxToken: `sandbox${randomFrom(ALNUM, 13)}`,
  };
  const oldCommit = repo.commitFiles({ 'old/aws.txt': `aws_access_key_id = ${s.oldKey}\n` }, 'a key revoked long ago');
  repo.commitFiles({
    'src/app.env': `ACME=${s.token}\n`,
    'src/keys.txt': `aws_access_key_id = ${s.key}\n`,
    'third_party/lib.txt': `aws_access_key_id = ${s.thirdParty}\n`,
    'yarn.lock': `token ${s.lockToken}\n`,
    'src/dead.txt': `ACME=${s.deadToken}\n`,
    'docs/use.md': `ACME=${s.docToken} # Example only\n`,
    'docs/aws.md': `k = ${s.docsKey} # example only\n`,
    'testdata/s.txt': `acme_session=${s.fixtureSession}\n`,
    'testdata/k.txt': `k = ${s.testdataKey}\n`,
    'src/s.txt': `acme_session=${s.session}\n`,
    'src/url.txt': `https://api.internal.example/?token=${s.urlToken}\nhttps://api.internal.example/?token=${s.sandboxToken}\n`,
    'legacy/x.txt': `k = ${s.legacy}\n`,
  }, 'the app');
  return { repo, s, oldCommit };
}

describe('fromGitleaks', () => {
  test('rules, allowlists and [extend] translated; what does not map is a warning at its line', () => {
    const toml = gitleaksToml('0123456789abcdef0123456789abcdef01234567');
    const { parsed, warnings } = fromGitleaks('.gitleaks.toml', toml, new Set(['aws-access-key-id', 'aws-session-token']));
    const data = parsed.data as Record<string, unknown> & { rules: Array<Record<string, unknown>>; allowlists: unknown[] };
    expect(data.builtinRules).toBe(true);
    expect(data.disabledRules).toEqual(['aws-session-token']);
    expect(data.rules.map((r) => [r.id, r.pattern, r.flags, r.secretGroup, r.keywords, r.entropy])).toEqual([
      ['acme-deploy-token', '\\b(acmd_[0-9a-f]{32})\\b', 'i', 1, ['acmd_'], 3],
      ['acme-session', 'acme_session=(?<sess>[A-Za-z0-9+/]{40})', undefined, 1, ['acme_session'], undefined],
      ['internal-url-token', 'https://[a-z]+\\.internal\\.example/\\?token=([a-zA-Z0-9]{20})', undefined, 1, ['internal.example'], undefined],
    ]);
    expect(data.allowlists).toEqual([
      { description: 'session fixtures', pathRegexes: ['^testdata/'], rules: ['acme-session'] },
      { stopwords: ['sandbox'], rules: ['internal-url-token'] },
      { description: 'global allowlist', pathRegexes: ['(^|/)third_party/', '\\.lock$'], stopwords: ['deadbeefdeadbeef'], commits: ['0123456789abcdef0123456789abcdef01234567'] },
      { description: 'documentation lines', rules: ['acme-deploy-token'], regexes: ['(?i)example only'], regexTarget: 'line' },
    ]);
    const line = (needle: string) => toml.split('\n').indexOf(needle) + 1;
    expect(parsed.lineOf(['allowlists', 2])).toBe(line('[allowlist]'));
    expect(parsed.lineOf(['rules', 1, 'pattern'])).toBe(toml.split('\n').indexOf('id = "acme-session"'));
    expect(warnings).toEqual([
      `.gitleaks.toml:${line('[extend]')}: [extend] useDefault: keyhound's built-in rules stand in for gitleaks' default rules (their ids differ)`,
      `.gitleaks.toml:${line('id = "internal-url-token"') - 1}: rule 'internal-url-token': regex can match without bound: keyhound finds its matches within 4096 characters of a keyword`,
      `.gitleaks.toml:${line('id = "pem-file"') - 1}: rule 'pem-file': a rule without a regex (path only) has no keyhound equivalent: left out`,
      expect.stringMatching(new RegExp(`^\\.gitleaks\\.toml:${line('id = "letters-only"') - 1}: rule 'letters-only': regex: \\\\p \\(Unicode classes`)),
      `.gitleaks.toml:${line('id = "letters-only"') - 1}: rule 'letters-only': left out`,
      `.gitleaks.toml:${line('condition = "AND"') - 1}: allowlist: condition = "AND" (every condition must hold) has no keyhound equivalent: left out, so it hides nothing`,
      `.gitleaks.toml:${line('[extend]')}: disabledRules: keyhound has no rule 'generic-api-key' (gitleaks' default rule ids differ): left out`,
    ]);
  });
});

describe('--config .gitleaks.toml and config migrate', () => {
  test('gitleaks\' documented suppressions hold; the migrated .keyhound.yaml loads and reports exactly the same', () => {
    const { repo, s, oldCommit } = history();
    const toml = join(repo.dir, '.gitleaks.toml');
    writeFileSync(toml, gitleaksToml(oldCommit, false));
    const everything = runCli(['git', repo.dir, '--config', toml, '--format', 'json', '--show-secrets']);
    expect(everything.code).toBe(1);
    // Without allowlists every planted secret is found: what follows is the allowlists' doing.
    expect(places(everything.stdout)).toHaveLength(14);

    writeFileSync(toml, gitleaksToml(oldCommit));
    const r = runCli(['git', repo.dir, '--config', toml, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`keyhound: config: warning: ${toml}:`);
    const expected = [
      `acme-deploy-token src/app.env:1:6 ${s.token}`,
      `acme-session src/s.txt:1:14 ${s.session}`,
      `aws-access-key-id docs/aws.md:1:5 ${s.docsKey}`,
      `aws-access-key-id legacy/x.txt:1:5 ${s.legacy}`,
      `aws-access-key-id src/keys.txt:1:21 ${s.key}`,
      `aws-access-key-id testdata/k.txt:1:5 ${s.testdataKey}`,
      `internal-url-token src/url.txt:1:37 ${s.urlToken}`,
    ];
    expect(places(r.stdout)).toEqual(expected);

    const yaml = join(repo.dir, '.keyhound.yaml');
    const m = runCli(['config', 'migrate', toml, '--output', yaml]);
    expect(m.code).toBe(0);
    expect(m.stdout).toBe('');
    expect(m.stderr).toContain(`keyhound: config migrate: warning: ${toml}:`);
    const written = readFileSync(yaml, 'utf8');
    expect(written).toMatch(/^# yaml-language-server: \$schema=\S+keyhound\.schema\.json\n/);
    expect(written).toContain("#   " + `${toml}:`);
    // Found at the root, as a user would keep it: no --config.
    const again = runCli(['git', repo.dir, '--format', 'json', '--show-secrets']);
    expect(again.stderr).toMatch(/rule 'acme-deploy-token' has no examples/);
    expect(again.code).toBe(1);
    expect(places(again.stdout)).toEqual(expected);
  });

  test('migrate to stdout; a TOML syntax error is exit 2 at its line', () => {
    const repo = GitRepo.init();
    const toml = join(repo.dir, 'g.toml');
    writeFileSync(toml, gitleaksToml('0123456789abcdef0123456789abcdef01234567'));
    const out = runCli(['config', 'migrate', toml]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('  - id: acme-deploy-token\n');
    writeFileSync(toml, '[[rules]]\nid = "x"\nregex = oops\n');
    const bad = runCli(['config', 'migrate', toml]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`${toml.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: TOML error: `));
  });
});
