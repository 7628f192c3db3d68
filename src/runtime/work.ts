// What a runner (a worker's, or the main thread's) is given and what it gives back. It is given
// a locator — the content's id and where to read it (bytes, a file, a git blob, a stream) —
// never where the content was seen; it returns what it found relative to the content (the
// archive members a hit lies in, warnings' paths after the content's own), and the main thread
// joins that with the provenance it holds (join.ts). So a blob's 20 commits never cross to a
// worker, and a blob scanned before its commits are known needs nothing re-done.
import type { Chunk, GitBlobRef, Hit, NameField, Provenance } from '../types.js';
import { archiveDepth } from '../decode/run.js';
import { GUNZIPPED_IN_OUTER, gunzippedIn } from '../decode/gzip.js';
import { displayPath } from '../provenance.js';

/** A chunk as a runner sees it: a locator, no provenance. */
export interface Work {
  id: string;
  /** Loaded bytes (empty when the runner reads them: readFrom, gitBlob, stream). */
  bytes: Uint8Array;
  readFrom?: string;
  gitBlob?: GitBlobRef;
  stream?: AsyncIterable<Uint8Array>;
  /** With readFrom: a plain-text file too big to hold whole, read as a stream (set by the reader). */
  streamFrom?: boolean;
  lines?: number[];
  /** Archive levels above these bytes: an entry of an archive streamed on the main thread. */
  depth: number;
}

export function workOf(c: Chunk): Work {
  const w: Work = { id: c.id, bytes: c.bytes, depth: archiveDepth(c.provenance[0]) };
  if (c.readFrom !== undefined) w.readFrom = c.readFrom;
  if (c.gitBlob) w.gitBlob = c.gitBlob;
  if (c.stream) w.stream = c.stream;
  if (c.lines) w.lines = c.lines;
  return w;
}

/** A hit as a runner returns it: where in the content, not where the content was seen. */
export interface WorkHit {
  hit: Hit;
  /** Archive members from the content inwards (`a.jar!b/c.properties` → ['a.jar'…]); none = the content itself. */
  members?: string[];
  encoding?: string;
  /** Found in a name (an archive member's), not in content (engine/names.ts). */
  field?: NameField;
}

/** Where decode is rooted in a runner: the content itself (see Provenance 'content'). */
export function rootOf(id: string): Provenance[] {
  return [{ kind: 'content', id }];
}

/** The archive members of a provenance rooted at a content (rootOf), outermost first. */
export function membersOf(p: Provenance | undefined): string[] | undefined {
  let members: string[] | undefined;
  while (p?.kind === 'archive') {
    (members ??= []).unshift(p.inner);
    p = p.outer;
  }
  return members;
}

/** The members a hit lies in, as a WorkHit field. */
export function memberField(p: Provenance | undefined): { members?: string[] } {
  const m = membersOf(p);
  return m ? { members: m } : {};
}

/**
 * A display path made under rootOf(id) (it starts with the id), made relative: '' for the
 * content itself, '!member…' inside it. The join puts the content's own display path first.
 */
export function relative(path: string, id: string): string {
  return path.startsWith(id) ? path.slice(id.length) : path;
}

/**
 * `at` with the archive members `members` nested inside it. A gzip member named after its
 * outer file (GUNZIPPED_IN_OUTER, only ever directly in the content) is named after `at`.
 */
export function nest(at: Provenance, members: readonly string[] | undefined): Provenance {
  let p = at;
  if (members) for (const inner of members) p = { kind: 'archive', outer: p, inner: inner === GUNZIPPED_IN_OUTER ? gunzippedIn(p) : inner };
  return p;
}

/** A relative path (see relative()) below the display path of `at`. */
export function below(at: Provenance, rel: string): string {
  const display = displayPath(at);
  const named = `!${GUNZIPPED_IN_OUTER}`;
  return rel.startsWith(named) ? `${display}!${gunzippedIn(at)}${rel.slice(named.length)}` : display + rel;
}
