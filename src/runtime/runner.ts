// The unit of work, the same on the main thread and in a worker: given a locator (work.ts),
// read the content (a file, a git blob, a stream), decode it, detect in each text it yields,
// and return hits relative to the content (its archive members) plus warnings and counters.
// Where the content was seen is not known here: the main thread joins that (join.ts).
import type { LazyProvenance, NameField, Provenance, ScanWarning, TextChunk, TextWindow, ViewWindows } from '../types.js';
import { applyRuleConfig, compileRuleFiles, type ParsedRuleFile, type RuleSet } from '../rules/load.js';
import { compile, type Matcher } from '../engine/compile.js';
import type { KeywordsFound } from '../engine/keywords.js';
import { NameScanner } from '../engine/names.js';
import { viewWindows } from '../engine/windows.js';
import type { PlacedHit } from '../store/placed.js';
import { DECODE_MARKS, expand, isPlainText, type DecodeLimits } from '../decode/index.js';
import { mayHideEncoded, type Marks } from '../decode/encoded-views.js';
import { placeViewHits } from '../decode/view-map.js';
import { displayPath } from '../sources/provenance.js';
import { BlobReader, type BlobAnswer } from '../sources/git/blobs.js';
import { STREAM_OVER, streamTexts, type StreamHooks } from '../decode/streamed.js';
import { Run } from '../decode/run.js';
import { placeWindowViews } from './place-window.js';
import { matchWindow, StreamWindows, type ViewHits, type WindowHelper } from './stream-windows.js';
import { openStream } from '../sources/stream.js';
import { SameContent } from './same-content.js';
import { readDeferred } from './read-file.js';
import { memberField, relative, rootOf, type Work, type WorkHit } from './work.js';
import type { RuleConfig } from '../config/types.js';

export interface RunnerConfig {
  /**
   * Every rule file (built-in and --rules) as the main thread loaded and parsed it: a worker
   * compiles exactly these, reading no rule file, snapshot or YAML of its own.
   */
  rules: ParsedRuleFile[];
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

/** What a runner found in one content, relative to it (see work.ts). */
export interface WorkResult {
  hits: WorkHit[];
  /** Paths relative to the content: '' for itself, '!member…' inside it (work.ts relative()). */
  warnings: ScanWarning[];
  counts: Record<string, number>;
  /** Files (or blobs, entries) whose bytes were scanned, and how many bytes. */
  files: number;
  bytes: number;
  /**
   * A large file to stream on the main thread: an archive (its entries come back as chunks),
   * or plain text (`text`: its windows are shared with the workers, stream-windows.ts).
   */
  deferred?: { path: string; text?: boolean };
  /** A stream (stdin, a FIFO) that ended before its first byte: the join says so. */
  empty?: boolean;
}

export class ChunkRunner {
  private readonly engine: Matcher;
  /** Secrets in names: archive members here; the main thread's runner also scans sources' names. */
  readonly names: NameScanner;
  private readonly canaries: ReadonlyMap<string, string>;
  private readonly mayMatch: (bytes: Uint8Array) => boolean;
  /** Decode's marks that the pass mayMatch made over the same bytes saw (ExpandOptions.marks). */
  private readonly marksOf: (bytes: Uint8Array) => Marks | undefined;
  /** How much of a text its decoded views keep around what they decoded (ExpandOptions.windows). */
  private readonly windows: ViewWindows;
  /**
   * Where small files are read: reused, so reading a tree allocates (and collects) nothing per
   * file. Safe because a chunk is decoded and matched completely before the next is read, and
   * nothing kept (hits, warnings) points into its bytes.
   */
  private readonly scratch = Buffer.allocUnsafeSlow(256 * 1024);
  /** Keywords of the bytes decode asked about last; used once, by the raw text view that follows. */
  private present: Set<string> | undefined;
  /** The content's own bytes and their keywords; cleared per content (a scratch buffer is reused). */
  private lastPass: { bytes: Uint8Array; present: KeywordsFound } | undefined;
  /** Who else may match the windows of a long stream (the main thread's runner: the workers). */
  windowHelper: WindowHelper | undefined;
  /** One `git cat-file` per repository this runner has read blobs from. */
  private readonly blobReaders = new Map<string, BlobReader>();
  /** Bytes matched since the event loop last ran (see runNow). */
  private sinceYield = 0;
  /** The run in progress (see run()). */
  private turn: Promise<void> = Promise.resolve();
  /** Files holding bytes already scanned here take that result (see same-content.ts). */
  private readonly same = new SameContent();

  /** `streamsHere` false (a worker): a large plain-text file goes back to the main thread (read-file.ts). */
  constructor(private readonly cfg: RunnerConfig, ruleSet: RuleSet, private readonly streamsHere = true) {
    // decode's triggers ride the keyword pass as marks: one pass over a file tells both
    this.engine = compile(ruleSet, [], { marks: DECODE_MARKS });
    this.windows = viewWindows(ruleSet);
    this.canaries = new Map(cfg.extraCanaries);
    this.names = new NameScanner(this.engine, { inlineAllow: cfg.inlineAllow, extraCanaries: this.canaries });
    this.mayMatch = (bytes) => {
      // expand() asks again about the bytes runNow() just asked about: answered from that pass
      // (a second keyword pass over each file that reaches expand() was ~10 % of a tree scan).
      if (this.lastPass?.bytes !== bytes) this.lastPass = { bytes, present: this.engine.keywordsInBytes(bytes) };
      this.present = this.lastPass.present;
      return this.present.size > 0;
    };
    this.marksOf = (bytes) => (this.lastPass?.bytes === bytes ? this.lastPass.present.marks : undefined);
  }

  /** A runner for a worker: compiles the rule set the main thread handed over (cfg.rules), its config applied. */
  static async create(cfg: RunnerConfig): Promise<ChunkRunner> {
    const set = await compileRuleFiles(cfg.rules.map((r) => ({ file: r.file, doc: r.doc, trusted: r.trusted === true, fromConfig: r.fromConfig === true, derived: r.derived })));
    if (cfg.ruleConfig) await applyRuleConfig(set, cfg.ruleConfig);
    return new ChunkRunner(cfg, set, false);
  }

  /**
   * Scan a batch: its blobs are asked of git at once (answers stream in while earlier chunks
   * are matched, and while an earlier batch still is), then each chunk runs in turn.
   */
  runBatch(works: readonly Work[]): Promise<WorkResult[]> {
    const blobs = works.map((w) => (w.gitBlob ? this.blobReader(w).read(w.id) : undefined));
    return Promise.all(works.map((w, i) => this.run(w, blobs[i])));
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
  run(work: Work, blob?: Promise<BlobAnswer>): Promise<WorkResult> {
    const next = this.turn.then(() => this.runNow(work, blob));
    this.turn = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Whether some rule came from --rules: such rules must not run on a scan's main thread. */
  get hasUserRules(): boolean {
    return this.engine.hasUserRules;
  }

  private async runNow(work: Work, blob?: Promise<BlobAnswer>): Promise<WorkResult> {
    // Matching a batch whose blobs have all arrived never returns to the event loop, so git's
    // output for the next batch sits in a full pipe and git waits: let I/O in now and then.
    if (this.sinceYield >= YIELD_EVERY_BYTES) {
      this.sinceYield = 0;
      await new Promise<void>((r) => setImmediate(r));
    }
    const result: WorkResult = { hits: [], warnings: [], counts: {}, files: 0, bytes: 0 };
    this.present = undefined;
    this.lastPass = undefined;
    if (work.stream || work.streamFrom) return this.runStream(work, result);
    let done: ((r: WorkResult) => void) | undefined;
    if (work.readFrom !== undefined) {
      const loaded = readDeferred(work, result, this.scratch, this.cfg.maxFileBytes, this.streamsHere);
      if (!loaded) return result;
      if (loaded.streamFrom) return this.runStream(loaded, result);
      const same = this.same.check(work, loaded.bytes, result);
      if (same === 'reused') return result;
      done = same;
      work = loaded;
    } else if (work.gitBlob) {
      const loaded = this.loadBlob(work, await (blob ?? this.blobReader(work).read(work.id)), result);
      if (!loaded) return result;
      if (loaded.stream) return this.runStream(loaded, result);
      work = loaded;
    }
    result.files = 1;
    result.bytes = work.bytes.byteLength;
    this.sinceYield += work.bytes.byteLength;
    // Most files and blobs: plain text without a keyword. Done here, without expand()'s
    // async generators (several promises a chunk, a measurable share of a history scan).
    if (isPlainText(work.bytes) && !this.mayMatch(work.bytes) && !mayHideEncoded(work.bytes, this.marksOf(work.bytes))) {
      done?.(result);
      return result;
    }
    const chunk = { id: work.id, bytes: work.bytes, provenance: rootOf(work.id), ...(work.lines ? { lines: work.lines } : {}) };
    const streams = this.streamWindows(work.id, result);
    const texts = expand(chunk, this.cfg.limits, this.decodeContext(work.id, result), { mayMatch: this.mayMatch, marks: this.marksOf, windows: this.windows, depth: work.depth, takeWindow: streams.take });
    const r = await this.detectAll(texts, work.id, result, streams);
    done?.(r);
    return r;
  }

  /** How decode reports to this content's result: warnings and names relative to the content. */
  private decodeContext(id: string, result: WorkResult) {
    const named: PlacedHit[] = [];
    return {
      warn: (w: ScanWarning) => void result.warnings.push({ ...w, path: relative(w.path, id) }),
      count: (key: string, n = 1) => void (result.counts[key] = (result.counts[key] ?? 0) + n),
      name: (text: string, field: NameField, at: LazyProvenance) => {
        this.names.scan(text, field, at, named);
        for (const { hit, provenance } of named) result.hits.push({ hit, field, ...memberField(provenance[0]) });
        named.length = 0;
      },
    };
  }

  /** Match every text decode yields for the content, and the windows of its streams. */
  private async detectAll(texts: AsyncIterable<TextChunk>, id: string, result: WorkResult, streams: StreamWindows): Promise<WorkResult> {
    try {
      for await (const tc of texts) {
        // decode asks mayMatch about a text's bytes right before yielding its raw view.
        if (tc.limit) {
          result.warnings.push({ kind: 'decode', path: relative(displayPath(tc.provenance[0]!), id), message: tc.limit });
          result.counts.decodeCapped = (result.counts.decodeCapped ?? 0) + 1;
        }
        const keywords = tc.encoding !== undefined ? undefined : this.present;
        this.present = undefined;
        // No path: path allowlists are applied where the content's places are known (join.ts).
        let hits = this.engine.scan(tc.text, {
          keywords,
          onLimit: (l) => void result.warnings.push({ kind: l.kind, path: relative(displayPath(tc.provenance[0]!), id), message: l.message }),
          lines: tc.lines,
          inlineAllow: this.cfg.inlineAllow,
          extraCanaries: this.canaries,
        });
        hits = placeViewHits(hits, tc.text, tc.origin);
        const at = memberField(tc.provenance[0]);
        for (const hit of hits) result.hits.push({ hit, ...at, ...(tc.encoding ? { encoding: tc.encoding } : {}) });
      }
    } catch (e) {
      couldNotScan(result, e);
    }
    // Windows matched before a failure still count.
    await streams.finish().catch((e: unknown) => couldNotScan(result, e));
    return result;
  }

  /** Where the windows of the content's streams are matched; their hits go into `result`. */
  private streamWindows(id: string, result: WorkResult): StreamWindows {
    const place = (views: ViewHits[], w: TextWindow, at: Provenance[]) => placeWindowViews(result, id, views, w, at);
    return new StreamWindows((text) => this.matchWindow(text), this.windowHelper, place);
  }

  /** A window of a stream, all its views (a helper's request, or this runner's own). */
  matchWindow(text: string): ViewHits[] {
    return matchWindow(this.engine, text, { inlineAllow: this.cfg.inlineAllow, extraCanaries: this.canaries });
  }

  /** stdin, a FIFO, a large plain-text file: read as a stream, matched in windows. */
  private runStream(work: Work, result: WorkResult): Promise<WorkResult> {
    const stream = openStream(work, result);
    if (!stream) return Promise.resolve(result);
    const ctx = this.decodeContext(work.id, result);
    const streams = this.streamWindows(work.id, result);
    const run = new Run(this.cfg.limits, ctx);
    const hooks: StreamHooks = {
      holdMax: this.cfg.maxFileBytes,
      streamOver: Math.min(STREAM_OVER, this.cfg.maxFileBytes),
      takeWindow: streams.take,
      expand: (bytes, provenance) => expand({ id: work.id, bytes, provenance }, this.cfg.limits, ctx, { mayMatch: this.mayMatch, marks: this.marksOf, windows: this.windows, depth: work.depth, takeWindow: streams.take }),
      onEnd: (n) => {
        result.files = 1;
        result.bytes = n;
        if (n === 0 && work.depth === 0) result.empty = true;
      },
    };
    return this.detectAll(streamTexts(stream, rootOf(work.id), work.depth, run, hooks), work.id, result, streams);
  }

  private blobReader(work: Work): BlobReader {
    const ref = work.gitBlob!;
    let r = this.blobReaders.get(ref.repo);
    if (!r) this.blobReaders.set(ref.repo, (r = new BlobReader(ref, this.cfg.maxFileBytes, STREAM_OVER)));
    return r;
  }

  /** A git blob's answer: bytes, or a warning saying why it was not scanned. */
  private loadBlob(work: Work, a: BlobAnswer, result: WorkResult): Work | undefined {
    if ('bytes' in a) return { id: work.id, bytes: a.bytes, depth: work.depth };
    if ('stream' in a) return { id: work.id, bytes: new Uint8Array(0), stream: a.stream, depth: work.depth };
    if ('overCap' in a) {
      result.counts.sizeCapped = 1;
      result.warnings.push({ kind: 'size-cap', path: '', message: `blob ${work.id} is ${a.overCap} bytes, over the ${this.cfg.maxFileBytes}-byte cap; not scanned` });
    } else {
      result.counts.missingObjects = 1;
      result.warnings.push({ kind: 'missing-object', path: '', message: `blob ${work.id} ${a.missing}; not scanned` });
    }
    return undefined;
  }
}

/** One bad content must not end the scan: say which, keep going. */
function couldNotScan(result: WorkResult, e: unknown): void {
  result.warnings.push({ kind: 'decode', path: '', message: `could not scan: ${(e as Error).message}` });
}
