// Shared types only: the contract between pipeline stages. No logic here.

import type { RepoSummary } from './audit/types.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Where bytes came from. Archive provenance nests: outer!inner!file. */
export type Provenance =
  | { kind: 'file'; path: string }
  | { kind: 'stdin' }
  | {
      kind: 'git';
      commit: string;
      path: string;
      author: string;
      email: string;
      date: string; // ISO 8601 commit date
      subject: string;
      blob?: string;
      /** In a submodule (--recurse-submodules): its path in the superproject, which `path` starts with. */
      submodule?: string;
    }
  /** A commit message (secrets get pasted into them). */
  | { kind: 'git-message'; commit: string; author: string; email: string; date: string; subject: string; /** An annotated tag's message: `commit` is the tag object. */ tag?: string; submodule?: string }
  /** A blob no ref reaches any more (found only with --all-objects). */
  | { kind: 'git-unreachable'; blob: string; submodule?: string }
  | { kind: 'staged'; path: string; blob?: string }
  | { kind: 'archive'; outer: Provenance; inner: string }
  /** A commit's author field ("Name <email>"), where a secret was found (engine/names.ts). */
  | { kind: 'git-author'; commit: string; author: string; email: string; date: string; subject: string; submodule?: string }
  /**
   * The content being matched, as the runtime's runner roots decode at it: where it was seen
   * is joined on the main thread (runtime/join.ts). Never in a finding or a report.
   */
  | { kind: 'content'; id: string };

/** Where a name was seen, or how to tell it when asked (engine/names.ts asks only on a keyword). */
export type LazyProvenance = Provenance[] | (() => Provenance[]);

/** Bytes plus where they came from. `id` is a git blob id when known, else a path/label. */
export interface Chunk {
  id: string;
  bytes: Uint8Array;
  /**
   * A file whose bytes are not loaded yet: the worker that takes the chunk reads it, so file
   * I/O spreads over the worker threads instead of queueing on the main thread.
   */
  readFrom?: string;
  /**
   * A git blob (object id = `id`) whose bytes are not loaded yet: the worker that takes the
   * chunk reads it with its own `git cat-file`, so blob bytes never pass the main thread.
   */
  gitBlob?: GitBlobRef;
  /** Size of bytes not loaded yet, when known (git blobs): batches are cut by it. */
  size?: number;
  /**
   * Where the bytes were seen. Stays on the main thread (workers get `id` and where to read).
   * Empty: not known yet (history: blobs are scanned while the commit walk that names their
   * commits still runs); the source's LateProvenance (sources/source.ts) tells it later.
   */
  provenance: Provenance[];
  /** Pre-commit scans: 1-based line numbers that count (added/changed). Undefined = all lines. */
  lines?: number[];
  /** Places carrying the same bytes beyond those listed in `provenance` (a capped list). */
  moreProvenance?: number;
  /**
   * Bytes too big (or of unknown size: stdin, a FIFO, a large archive member) to hold whole:
   * read as a stream and matched in windows (decode/window.ts). Not serialisable, so such a
   * chunk always runs on the main thread's runner.
   */
  stream?: AsyncIterable<Uint8Array>;
}

export interface GitBlobRef {
  repo: string;
  /** git ≥ 2.36: `cat-file --batch-command --buffer` (fewer writes) instead of `--batch`. */
  batchCommand: boolean;
}

/** Text the engine matches, after decode/. `encoding` says if the text is not the raw bytes. */
export interface TextChunk {
  text: string;
  provenance: Provenance[];
  /** e.g. 'utf-16le', 'json-unescaped', 'strings' — line numbers then point into decoded text. */
  encoding?: string;
  /** Copied from Chunk.lines: findings on other lines are dropped. */
  lines?: number[];
  /** Set when the text is one window of a longer stream (see decode/window.ts). */
  window?: TextWindow;
  /** Set for a view whose offsets map back to the text it was decoded from (decode/view-map.ts). */
  origin?: ViewOrigin;
  /** Set when a decoder's bound left part of the text undecoded: the warning to give. */
  limit?: string;
}

/**
 * How much of a long text a decoded view keeps around each decoded part: `context`
 * characters of the original on each side; where more lies between two parts, it is left out
 * for `gap` newlines, so what lies either side stays as far apart as pairing needs. The
 * engine says what it needs (engine/windows.ts viewWindows); decode/view-map.ts cuts.
 */
export interface ViewWindows {
  context: number;
  gap: number;
}

/** The text a mapped view was decoded from, and how a view offset maps back into it. */
export interface ViewOrigin {
  original: string;
  /** Original offset of a view offset (a start, or with `end` an exclusive end). */
  toOrig(offset: number, end?: boolean): number;
  /** Pre-commit: only hits starting on these original lines count. */
  lines?: number[];
}

/** Where a window sits in its stream, and which of its hits it owns (1-based, like Span). */
export interface TextWindow {
  /** Position of the window's first character in the whole stream. */
  line: number;
  column: number;
  /** Hits starting before `from` or at/after `to` (window coordinates) belong to a neighbour. */
  from?: { line: number; column: number };
  to?: { line: number; column: number };
  /** Index of this window in its stream, and a per-stream memory for decoded-view hits. */
  index: number;
  seen: Map<string, number>;
}

/** 1-based, inclusive start, exclusive end column (SARIF convention: columns in UTF-16 code units). */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One match of one rule in one text, before aggregation. Produced only by engine/detect.ts. */
export interface Hit {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  secret: string;
  match: string;
  entropy: number;
  fingerprint: string;
  span: Span;
  /** The provider of the rule (its file's `provider:`), whose plugin enriched, redacts and verifies it. */
  provider?: string;
  /** What the provider knows about the secret, keyed by provider id (providers/<id>/). */
  facts?: Record<string, unknown>;
  /** For a paired credential: each part, with its own fingerprint and span. */
  parts?: HitPart[];
  /**
   * Suppressions the engine saw for this hit (an inline marker, a config allowlist entry):
   * marked, not dropped, so src/suppress/ decides in one place what is hidden, can count what
   * each entry hid (--report-unused) and can ignore them all (--no-suppress).
   */
  suppressed?: Suppression[];
  /** Hints for verification (e.g. a session token or region seen near a key id). */
  context?: {
    sessionToken?: string;
    /** Other secrets seen near an anchor (a key id): verification tries them in turn. */
    candidates?: string[];
    /** Provider hints seen near the secret (e.g. which partition a region names). */
    hints?: Record<string, string>;
  };
}

export interface HitPart {
  ruleId: string;
  role: 'key-id' | 'secret' | 'session-token';
  secret: string;
  fingerprint: string;
  span: Span;
}

export interface Location extends Span {
  /** Display path: file path, git path, or outer!inner for archives. */
  path: string;
  provenance: Provenance;
  /** Set when line numbers point into decoded text (utf-16le, json-unescaped, strings). */
  encoding?: string;
  /** For git: how many more commits/paths carry the same blob (not all listed). */
  moreProvenance?: number;
  /**
   * Set when the secret is in a name, not in content (engine/names.ts): 'name' = the file
   * path, archive member name or git path; 'author' = a git author "Name <email>". Line and
   * column then count within that name (a member's own name, after the last '!').
   */
  field?: NameField;
  /** Set when a suppression applies at this place (src/suppress/ decides whether it hides it). */
  suppressed?: Suppression[];
  /** Org audits (`keyhound repos`): the repository this place is in, URL without credentials. */
  repo?: string;
}

export type NameField = 'name' | 'author';

/** Why one place of a finding is suppressed; src/suppress/ is where this is acted on. */
export interface Suppression {
  /** inline: a marker comment; allowlist: a config allowlist entry; baseline; ignore: an ignore file. */
  kind: 'inline' | 'allowlist' | 'baseline' | 'ignore';
  /** Which entry: the marker (`keyhound:allow`), or `file:line` of the config / baseline / ignore entry. */
  source: string;
  /** The reason given with it (text after an inline marker, a baseline entry's reason). */
  reason?: string;
}

export type VerificationStatus = 'live' | 'invalid' | 'unknown' | 'skipped';

export interface Verification {
  status: VerificationStatus;
  reason?: string;
  arn?: string;
  account?: string;
  userId?: string;
}

/** One secret, wherever it was seen. Identity is the fingerprint, not a line number. */
export interface Finding {
  fingerprint: string; // sha256(ruleId \0 secret), hex
  ruleId: string;
  ruleName: string;
  severity: Severity;
  secret: string;
  match: string;
  entropy: number;
  locations: Location[];
  /** Places beyond `locations` (capped at LOCATION_CAP) where the same secret was found. */
  moreLocations?: number;
  provider?: string;
  facts?: Record<string, unknown>;
  parts?: Array<Omit<HitPart, 'span'> & { location: Location }>;
  context?: Hit['context'];
  verification?: Verification;
}

export type WarningKind =
  | 'unreadable'
  | 'size-cap'
  | 'binary'
  | 'symlink-loop'
  | 'missing-object'
  | 'shallow'
  | 'archive-corrupt'
  | 'archive-limit'
  | 'archive-encrypted'
  | 'depth-limit'
  | 'decode'
  | 'rule-timeout'
  | 'interrupted'
  | 'other'
  | 'dangling-symlink'
  | 'special-file'
  | 'match-cap'
  | 'location-cap'
  | 'empty-input'
  | 'submodule'
  | 'default-excluded';

export interface ScanWarning {
  kind: WarningKind;
  path: string;
  message: string;
}

export interface Summary {
  /** Files (or blobs) whose content was matched. */
  filesScanned: number;
  bytesScanned: number;
  findings: number;
  /** Skipped binary files: counted, not silently dropped. */
  binarySkipped: number;
  warnings: number;
  warningsByKind: Partial<Record<WarningKind, number>>;
  /** False when anything made the scan incomplete (interrupted, missing objects, limits hit). */
  complete: boolean;
  durationMs: number;
  verification?: Partial<Record<VerificationStatus, number>>;
  /** Free-form counters sources add (e.g. git: blobs, commits, refs, shallow depth). */
  extra?: Record<string, number | string>;
  /** Findings hidden whole by a suppression (src/suppress/); places hidden are in ScanResult.suppressed. */
  suppressed?: number;
}

export interface ScanResult {
  summary: Summary;
  findings: Finding[];
  warnings: ScanWarning[];
  /** What suppressions hid: each finding with only its hidden places, each place saying why. */
  suppressed?: Finding[];
  /** --report-unused: baseline, ignore-file and allowlist entries that hid nothing. */
  unusedSuppressions?: Suppression[];
  /** Org audits (`keyhound repos`): one row per repository. */
  repos?: RepoSummary[];
}
