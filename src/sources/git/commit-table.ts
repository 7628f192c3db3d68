// Every walked commit's metadata in one table, referenced by index: a blob's provenance is
// (commit index, path index) until a hit needs the full object. Per commit ~100 bytes at a
// million commits (id as bytes, dates as numbers, author and email interned, subjects packed
// as UTF-8) instead of an object and five strings (~300 bytes, more with the Map around it).
import type { CommitMeta } from './log.js';
import { OidTable, grow } from './oid-table.js';

const PAGE = 1 << 20;

export class CommitTable {
  private readonly oids = new OidTable();
  private cts = new Float64Array(1024);
  /** Committer's UTC offset in minutes (the date is rebuilt from ct and it). */
  private tz = new Int16Array(1024);
  private author = new Uint32Array(1024);
  private email = new Uint32Array(1024);
  /** Subjects: UTF-8 in pages (no doubling, no copy), by page and end offset in it. */
  private subjectPage = new Uint32Array(1024);
  private subjectEnd = new Uint32Array(1024);
  private readonly pages: Buffer[] = [];
  private pageUsed = PAGE;
  /** Dates that the rebuild would not give back exactly (an odd offset): kept as given. */
  private readonly oddDates = new Map<number, string>();
  private readonly people = new Interned();

  get size(): number {
    return this.oids.size;
  }

  /** The commit's index; a commit seen before keeps its first metadata. */
  add(m: CommitMeta): number {
    const { index: i, added } = this.oids.add(m.sha);
    if (!added) return i;
    if (i >= this.cts.length) this.growTo(this.cts.length * 2);
    this.cts[i] = m.ct;
    const tz = offsetMinutes(m.date);
    this.tz[i] = tz ?? 0;
    if (tz === null || isoDate(m.ct, tz) !== m.date) this.oddDates.set(i, m.date);
    this.author[i] = this.people.id(m.author);
    this.email[i] = this.people.id(m.email);
    const n = Buffer.byteLength(m.subject);
    let page = this.pages[this.pages.length - 1];
    if (!page || this.pageUsed + n > page.length) {
      // A subject longer than a page gets a page of its own.
      this.pages.push((page = Buffer.allocUnsafeSlow(Math.max(PAGE, n))));
      this.pageUsed = 0;
    }
    this.pageUsed += page.write(m.subject, this.pageUsed, 'utf8');
    this.subjectPage[i] = this.pages.length - 1;
    this.subjectEnd[i] = this.pageUsed;
    return i;
  }

  has(sha: string): boolean {
    return this.oids.get(sha) >= 0;
  }

  /** Committer date in seconds: orders "earliest". */
  ct(i: number): number {
    return this.cts[i]!;
  }

  sha(i: number): string {
    return this.oids.hex(i);
  }

  meta(i: number): CommitMeta {
    const page = this.subjectPage[i]!;
    const start = i > 0 && this.subjectPage[i - 1] === page ? this.subjectEnd[i - 1]! : 0;
    return {
      sha: this.oids.hex(i),
      ct: this.cts[i]!,
      date: this.oddDates.get(i) ?? isoDate(this.cts[i]!, this.tz[i]!),
      author: this.people.value(this.author[i]!),
      email: this.people.value(this.email[i]!),
      subject: this.pages[page]!.toString('utf8', start, this.subjectEnd[i]!),
    };
  }

  private growTo(n: number): void {
    this.cts = grow(this.cts, n);
    this.tz = grow(this.tz, n);
    this.author = grow(this.author, n);
    this.email = grow(this.email, n);
    this.subjectPage = grow(this.subjectPage, n);
    this.subjectEnd = grow(this.subjectEnd, n);
  }
}

/** Strings stored once, referred to by number (authors, emails, paths). */
export class Interned {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];

  get size(): number {
    return this.values.length;
  }

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) this.ids.set(s, (id = this.values.push(s) - 1));
    return id;
  }

  value(id: number): string {
    return this.values[id]!;
  }
}

/** The UTC offset of a strict ISO 8601 date (`…+05:30`), in minutes; null if it has none. */
function offsetMinutes(date: string): number | null {
  const m = /([+-])(\d\d):(\d\d)$/.exec(date);
  if (!m) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Strict ISO 8601 in the given offset, as git's %cI prints it. */
export function isoDate(ts: number, offMin: number): string {
  const t = new Date((ts + offMin * 60) * 1000);
  if (Number.isNaN(t.getTime())) return '';
  const d = t.toISOString().slice(0, 19);
  const a = Math.abs(offMin);
  return `${d}${offMin < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
