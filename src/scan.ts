// The pipeline: source → (decode + detect, in workers) → finding store → verify → ScanResult.
// No printing here: the CLI decides what to write and which exit code it means.
import type { Chunk, Finding, NameField, Provenance, ScanResult, ScanWarning, Settler, Summary } from './types.js';
import type { Source, SourceContext } from './sources/source.js';
import { DEFAULT_LIMITS, type DecodeLimits } from './decode/index.js';
import { FindingStore } from './store/finding-store.js';
import { ChunkRunner, type RunnerConfig, type WorkResult } from './runtime/runner.js';
import type { Pool } from './runtime/pool.js';
import type { VerifyOptions } from './verify/index.js';
import type { RuleSet } from './rules/load.js';
import { reattach } from './runtime/reattach.js';
import { displayPath } from './sources/provenance.js';
import { InFlight, verifyInterrupted } from './inflight.js';
import { QuietResults, isQuiet } from './runtime/quiet.js';

export interface ScanOptions {
  /** Extra rule files/dirs; builtin rules unless builtinRules is false. */
  extraRules?: string[];
  builtinRules?: boolean;
  /** Worker threads for matching; 0 = all on the main thread. Default: cores. */
  workers?: number;
  /**
   * Start the workers at once (a tree or a history: their start-up overlaps the walk)
   * instead of after the first few MB (stdin, pre-commit: usually too small to need them).
   */
  eagerWorkers?: boolean;
  limits?: Partial<DecodeLimits>;
  /** Files over this are not read whole (archives are streamed, others warned). Default 256 MB. */
  maxFileBytes?: number;
  inlineAllow?: boolean;
  extraCanaries?: Map<string, string>;
  /** Rules already loaded by the caller (else loaded here from extraRules/builtinRules). */
  ruleSet?: RuleSet;
  verify?: VerifyOptions;
  signal?: AbortSignal;
  /**
   * Called as each warning happens (the CLI prints them to stderr live), with the findings
   * so far: what a live line must be redacted of (report/redact.ts redactLive).
   */
  onWarning?: (w: ScanWarning, found: () => Finding[]) => void;
}

/** Below this much input, starting workers costs more than it saves (pre-commit, stdin). */
const INLINE_BYTES = 4 * 1024 * 1024;
const INLINE_CHUNKS = 64;
const BATCH_BYTES = 1024 * 1024;
const BATCH_CHUNKS = 256;

export async function scan(source: Source, opts: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const signal = opts.signal ?? new AbortController().signal;
  const warnings: ScanWarning[] = [];
  const counts: Record<string, number> = {};
  const summary: Summary = {
    filesScanned: 0,
    bytesScanned: 0,
    findings: 0,
    binarySkipped: 0,
    warnings: 0,
    warningsByKind: {},
    complete: true,
    durationMs: 0,
  };
  const warn = (w: ScanWarning) => {
    warnings.push(w);
    summary.warningsByKind[w.kind] = (summary.warningsByKind[w.kind] ?? 0) + 1;
    opts.onWarning?.(w, () => findings.unsorted());
  };
  const findings = new FindingStore(warn);
  const count = (key: string, n = 1) => void (counts[key] = (counts[key] ?? 0) + n);
  const deferred: Array<NonNullable<WorkResult['deferred']>> = [];
  const absorb = (r: WorkResult) => {
    summary.filesScanned += r.files;
    summary.bytesScanned += r.bytes;
    if (r.deferred) deferred.push(r.deferred);
    for (const h of r.hits) findings.add(h);
    for (const w of r.warnings) warn(w);
    for (const [k, v] of Object.entries(r.counts)) count(k, v);
  };
  // Results of chunks whose provenance comes later (Chunk.settle) wait for their settler;
  // those that say nothing are held as ids and numbers only (see quiet.ts).
  const held = new Map<Settler, { full: Array<[Chunk, WorkResult]>; quiet: QuietResults }>();
  const absorbQuiet = (bytes: number) => {
    summary.filesScanned++;
    summary.bytesScanned += bytes;
  };
  const readySettlers = new Set<Settler>();
  /** Work that ends after the source: settlers becoming ready, rescans. */
  const later: Array<Promise<void>> = [];
  const settleOne = (chunk: Chunk, r: WorkResult) => {
    const settler = chunk.settle!;
    if (settler.settleQuiet && isQuiet(r)) {
      if (settler.settleQuiet(chunk.id, chunk.size)) absorbQuiet(r.bytes);
      return;
    }
    const s = settler.settle(chunk);
    if (!s) return;
    // Scanned before its path was known: if a rule is allowlisted at that path, scan again
    // knowing it (rare: it needs hits and a path allowlist that applies).
    const path = s.provenance[0] && displayPath(s.provenance[0]);
    if (r.hits.length && path !== undefined && inline.allowsPath(path)) {
      const { settle: _settle, ...known } = chunk;
      const again = { ...known, provenance: s.provenance, moreProvenance: s.moreProvenance };
      later.push((userRules ? pool!.run([again]).then((rs) => rs[0]!) : inline.run(again)).then(absorb));
      return;
    }
    absorb(reattach(r, chunk.provenance[0], s.provenance, s.moreProvenance));
  };
  const progress = new InFlight();
  const accept = (chunks: Chunk[], results: WorkResult[]) => {
    progress.done(results.length);
    results.forEach((r, i) => {
      const chunk = chunks[i]!;
      const settler = chunk.settle;
      if (!settler) return absorb(r);
      if (readySettlers.has(settler)) return settleOne(chunk, r);
      let waiting = held.get(settler);
      if (!waiting) {
        const w = (waiting = { full: [] as Array<[Chunk, WorkResult]>, quiet: new QuietResults() });
        held.set(settler, w);
        later.push(
          settler.ready.then(() => {
            readySettlers.add(settler);
            held.delete(settler);
            w.quiet.drain((id, size, bytes) => settler.settleQuiet!(id, size) && absorbQuiet(bytes));
            for (const [c, res] of w.full) settleOne(c, res);
          }),
        );
      }
      if (settler.settleQuiet && isQuiet(r)) waiting.quiet.push(chunk.id, chunk.size, r.bytes);
      else waiting.full.push([chunk, r]);
    });
  };

  const cfg: RunnerConfig = {
    extraRules: opts.extraRules ?? [],
    builtinRules: opts.builtinRules !== false,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    inlineAllow: opts.inlineAllow !== false,
    extraCanaries: [...(opts.extraCanaries ?? [])],
    maxFileBytes: opts.maxFileBytes ?? 256 * 1024 * 1024,
  };
  const inline = await ChunkRunner.create(cfg, opts.ruleSet);
  if (cfg.extraRules.length) cfg.extraParsed = inline.parsedRules;
  // User rules (--rules) never match on this thread, which must stay free to hear Ctrl-C
  // and SIGTERM and to end the workers: a worker, even with --workers 0, from the start.
  const userRules = inline.hasUserRules;
  // With user rules, once aborted nothing waits on a worker: it may be inside a regex call
  // that runs to its budget (seconds). Built-in rules are fast: their batches are finished.
  const stopped = new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })));
  const abandon = () => userRules && signal.aborted;
  const untilStopped = (p: Promise<unknown>) => (userRules ? Promise.race([p, stopped]) : p);
  let pool: Pool | undefined;
  const inFlight = new Set<Promise<void>>();
  let batch: Chunk[] = [];
  let batchBytes = 0;

  const flush = async () => {
    if (!batch.length) return;
    const chunks = batch;
    batch = [];
    batchBytes = 0;
    const p: Promise<void> = pool!
      .run(chunks)
      .then((results) => accept(chunks, results))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    // Backpressure: a bounded number of batches in flight keeps memory bounded.
    while (inFlight.size >= pool!.size * 2 && !abandon()) await untilStopped(Promise.race(inFlight));
  };

  const pools = await import('./runtime/pool.js');
  const poolSize = Math.max(userRules ? 1 : 0, opts.workers ?? pools.defaultWorkerCount());
  const startPool = () => {
    pool = poolSize > 0 ? new pools.WorkerPool(cfg, poolSize) : new pools.MainThreadPool(inline);
  };
  if (opts.eagerWorkers || userRules) startPool();
  let submittedChunks = 0;
  let submittedBytes = 0;
  /** Hand a chunk on; returns a promise only when the caller must wait (backpressure). */
  const submit = (chunk: Chunk): Promise<void> | undefined => {
    // Bytes not loaded yet count by their known size (git blobs); unread files count as 0.
    const weight = chunk.bytes.byteLength || (chunk.size ?? 0);
    submittedChunks++;
    progress.submit(chunk);
    submittedBytes += weight;
    if (!pool && (submittedBytes > INLINE_BYTES || submittedChunks > INLINE_CHUNKS)) startPool();
    // A stream (stdin, FIFO, large member) cannot cross to a worker: it runs here, in order.
    if (!pool || chunk.stream) return inline.run(chunk).then((r) => accept([chunk], [r]));
    batch.push(chunk);
    batchBytes += weight;
    if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_CHUNKS) return flush();
    return undefined;
  };

  // Names born on this thread (sources, streamed archives) are scanned here, as they come.
  const placed: WorkResult['hits'] = [];
  const name = (text: string, field: NameField, at: Provenance[]) => {
    inline.names.scan(text, field, at, placed);
    if (!placed.length) return;
    for (const h of placed) findings.add(h);
    placed.length = 0;
  };
  const ctx: SourceContext = { warn, count, signal, name };
  try {
    for await (const chunks of source(ctx)) {
      for (const chunk of chunks) {
        const wait = submit(chunk);
        if (wait) await untilStopped(wait);
        if (signal.aborted) break;
      }
      if (signal.aborted) break;
    }
    const drain = async () => {
      if (!pool || abandon()) return;
      await flush();
      await untilStopped(Promise.all(inFlight));
    };
    await drain();
    // Large archives come back from the readers to be streamed here, entries spread over workers.
    for (let i = 0; i < deferred.length && !signal.aborted; i++) {
      const { expandFileStream } = await import('./decode/stream.js');
      for await (const entry of expandFileStream(deferred[i].path, deferred[i].provenance, cfg.limits, ctx)) {
        if (signal.aborted) break;
        const wait = submit(entry);
        if (wait) await untilStopped(wait);
      }
      await drain();
    }
    // The source has ended, so every provenance is known: settle what waits for it.
    for (let i = 0; i < later.length && !abandon(); i++) await untilStopped(later[i]!);
  } finally {
    // Ends the workers, even one inside a regex call (V8 terminates it there).
    await pool?.close();
    inline.close();
  }
  // Settlements cut off by the abort may still fail (their pool is gone): nobody waits on them.
  if (signal.aborted) for (const p of later) p.catch(() => {});
  if (signal.aborted) warn(progress.warning());

  const list = findings.findings();
  if (opts.verify && list.length) {
    const { verifyFindings, summariseVerification } = await import('./verify/index.js');
    const before = signal.aborted;
    await verifyFindings(list, { ...opts.verify, signal });
    summary.verification = summariseVerification(list);
    if (signal.aborted && !before) warn(verifyInterrupted(list));
  }

  summary.binarySkipped = counts.binarySkipped ?? 0;
  delete counts.binarySkipped;
  summary.findings = list.length;
  summary.warnings = warnings.length;
  summary.complete = warnings.every((w) => !INCOMPLETE.has(w.kind));
  summary.durationMs = Date.now() - started;
  if (Object.keys(counts).length) summary.extra = counts;
  return { summary, findings: list, warnings };
}

/** Warnings that mean some content went unscanned. */
const INCOMPLETE = new Set<ScanWarning['kind']>([
  'unreadable', 'size-cap', 'symlink-loop', 'missing-object', 'shallow', 'archive-corrupt',
  'archive-limit', 'archive-encrypted', 'depth-limit', 'decode', 'rule-timeout', 'interrupted',
  'match-cap',
]);
