// Which commits introduced each blob, held compactly: per blob its id as bytes, the earliest
// introducing (commit index, path index), a count and a flag (~45 bytes); the few blobs
// introduced more than once keep up to `maxProvenance - 1` more pairs as numbers. Provenance
// objects (with author, email, subject, date strings) are built only when a blob is handed
// on to be scanned or settled, and dropped with the chunk unless it has hits.
import type { Provenance } from '../../types.js';
import { CommitTable, Interned } from './commit-table.js';
import { OidTable, grow } from './oid-table.js';

export class BlobIndex {
  private readonly oids = new OidTable();
  private commit = new Uint32Array(1024);
  private pathId = new Uint32Array(1024);
  private n = new Uint32Array(1024);
  private flags = new Uint8Array(1024);
  /** Blobs introduced more than once: their other (commit, path) pairs, flattened. */
  private readonly more = new Map<number, number[]>();
  private readonly paths = new Interned();

  constructor(
    private readonly commits: CommitTable,
    private readonly maxProvenance: number,
  ) {}

  get size(): number {
    return this.oids.size;
  }

  /** Bytes held in its tables (ids, slots, per-blob numbers; not path strings or `more`). */
  get footprint(): number {
    return this.oids.footprint + this.commit.byteLength + this.pathId.byteLength + this.n.byteLength + this.flags.byteLength;
  }

  /** Blobs introduced more than once (they hold a list of further introductions). */
  get multiplyIntroduced(): number {
    return this.more.size;
  }

  /** The entry of blob `blob`, or -1 if no walked commit introduced it. */
  get(blob: string): number {
    return this.oids.get(blob);
  }

  /**
   * Commit `commit` (a CommitTable index) introduces `blob` at `path`. True when `path` is
   * new to the index (its first sighting: where the walk scans it as a name).
   */
  add(blob: string, commit: number, path: string): boolean {
    const known = this.paths.size;
    const p = this.paths.id(path);
    const newPath = this.paths.size > known;
    const { index: i, added } = this.oids.add(blob);
    if (added) {
      if (i >= this.commit.length) this.growTo(this.commit.length * 2);
      this.commit[i] = commit;
      this.pathId[i] = p;
      this.n[i] = 1;
      return newPath;
    }
    this.n[i]!++;
    // git log emits newest first, so on equal dates the later-emitted (older) commit wins.
    if (this.commits.ct(commit) <= this.commits.ct(this.commit[i]!)) {
      this.keepMore(i, this.commit[i]!, this.pathId[i]!);
      this.commit[i] = commit;
      this.pathId[i] = p;
    } else this.keepMore(i, commit, p);
    return newPath;
  }

  /** How many times the blob was introduced (its provenance list holds at most maxProvenance). */
  count(i: number): number {
    return this.n[i]!;
  }

  seen(i: number): boolean {
    return this.flags[i] !== 0;
  }

  /** The blob was handed on (scanned, settled or warned about): once only. */
  markSeen(i: number): void {
    this.flags[i] = 1;
  }

  /** Path where the earliest commit introduced it. */
  path(i: number): string {
    return this.paths.value(this.pathId[i]!);
  }

  /** The earliest introducing commit's id. */
  commitSha(i: number): string {
    return this.commits.sha(this.commit[i]!);
  }

  blob(i: number): string {
    return this.oids.hex(i);
  }

  /** Earliest first, then the others kept, by committer date. */
  provenance(i: number, blob: string): Provenance[] {
    const out = [this.gitProv(this.commit[i]!, this.pathId[i]!, blob)];
    const more = this.more.get(i);
    if (more) {
      const pairs: Array<[number, number]> = [];
      for (let k = 0; k < more.length; k += 2) pairs.push([more[k]!, more[k + 1]!]);
      pairs.sort((a, b) => this.commits.ct(a[0]) - this.commits.ct(b[0]));
      for (const [c, p] of pairs) out.push(this.gitProv(c, p, blob));
    }
    return out;
  }

  /** Provenance of `blob` at `path` in `commit`, whether or not it introduced the blob first. */
  provenanceAt(commit: number, path: string, blob: string): Provenance {
    return this.gitProv(commit, this.paths.id(path), blob);
  }

  private gitProv(commit: number, path: number, blob: string): Provenance {
    const c = this.commits.meta(commit);
    return { kind: 'git', commit: c.sha, path: this.paths.value(path), author: c.author, email: c.email, date: c.date, subject: c.subject, blob };
  }

  private keepMore(i: number, commit: number, path: number): void {
    let more = this.more.get(i);
    if (!more) this.more.set(i, (more = []));
    if (more.length < 2 * (this.maxProvenance - 1)) more.push(commit, path);
  }

  private growTo(n: number): void {
    this.commit = grow(this.commit, n);
    this.pathId = grow(this.pathId, n);
    this.n = grow(this.n, n);
    this.flags = grow(this.flags, n);
  }
}
