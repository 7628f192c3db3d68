// One repository of an audit: mirror it (or take a local path as it is), scan its whole
// history with every object through the ordinary pipeline (src/scan.ts, the git source), and
// hand back its findings as a store of their own, every place tagged with the repository.
import type { Finding, ScanWarning } from '../types.js';
import type { RepoSummary } from './types.js';
import { scan, type ScanOptions } from '../scan.js';
import { gitSource } from '../sources/git/index.js';
import { runGit } from '../sources/git/exec.js';
import { applySuppressions } from '../suppress/apply.js';
import { FindingStore } from '../store/finding-store.js';
import { mirror } from './mirror.js';
import { repoHash, type RepoEntry } from './repo-list.js';

export interface RepoScanOptions {
  /** The pipeline's options (rules, limits, workers); verification is the audit's, after all repos. */
  scan: Omit<ScanOptions, 'verify' | 'signal' | 'suppress'>;
  cacheDir: string;
  cloneTimeoutMs: number;
  signal: AbortSignal;
}

/** --incremental: what the state file holds of the repository's last scan. */
export interface Previous {
  heads: Record<string, string>;
  store: FindingStore;
}

export interface RepoOutcome {
  row: RepoSummary;
  /** That repository's findings, every place's `repo` set; origin = the repo's hash. */
  store: FindingStore;
  warnings: ScanWarning[];
  /** ref → object id scanned (the state file keeps it for --incremental). */
  heads: Record<string, string>;
  bytes: number;
  /** The scan was stopped (SIGINT/SIGTERM) before the repository was done: not a finished repo. */
  interrupted: boolean;
}

/** The origin id a repository's places are counted under in merged stores. */
export const originOf = (repo: string): string => repoHash(repo).slice(0, 16);

export async function scanRepo(entry: RepoEntry, o: RepoScanOptions, previous?: Previous): Promise<RepoOutcome> {
  const started = Date.now();
  // An update's places count under an origin of their own: merged with the record's, they add up.
  const store = new FindingStore({ origin: previous ? originOf(`${entry.repo}\0${JSON.stringify(previous.heads)}`) : originOf(entry.repo) });
  const row = (extra: Partial<RepoSummary>): RepoSummary => ({
    repo: entry.repo, status: 'scanned', commits: 0, blobs: 0, findings: 0, live: 0, warnings: 0, durationMs: Date.now() - started, ...extra,
  });
  let dir: string;
  try {
    dir = entry.local ?? (await mirror(entry, o.cacheDir, o.cloneTimeoutMs, o.signal));
  } catch (e) {
    return { row: row({ status: 'failed', reason: scrubUrl((e as Error).message, entry) }), store, warnings: [], heads: {}, bytes: 0, interrupted: o.signal.aborted };
  }
  try {
    const heads = await headsOf(dir);
    if (previous && sameHeads(previous.heads, heads)) {
      return { row: row({ status: 'unchanged' }), store: previous.store, warnings: [], heads, bytes: 0, interrupted: false };
    }
    // Incremental: blobs introduced by commits beyond the saved heads (their blob ids were scanned).
    const exclude = previous ? [...new Set(Object.values(previous.heads))] : undefined;
    const source = gitSource({ repo: dir, allObjects: !previous, maxFileBytes: o.scan.maxFileBytes ?? 256 * 1024 * 1024, messages: true, ...(exclude ? { exclude } : {}) });
    // Nothing hidden here: the audit's suppression stage runs once, on the merged findings.
    const result = await scan(source, { ...o.scan, signal: o.signal, suppress: (found) => applySuppressions(found, { noSuppress: true }) });
    for (const f of result.findings) tag(f, entry.repo);
    for (const f of result.findings) install(store, f);
    if (previous) store.merge(previous.store);
    const warnings = result.warnings.map((w) => ({ ...w, path: `${entry.repo}: ${w.path}` }));
    const extra = result.summary.extra ?? {};
    return {
      row: row({ status: previous ? 'updated' : 'scanned', commits: Number(extra.commits ?? 0), blobs: Number(extra.blobs ?? 0), findings: result.findings.length, warnings: warnings.length }),
      store, warnings, heads, bytes: result.summary.bytesScanned, interrupted: o.signal.aborted,
    };
  } catch (e) {
    return { row: row({ status: 'failed', reason: scrubUrl((e as Error).message, entry) }), store, warnings: [], heads: {}, bytes: 0, interrupted: o.signal.aborted };
  }
}

/** Every ref and the object it names (sorted: stable state records). */
export async function headsOf(dir: string): Promise<Record<string, string>> {
  const r = await runGit(dir, ['for-each-ref', '--format=%(objectname) %(refname)']);
  const out: Record<string, string> = {};
  for (const line of r.stdout.toString('utf8').split('\n').sort()) {
    const sp = line.indexOf(' ');
    if (sp > 0) out[line.slice(sp + 1)] = line.slice(0, sp);
  }
  return out;
}

function sameHeads(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function tag(f: Finding, repo: string): void {
  for (const l of f.locations) l.repo = repo;
  for (const p of f.parts ?? []) p.location.repo = repo;
}

/** A finding as this repository's store holds it: every listed place and the true count under its origin. */
export function install(store: FindingStore, f: Finding): void {
  const seen = new Map([[store.origin, f.locations.length + (f.moreLocations ?? 0)]]);
  store.install(f, f.locations.map((loc) => ({ loc, tags: [store.origin] })), seen);
}

/** git's messages quote the URL it was given, credentials and all: show the repo name instead. */
function scrubUrl(message: string, entry: RepoEntry): string {
  return entry.url === entry.repo ? message : message.split(entry.url).join(entry.repo);
}
