// --format csv: RFC 4180, parsed back with csv-parse; redacted unless --show-secrets.
import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { render } from '../../src/report/index.js';
import { CSV_COLUMNS, csvField } from '../../src/report/csv.js';
import { locate, runCli, tempDir } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { fileLoc, gitProvenance, pairFinding, result } from './fixtures.js';

const opts = { color: false, rules: [], toolVersion: '0.1.0' };
const rowsOf = (text: string): Record<string, string>[] => parse(text, { columns: true, record_delimiter: '\r\n' });

describe('CSV report', () => {
  it('has a header row and one row per location, redacted by default', () => {
    const git = gitProvenance('deploy/ci.yml');
    const fx = pairFinding({
      locations: [fileLoc('config/prod.env', 3, 19), fileLoc('deploy/ci.yml', 7, 3, git)],
      verification: { status: 'invalid', reason: 'key-unknown' },
    });
    const text = render('csv', result([fx.finding]), { ...opts, showSecrets: false });
    expect(text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = rowsOf(text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      severity: 'critical', rule_id: 'aws-access-key-pair', secret: `AKIA…${fx.keyId.slice(-4)}:${fx.secretKey.slice(0, 4)}…(40)`,
      path: 'config/prod.env', line: '3', column: '19', end_line: '3', end_column: '39', commit: '',
      verification: 'invalid', verification_detail: 'key-unknown', fingerprint: fx.finding.fingerprint,
    });
    expect(rows[0]!.provider_facts).toBe(`account ${fx.account} · key long-term`);
    expect(rows[1]).toMatchObject({ path: 'deploy/ci.yml', line: '7', column: '3', commit: git.commit, author: 'Alice Example <alice@example.com>', date: git.date });
    expect(text).not.toContain(fx.keyId);
    expect(text).not.toContain(fx.secretKey);
    expect(rowsOf(render('csv', result([fx.finding]), { ...opts, showSecrets: true }))[0]!.secret).toBe(`${fx.keyId}:${fx.secretKey}`);
  });

  it('keeps a path with commas, quotes and newlines one field, and defuses formulas', () => {
    const odd = 'a,b "c"\nd\r\ne.env';
    const fx = pairFinding({ locations: [fileLoc(odd, 1, 1), fileLoc('=cmd|calc!A1', 2, 1), fileLoc('@SUM(1).txt', 3, 1)] });
    const rows = rowsOf(render('csv', result([fx.finding]), { ...opts, showSecrets: false }));
    expect(rows.map((r) => r.path)).toEqual([odd, "'=cmd|calc!A1", "'@SUM(1).txt"]);
    expect(rows.map((r) => r.line)).toEqual(['1', '2', '3']);
    expect(csvField('plain')).toBe('plain');
    expect(csvField('x"y')).toBe('"x""y"');
    expect(csvField('-x,y')).toBe(`"'-x,y"`);
  });

  it('is only the header for a clean scan', () => {
    expect(render('csv', result([]), { ...opts, showSecrets: false })).toBe(CSV_COLUMNS.join(',') + '\r\n');
  });

  it('is what `keyhound scan --format csv` prints, exit 1, each secret one field', () => {
    const dir = tempDir('keyhound-csv-');
    const { keyId } = fakeKeyId('AKIA');
    const secret = fakeSecret();
    const text = `# a, "quoted" config\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`;
    writeFileSync(join(dir, 'we,ird "name".ini'), text);
    const r = runCli(['scan', dir, '--format', 'csv', '--show-secrets']);
    expect(r.code).toBe(1);
    const rows = rowsOf(r.stdout);
    expect(rows).toHaveLength(1);
    const at = locate(text, keyId);
    expect(rows[0]).toMatchObject({ rule_id: 'aws-access-key-pair', secret: `${keyId}:${secret}`, path: join(dir, 'we,ird "name".ini'), line: String(at.line), column: String(at.column) });
    const redacted = runCli(['scan', dir, '--format', 'csv']);
    expect(redacted.code).toBe(1);
    expect(redacted.stdout).not.toContain(secret);
    expect(redacted.stdout).not.toContain(keyId);
  });
});
