// The unit of work, the same on the main thread and in a worker: read a file chunk's bytes
// if the source deferred that, decode the chunk, detect in each text it yields, return hits
// with their provenance plus warnings and counters.
import type { Chunk, NameField, Provenance, ScanWarning, TextChunk } from '../types.js';
import { loadRules, type ParsedRuleFile, type RuleSet } from '../rules/load.js';
import { compile, type Matcher } from '../engine/compile.js';
import { NameScanner } from '../engine/names.js';
import type { PlacedHit } from '../store/placed.js';
import { expand, isPlainText, type DecodeLimits } from '../decode/index.js';
import { displayPath } from '../sources/provenance.js';
import { BlobReader, type BlobAnswer } from '../sources/git/blobs.js';
import { STREAM_OVER, streamTexts, type StreamHooks } from '../decode/streamed.js';
import { Run, archiveDepth } from '../decode/run.js';
import { placeWindowHits } from './place-window.js';
import { openStream } from '../sources/stream.js';
import { SameContent } from './same-content.js';
import { readDeferred } from './read-file.js';
import type { RuleConfig } from '../config/types.js';

export interface RunnerConfig {
  extraRules: string[];
  /** The extraRules files as the main thread parsed them (a worker then reads no YAML). */
  extraParsed?: ParsedRuleFile[];
  builtinRules: boolean;
  limits: DecodeLimits;
  inlineAllow: boolean;
  extraCanaries: Array<[string, string]>;
  /** Files larger than this are not read whole: archives are streamed, others warned. */
  maxFileBytes: number;
  /** A config's rules, disabled ids and allowlists (plain data: each worker compiles them). */
  ruleConfig?: RuleConfig;
}

/** Archives larger than this are handed back to be streamed entry by entry on the main
 * thread, so every worker gets a share of one big artifact. */
export const SPREAD_ARCHIVES_OVER = 16 * 1024 * 1024;

/** A pipe holds 64 kB: read it about as often as that much is matched. */
const YIELD_EVERY_BYTES = 64 * 1024;

export interface WorkResult {
  hits: PlacedHit[];
  warnings: ScanWarning[];
  counts: Record<string, number>;
  /** Files (or blobs, entries) whose bytes were scanned, and how many bytes. */
  files: number;
  bytes: number;
  /** A large archive to stream on the main thread (its entries come back as chunks). */
  deferred?: { path: string; provenance: Provenance };
}

export class ChunkRunner {
  private readonly engine: Matcher;
  /** Secrets in names: archive members here; the main thread's runner also scans sources' names. */
  readonly names: NameScanner;
  private readonly canaries: ReadonlyMap<string, string>;
  private readonly mayMatch: (bytes: Uint8Array) => boolean;
  /**
   * Where small files are read: reused, so reading a tree allocates (and collects) nothing per
   * file. Safe because a chunk is decoded and matched completely before the next is read, and
   * nothing kept (hits, warnings) points into its bytes.
   */
  private readonly scratch = Buffer.allocUnsafeSlow(256 * 1024);
  /** Keywords of the bytes decode asked about last; used once, by the raw text view that follows. */
  private present: Set<string> | undefined;
  /** The same for the window of a stream about to be yielded (StreamHooks.mayMatchText). */
  private windowPresent: Set<string> | undefined;
  /** One `git cat-file` per repository this runner has read blobs from. */
  private readonly blobReaders = new Map<string, BlobReader>();
  /** Bytes matched since the event loop last ran (see runNow). */
  private sinceYield = 0;
  /** The run in progress (see run()). */
  private turn: Promise<void> = Promise.resolve();
  /** Files holding bytes already scanned here take that result (see same-content.ts). */
  private readonly same = new SameContent((path) => this.engine.allowsPath(path));

  constructor(private readonly cfg: RunnerConfig, private readonly ruleSet: RuleSet) {
    this.engine = compile(ruleSet);
    this.canaries = new Map(cfg.extraCanaries);
    this.names = new NameScanner(this.engine, { inlineAllow: cfg.inlineAllow, extraCanaries: this.canaries });
    this.mayMatch = (bytes) => {
      this.present = this.engine.keywordsInBytes(bytes);
      return this.present.size > 0;
    };
  }

  static async create(cfg: RunnerConfig, ruleSet?: RuleSet): Promise<ChunkRunner> {
    return new ChunkRunner(cfg, ruleSet ?? (await loadRules({ extra: cfg.extraRules, builtin: cfg.builtinRules, parsed: cfg.extraParsed, config: cfg.ruleConfig })));
  }

  /**
   * Scan a batch: its blobs are asked of git at once (answers stream in while earlier chunks
   * are matched, and while an earlier batch still is), then each chunk runs in turn.
   */
  runBatch(chunks: readonly Chunk[]): Promise<WorkResult[]> {
    const blobs = chunks.map((c) => (c.gitBlob ? this.blobReader(c).read(c.id) : undefined));
    return Promise.all(chunks.map((c, i) => this.run(c, blobs[i])));
  }

  /** Stop the git processes this runner started. */
  close(): void {
    for (const r of this.blobReaders.values()) r.close();
    this.blobReaders.clear();
  }

  /**
   * Scan one chunk. Calls are queued and run one after another, in call order: a run awaits
   * (blob reads, archive entries) and the buffers above are shared between runs.
   */
  run(chunk: Chunk, blob?: Promise<BlobAnswer>): Promise<WorkResult> {
    const next = this.turn.then(() => this.runNow(chunk, blob));
    this.turn = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Whether some rule is allowlisted at this path (its hits there do not count). */
  allowsPath(path: string): boolean {
    return this.engine.allowsPath(path);
  }

  /** Whether some rule came from --rules: such rules must not run on a scan's main thread. */
  /** The user rule files as parsed here: for the workers' config. */
  get parsedRules(): ParsedRuleFile[] | undefined {
    return this.ruleSet.parsed;
  }

  get hasUserRules(): boolean {
    return this.engine.hasUserRules;
  }

  /** The config's allowlist entries, for the join (runtime/place-allow.ts). */
  get allowlists(): RuleSet['allowlists'] {
    return this.ruleSet.allowlists;
  }

  private async runNow(chunk: Chunk, blob?: Promise<BlobAnswer>): Promise<WorkResult> {
    // Matching a batch whose blobs have all arrived never returns to the event loop, so git's
    // output for the next batch sits in a full pipe and git waits: let I/O in now and then.
    if (this.sinceYield >= YIELD_EVERY_BYTES) {
      this.sinceYield = 0;
      await new Promise<void>((r) => setImmediate(r));
    }
    const result: WorkResult = { hits: [], warnings: [], counts: {}, files: 0, bytes: 0 };
    this.present = undefined;
    if (chunk.stream || chunk.streamFrom) return this.runStream(chunk, result);
    let done: ((r: WorkResult) => void) | undefined;
    if (chunk.readFrom !== undefined) {
      const loaded = readDeferred(chunk, result, this.scratch, this.cfg.maxFileBytes);
      if (!loaded) return result;
      if (loaded.streamFrom) return this.runStream(loaded, result);
      const same = this.same.check(chunk, loaded.bytes, result);
      if (same === 'reused') return result;
      done = same;
      chunk = loaded;
    } else if (chunk.gitBlob) {
      const loaded = this.loadBlob(chunk, await (blob ?? this.blobReader(chunk).read(chunk.id)), result);
      if (!loaded) return result;
      if (loaded.stream) return this.runStream(loaded, result);
      chunk = loaded;
    }
    result.files = 1;
    result.bytes = chunk.bytes.byteLength;
    this.sinceYield += chunk.bytes.byteLength;
    // Most files and blobs: plain text without a keyword. Done here, without expand()'s
    // async generators (several promises a chunk, a measurable share of a history scan).
    if (isPlainText(chunk.bytes) && !this.mayMatch(chunk.bytes)) {
      done?.(result);
      return result;
    }
    const r = await this.detectAll(expand(chunk, this.cfg.limits, this.decodeContext(result), { mayMatch: this.mayMatch }), chunk, result);
    done?.(r);
    return r;
  }

  private decodeContext(result: WorkResult) {
    return {
      warn: (w: ScanWarning) => void result.warnings.push(w),
      count: (key: string, n = 1) => void (result.counts[key] = (result.counts[key] ?? 0) + n),
      name: (text: string, field: NameField, at: Provenance[]) => this.names.scan(text, field, at, result.hits),
    };
  }

  /** Match every text decode yields for the chunk; a window of a stream is placed in it. */
  private async detectAll(texts: AsyncIterable<TextChunk>, chunk: Chunk, result: WorkResult): Promise<WorkResult> {
    try {
      for await (const tc of texts) {
        // decode asks mayMatch about a text's bytes (a window of a stream: mayMatchText about
        // its text) right before yielding its raw view.
        const keywords = tc.encoding !== undefined ? undefined : tc.window ? this.windowPresent : this.present;
        this.present = undefined;
        this.windowPresent = undefined;
        const path = tc.provenance[0] ? displayPath(tc.provenance[0]) : undefined;
        let hits = this.engine.scan(tc.text, {
          keywords,
          path,
          onLimit: (l) => void result.warnings.push({ kind: l.kind, path: path ?? chunk.id, message: l.message }),
          lines: tc.lines,
          inlineAllow: this.cfg.inlineAllow,
          extraCanaries: this.canaries,
        });
        if (tc.window && hits.length) hits = placeWindowHits(hits, tc.window, tc.encoding);
        for (const hit of hits) {
          result.hits.push({ hit, provenance: tc.provenance, ...(tc.encoding ? { encoding: tc.encoding } : {}), ...(chunk.moreProvenance ? { moreProvenance: chunk.moreProvenance } : {}) });
        }
      }
    } catch (e) {
      // One bad chunk must not end the scan: say which, keep going.
      result.warnings.push({ kind: 'decode', path: chunk.provenance[0] ? displayPath(chunk.provenance[0]) : chunk.id, message: `could not scan: ${(e as Error).message}` });
    }
    return result;
  }

  /** stdin, a FIFO, a large plain-text file: read as a stream, matched in windows. */
  private runStream(chunk: Chunk, result: WorkResult): Promise<WorkResult> {
    const { stream, display } = openStream(chunk, result);
    if (!stream) return Promise.resolve(result);
    const ctx = this.decodeContext(result);
    const run = new Run(this.cfg.limits, ctx);
    const hooks: StreamHooks = {
      holdMax: this.cfg.maxFileBytes,
      streamOver: Math.min(STREAM_OVER, this.cfg.maxFileBytes),
      mayMatchText: (text) => {
        const present = this.engine.keywordsIn(text);
        // Set only when the window is yielded next, so it never outlives it.
        if (present.size > 0) this.windowPresent = present;
        return present.size > 0;
      },
      expand: (bytes, provenance) => expand({ id: chunk.id, bytes, provenance }, this.cfg.limits, ctx, { mayMatch: this.mayMatch }),
      onEnd: (n) => {
        result.files = 1;
        result.bytes = n;
        if (n === 0 && chunk.provenance[0]?.kind !== 'archive') ctx.warn({ kind: 'empty-input', path: display, message: `${display === '-' ? 'stdin' : display} was empty or closed: nothing scanned` });
      },
    };
    return this.detectAll(streamTexts(stream, chunk.provenance, archiveDepth(chunk.provenance[0]), run, hooks), chunk, result);
  }

  private blobReader(chunk: Chunk): BlobReader {
    const ref = chunk.gitBlob!;
    let r = this.blobReaders.get(ref.repo);
    if (!r) this.blobReaders.set(ref.repo, (r = new BlobReader(ref, this.cfg.maxFileBytes, STREAM_OVER)));
    return r;
  }

  /** A git blob's answer: bytes, or a warning saying why it was not scanned. */
  private loadBlob(chunk: Chunk, a: BlobAnswer, result: WorkResult): Chunk | undefined {
    const display = chunk.provenance[0] ? displayPath(chunk.provenance[0]) : chunk.id;
    if ('bytes' in a) return { id: chunk.id, bytes: a.bytes, provenance: chunk.provenance };
    if ('stream' in a) return { id: chunk.id, bytes: new Uint8Array(0), stream: a.stream, provenance: chunk.provenance };
    if ('overCap' in a) {
      result.counts.sizeCapped = 1;
      result.warnings.push({ kind: 'size-cap', path: display, message: `blob ${chunk.id} is ${a.overCap} bytes, over the ${this.cfg.maxFileBytes}-byte cap; not scanned` });
    } else {
      result.counts.missingObjects = 1;
      result.warnings.push({ kind: 'missing-object', path: display, message: `blob ${chunk.id} ${a.missing}; not scanned` });
    }
    return undefined;
  }
}
