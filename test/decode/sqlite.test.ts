// SQLite databases (src/decode/sqlite.ts): every row of every table is one text, a line per
// TEXT/BLOB cell, at db!table/rowid. Databases are written at test time with sql.js (SQLite
// compiled to WASM; a dev-time fixture writer only, the scanner does not use it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DEFAULT_LIMITS, expand } from '../../src/decode/index.js';
import { columnNames } from '../../src/decode/sqlite.js';
import { displayPath } from '../../src/sources/provenance.js';
import type { ScanWarning, TextChunk } from '../../src/types.js';
import { zip } from '../helpers/archives.js';
import { runCli } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

interface SqlDb {
  run(sql: string, params?: unknown[]): void;
  export(): Uint8Array;
  close(): void;
}
const initSqlJs = createRequire(import.meta.url)('sql.js') as () => Promise<{ Database: new () => SqlDb }>;

async function database(build: (db: SqlDb) => void): Promise<Buffer> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  build(db);
  const out = Buffer.from(db.export());
  db.close();
  return out;
}

async function texts(bytes: Uint8Array, file: string): Promise<{ texts: TextChunk[]; warnings: ScanWarning[] }> {
  const out = { texts: [] as TextChunk[], warnings: [] as ScanWarning[] };
  const chunk = { id: file, bytes, provenance: [{ kind: 'file' as const, path: file }] };
  for await (const t of expand(chunk, DEFAULT_LIMITS, { warn: (w) => out.warnings.push(w), count: () => {} })) out.texts.push(t);
  return out;
}

const at = (ts: TextChunk[], p: string) => ts.find((t) => displayPath(t.provenance[0]) === p);

test('each row is a text of `column: value` lines at db!table/rowid; numbers and NULLs are left out', async () => {
  const { keyId } = fakeKeyId();
  const secret = fakeSecret();
  const bytes = await database((db) => {
    db.run('CREATE TABLE "deploy keys" (id INTEGER PRIMARY KEY, name TEXT, key_id TEXT, secret TEXT, n INTEGER, note BLOB)');
    db.run('INSERT INTO "deploy keys" (id, name, key_id, secret, n, note) VALUES (7, ?, ?, ?, 42, ?)', ['ci', keyId, secret, Buffer.from([0, 1, 2, ...Buffer.from('blob text here'), 0])]);
  });
  const out = await texts(bytes, 'app.db');
  expect(at(out.texts, 'app.db!deploy keys/7')).toEqual({
    text: `name: ci\nkey_id: ${keyId}\nsecret: ${secret}\nnote: blob text here`,
    provenance: [expect.objectContaining({ inner: 'deploy keys/7' })],
    encoding: 'sqlite',
  });
  expect(at(out.texts, 'app.db!sqlite_schema/1')?.text).toContain('name: deploy keys');
  expect(out.warnings).toEqual([]);
});

test('many rows (interior pages) and a value spilling into overflow pages are all read', async () => {
  const { keyId } = fakeKeyId();
  const bytes = await database((db) => {
    db.run('CREATE TABLE log (msg TEXT)');
    db.run('BEGIN');
    for (let i = 0; i < 3000; i++) db.run('INSERT INTO log (msg) VALUES (?)', [`line ${i} of the build log`]);
    db.run('INSERT INTO log (msg) VALUES (?)', ['x'.repeat(20_000) + ` id=${keyId}`]);
    db.run('COMMIT');
  });
  const out = await texts(bytes, 'b.sqlite');
  expect(out.texts.filter((t) => displayPath(t.provenance[0]).startsWith('b.sqlite!log/'))).toHaveLength(3001);
  expect(at(out.texts, 'b.sqlite!log/3001')?.text).toBe(`msg: ${'x'.repeat(20_000)} id=${keyId}`);
  expect(at(out.texts, 'b.sqlite!log/1500')?.text).toBe('msg: line 1499 of the build log');
});

test('a truncated database: a warning with the path, rows before the damage are still read', async () => {
  const bytes = await database((db) => {
    db.run('CREATE TABLE a (v TEXT)');
    db.run('INSERT INTO a VALUES (?)', ['kept value in table a']);
    db.run('CREATE TABLE b (v TEXT)');
    db.run('BEGIN');
    for (let i = 0; i < 2000; i++) db.run('INSERT INTO b VALUES (?)', [`row ${i} `.padEnd(100, '.')]);
    db.run('COMMIT');
  });
  const out = await texts(bytes.subarray(0, bytes.length - 4096 * 10), 'cut.db');
  expect(at(out.texts, 'cut.db!a/1')?.text).toBe('v: kept value in table a');
  expect(out.warnings).toEqual([expect.objectContaining({ kind: 'archive-corrupt', path: 'cut.db', message: expect.stringContaining('table b') })]);
});

test('a file with the magic but no readable schema is read as strings', async () => {
  const bytes = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.from([0x00, 0x03]), Buffer.alloc(200), Buffer.from('some printable text run')]);
  const out = await texts(bytes, 'x.db');
  expect(out.texts).toEqual([expect.objectContaining({ encoding: 'strings', text: expect.stringContaining('some printable text run') })]);
});

test('column names from CREATE TABLE', () => {
  expect(columnNames('CREATE TABLE t ("a b" TEXT, [c] INT, `d`, e DECIMAL(10, 2), f, PRIMARY KEY (a, c))')).toEqual(['a b', 'c', 'd', 'e', 'f']);
});

test('CLI: a key id and its secret in two columns of a row pair, with the account, inside a zip too', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhound-sqlite-'));
  try {
    const k = { ...fakeKeyId(), secret: fakeSecret() };
    const db = await database((d) => {
      d.run('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)');
      d.run("INSERT INTO users (email) VALUES ('a@example.com')");
      d.run('CREATE TABLE creds (id INTEGER PRIMARY KEY, aws_access_key_id TEXT, aws_secret_access_key TEXT)');
      d.run('INSERT INTO creds (id, aws_access_key_id, aws_secret_access_key) VALUES (3, ?, ?)', [k.keyId, k.secret]);
    });
    fs.writeFileSync(path.join(dir, 'app.sqlite'), db);
    fs.writeFileSync(path.join(dir, 'backup.zip'), zip([{ name: 'data/app.sqlite', data: db }]));
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; aws: { keyId: string; account: string }; locations: Array<{ path: string; line: number; column: number; encoding?: string }> }> };
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ ruleId: 'aws-access-key-pair', aws: { keyId: k.keyId, account: k.account } });
    const locs = report.findings[0].locations.map((l) => ({ path: l.path, line: l.line, column: l.column }));
    expect(locs).toEqual(
      expect.arrayContaining([
        { path: `${path.join(dir, 'app.sqlite')}!creds/3`, line: 1, column: 20 },
        { path: `${path.join(dir, 'backup.zip')}!data/app.sqlite!creds/3`, line: 1, column: 20 },
      ]),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
