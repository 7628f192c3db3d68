// SQLite database files (magic "SQLite format 3\0"): a small reader of the table b-trees
// (https://www.sqlite.org/fileformat.html — interior and leaf table pages, records, overflow
// chains). It never runs SQL: a view or trigger stored in the file cannot make a scan do work,
// and a damaged page ends that table only. Each row becomes one text, one line per TEXT/BLOB
// cell (`column: value`), so a key id and its secret in two columns of a row are separate
// values that still pair; the text sits at `db!table/rowid` (see README "What it scans").
// Tables WITHOUT ROWID (index b-trees) are not read.
import type { Provenance, TextChunk } from '../types.js';
import { type Record as Row, type Value, readRecord, varint } from './sqlite-record.js';
import { extractStrings } from './strings.js';
import { child, errMessage, type Run } from './run.js';

const MAGIC = 'SQLite format 3\0';

/** Rows read per database (all tables together); the rest is a warning. */
export const MAX_ROWS = 1_000_000;
/** Bytes of one row's payload read (local part and overflow pages); longer rows are cut. */
export const MAX_ROW_BYTES = 4 * 1024 * 1024;

export function isSqlite(b: Uint8Array): boolean {
  if (b.length < 100) return false;
  for (let i = 0; i < MAGIC.length; i++) if (b[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

interface Table {
  name: string;
  root: number;
  columns: string[];
}

class Db {
  readonly pageSize: number;
  readonly usable: number;
  readonly pages: number;
  readonly encoding: 'utf8' | 'utf16le' | 'utf16be';
  rows = 0;
  cut = false;

  constructor(readonly b: Uint8Array) {
    const ps = (b[16] << 8) | b[17];
    this.pageSize = ps === 1 ? 65536 : ps;
    if (this.pageSize < 512 || (this.pageSize & (this.pageSize - 1)) !== 0) throw new Error(`bad page size ${ps}`);
    this.usable = this.pageSize - b[20];
    this.pages = Math.floor(b.length / this.pageSize);
    const enc = ((b[56] << 24) | (b[57] << 16) | (b[58] << 8) | b[59]) >>> 0;
    this.encoding = enc === 2 ? 'utf16le' : enc === 3 ? 'utf16be' : 'utf8';
  }

  /** Offset of page `n` (1-based) in the file; throws past the end. */
  page(n: number): number {
    if (n < 1 || n > this.pages) throw new Error(`page ${n} outside the file`);
    return (n - 1) * this.pageSize;
  }

  u16(o: number): number {
    return (this.b[o] << 8) | this.b[o + 1];
  }

  u32(o: number): number {
    return ((this.b[o] << 24) | (this.b[o + 1] << 16) | (this.b[o + 2] << 8) | this.b[o + 3]) >>> 0;
  }
}

/** A leaf table cell's payload: the local part, then the overflow chain, at most MAX_ROW_BYTES. */
function payload(db: Db, cell: number, page: number): { rowid: number; bytes: Uint8Array } {
  const [size, n1] = varint(db.b, cell);
  const [rowid, n2] = varint(db.b, cell + n1);
  const start = cell + n1 + n2;
  const u = db.usable;
  const x = u - 35;
  if (size <= x) return { rowid, bytes: db.b.subarray(start, start + size) };
  const m = Math.floor(((u - 12) * 32) / 255) - 23;
  const k = m + ((size - m) % (u - 4));
  const local = k <= x ? k : m;
  const want = Math.min(size, MAX_ROW_BYTES);
  if (want < size) db.cut = true;
  const out = new Uint8Array(want);
  out.set(db.b.subarray(start, start + Math.min(local, want)));
  let have = Math.min(local, want);
  let next = db.u32(start + local);
  for (let hops = 0; have < want && next && hops <= db.pages; hops++) {
    const o = db.page(next);
    const take = Math.min(u - 4, want - have);
    out.set(db.b.subarray(o + 4, o + 4 + take), have);
    have += take;
    next = db.u32(o);
  }
  if (have < want) throw new Error(`overflow chain of a row on page ${page} ends early`);
  return { rowid, bytes: out };
}

/** Every row of the table b-tree at `root`, in key order (pages seen twice end the walk: a loop). */
function* tableRows(db: Db, root: number): Generator<{ rowid: number; bytes: Uint8Array }> {
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) throw new Error(`page ${n} is reached twice`);
    seen.add(n);
    const base = db.page(n);
    const h = n === 1 ? base + 100 : base;
    const type = db.b[h];
    const cells = db.u16(h + 3);
    if (type === 0x05) {
      // interior: children in key order, the right-most last (pushed first: a stack)
      stack.push(db.u32(h + 8));
      for (let i = cells - 1; i >= 0; i--) stack.push(db.u32(base + db.u16(h + 12 + 2 * i)));
    } else if (type === 0x0d) {
      for (let i = 0; i < cells; i++) {
        if (++db.rows > MAX_ROWS) return;
        yield payload(db, base + db.u16(h + 8 + 2 * i), n);
      }
    } else throw new Error(`page ${n} is not a table b-tree page (type ${type})`);
  }
}

/** Column names from a CREATE TABLE statement (best effort; unnamed columns are c1, c2…). */
export function columnNames(sql: string): string[] {
  const open = sql.indexOf('(');
  const close = sql.lastIndexOf(')');
  if (open < 0 || close < open) return [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of sql.slice(open + 1, close)) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const names: string[] = [];
  for (const p of parts) {
    const m = /^\s*(?:"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|'([^']*)'|([^\s(]+))/.exec(p);
    const name = m ? (m[1]?.replace(/""/g, '"') ?? m[2] ?? m[3] ?? m[4] ?? m[5]!) : '';
    if (m?.[5] && /^(constraint|primary|unique|check|foreign)$/i.test(name)) break;
    names.push(name);
  }
  return names;
}

/** The tables of the schema (page 1), sqlite_schema itself included. */
function tables(db: Db): Table[] {
  const out: Table[] = [{ name: 'sqlite_schema', root: 1, columns: ['type', 'name', 'tbl_name', 'rootpage', 'sql'] }];
  for (const r of tableRows(db, 1)) {
    const [type, name, , root, sql] = readRecord(r.bytes, db.encoding);
    if (type !== 'table' || typeof name !== 'string' || typeof root !== 'number' || root < 2) continue;
    if (typeof sql === 'string' && /\)\s*without\s+rowid\s*;?\s*$/i.test(sql)) continue;
    out.push({ name, root, columns: typeof sql === 'string' ? columnNames(sql) : [] });
  }
  db.rows = 0;
  return out;
}

const PRINTABLE = /^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/;

/** A cell as text: TEXT as is, a BLOB as UTF-8 when it reads as text, else its printable strings. */
function cellText(v: Value): string | null {
  if (typeof v === 'string') return v;
  if (!(v instanceof Uint8Array) || !v.length) return null;
  const s = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
  if (!s.includes('\ufffd') && PRINTABLE.test(s)) return s;
  return extractStrings(v) || null;
}

function rowText(row: Row, columns: string[]): string {
  const lines: string[] = [];
  row.forEach((v, i) => {
    const t = cellText(v);
    if (t !== null && t !== '') lines.push(`${columns[i] || `c${i + 1}`}: ${t}`);
  });
  return lines.join('\n');
}

/**
 * The texts of every row of every table of the database `b` at `prov`. A file whose header or
 * schema cannot be read is handed back (false) to be read as printable strings.
 */
export function* sqliteTexts(b: Uint8Array, prov: Provenance[], run: Run): Generator<TextChunk, boolean> {
  let table = 'sqlite_schema';
  let db: Db | undefined;
  try {
    db = new Db(b);
    const all = tables(db);
    run.ctx.count('sqliteDatabases');
    // Keywords are ASCII: a UTF-8 database without one in its bytes has no row that can match.
    const filter = db.encoding === 'utf8' ? run.mayMatch : undefined;
    if (filter && !filter(b)) return true;
    for (const t of all) {
      table = t.name;
      for (const r of tableRows(db, t.root)) {
        const text = rowText(readRecord(r.bytes, db.encoding), t.columns);
        if (!text || (filter && !filter(Buffer.from(text)))) continue;
        yield { text, provenance: child(prov, `${t.name}/${r.rowid}`), encoding: 'sqlite' };
      }
    }
  } catch (e) {
    if (!db || table === 'sqlite_schema') return false;
    run.warn('archive-corrupt', prov, `corrupt SQLite database (table ${table}: ${errMessage(e)}): rows before the damage were scanned`);
  }
  if (db.rows > MAX_ROWS) run.warn('archive-limit', prov, `more than ${MAX_ROWS} rows: the remaining rows not scanned`);
  if (db.cut) run.warn('size-cap', prov, `rows longer than ${MAX_ROW_BYTES} bytes were read up to that size`);
  return true;
}
