// The pipeline: source → (decode + detect, in workers) → finding store → verify → ScanResult.
// No printing here: the CLI decides what to write and which exit code it means.
//
// Each step lives in its own module: accounting (summary, counts, warnings, the store),
// dispatch (inline or batched to workers, backpressure), the join (results meet the provenance
// kept on this thread; path allowlists). What stays here is the order of the steps.
import type { Finding, LazyProvenance, NameField, Provenance, ScanResult, ScanWarning } from './types.js';
import type { Source, SourceContext } from './sources/source.js';
import { DEFAULT_LIMITS, type DecodeLimits } from './decode/index.js';
import { ChunkRunner, type RunnerConfig } from './runtime/runner.js';
import type { VerifyOptions } from './verify/index.js';
import { loadRules, type RuleSet } from './rules/load.js';
import type { PlacedHit } from './store/placed.js';
import { InFlight, verifyInterrupted } from './inflight.js';
import { Accounting } from './runtime/accounting.js';
import { Dispatcher } from './runtime/dispatch.js';
import { fileStreamChunk } from './sources/stream.js';
import { Join } from './runtime/join.js';
import { PathAllow } from './runtime/path-allow.js';
import { applySuppressions, attachOutcome, type SuppressOutcome } from './suppress/apply.js';
import type { RuleConfig } from './config/types.js';
import { markPlaces } from './runtime/place-allow.js';
import { placeExcluder } from './runtime/exclude-places.js';
import { ProgressFeed, type ScanProgress } from './progress.js';

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
  /**
   * Rules already loaded by the caller with loadRules() (else loaded here from extraRules and
   * builtinRules): the workers compile this set, whatever extraRules says.
   */
  ruleSet?: RuleSet;
  /** A config's rules and allowlists (the caller's ruleSet was loaded with it): workers apply it too. */
  ruleConfig?: RuleConfig;
  /** scan: the directory allowlist paths are relative to (runtime/place-allow.ts). */
  allowRoot?: string;
  /** Path globs whose places are dropped at the join (git, staged: see runtime/exclude-places.ts). */
  excludePlaces?: string[];
  verify?: VerifyOptions;
  /** The suppression stage (src/suppress/apply.ts): on the store's findings, before verification. Default: the engine's marks hide. */
  suppress?: (findings: Finding[]) => SuppressOutcome;
  signal?: AbortSignal;
  /**
   * Called as each warning happens (the CLI prints them to stderr live), with the findings
   * so far: what a live line must be redacted of (report/redact.ts redactLive).
   */
  onWarning?: (w: ScanWarning, found: () => Finding[]) => void;
  /** Called as each phase begins with what the scan is doing now: call that as often as you draw. */
  onProgress?: (snapshot: () => ScanProgress) => void;
}

export async function scan(source: Source, opts: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const signal = opts.signal ?? new AbortController().signal;
  const acc = new Accounting(opts.onWarning, placeExcluder(opts.excludePlaces ?? []));
  const ruleSet = opts.ruleSet ?? (await loadRules({ extra: opts.extraRules ?? [], builtin: opts.builtinRules !== false }));
  const cfg = runnerConfig(opts, ruleSet);
  const inline = new ChunkRunner(cfg, ruleSet);
  const progress = new InFlight();
  const shown = new ProgressFeed(opts.onProgress);
  const join = new Join({ absorb: acc.absorb, absorbQuiet: acc.absorbQuiet, allow: new PathAllow(ruleSet) });
  const dispatch = await Dispatcher.create({
    cfg,
    inline,
    workers: opts.workers,
    eagerWorkers: !!opts.eagerWorkers,
    signal,
    accept: (chunks, results) => {
      progress.done(results.length);
      shown.matched(results);
      join.accept(chunks, results);
    },
    submitted: (chunk) => progress.submit(chunk),
  });
  const ctx: SourceContext = { warn: acc.warn, count: acc.count, signal, name: nameScanner(inline, acc), provenanceLater: (late) => join.provenanceLater(late) };
  try {
    await feed(source, ctx, dispatch);
    await streamDeferred(acc, cfg, ctx, dispatch, shown);
    // The source has ended, so every provenance is known: join what waits for it.
    await join.finish(dispatch.untilStopped, dispatch.abandon);
  } finally {
    await dispatch.close();
    inline.close();
  }
  if (signal.aborted) join.forget();
  if (signal.aborted) acc.warn(progress.warning());

  // Without a stage of the caller's, the engine's marks (inline markers) still hide.
  const all = acc.findings.findings();
  // Config allowlist entries on paths and commits mark places here, where every place is known.
  markPlaces(all, ruleSet.allowlists, opts.allowRoot);
  const stage = (opts.suppress ?? ((found) => applySuppressions(found, { noSuppress: false })))(all);
  const list = stage.findings;
  if (opts.verify && list.length) {
    shown.phase('verifying', list.length, () => list.filter((f) => f.verification).length);
    await verify(list, opts.verify, signal, acc);
  }
  return attachOutcome(acc.result(list, started), stage);
}

function runnerConfig(opts: ScanOptions, ruleSet: RuleSet): RunnerConfig {
  // The one rule set the workers compile (not one each loads from disk): see RuleSet.parsed.
  if (!ruleSet.parsed) throw new Error('scan(): opts.ruleSet must come from loadRules() (its parsed files are what workers compile)');
  return {
    rules: ruleSet.parsed,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    inlineAllow: opts.inlineAllow !== false,
    extraCanaries: [...(opts.extraCanaries ?? [])],
    maxFileBytes: opts.maxFileBytes ?? 256 * 1024 * 1024,
    ...(opts.ruleConfig ? { ruleConfig: opts.ruleConfig } : {}),
  };
}

/** Names born on this thread (sources, streamed archives) are scanned here, as they come. */
function nameScanner(inline: ChunkRunner, acc: Accounting): SourceContext['name'] {
  const placed: PlacedHit[] = [];
  return (text: string, field: NameField, at: LazyProvenance) => {
    inline.names.scan(text, field, at, placed);
    if (!placed.length) return;
    for (const h of placed) acc.add(h);
    placed.length = 0;
  };
}

/** Every chunk of the source, handed on in order; waits when the dispatcher says so. */
async function feed(source: Source, ctx: SourceContext, dispatch: Dispatcher): Promise<void> {
  const { signal } = ctx;
  for await (const chunks of source(ctx)) {
    for (const chunk of chunks) {
      const wait = dispatch.submit(chunk);
      if (wait) await dispatch.untilStopped(wait);
      if (signal.aborted) break;
    }
    if (signal.aborted) break;
  }
  await dispatch.drain();
}

/** Large archives come back from the readers to be streamed here, entries spread over workers. */
async function streamDeferred(acc: Accounting, cfg: RunnerConfig, ctx: SourceContext, dispatch: Dispatcher, feed: ProgressFeed): Promise<void> {
  const { deferred } = acc;
  if (deferred.length) feed.phase('archives', deferred.length);
  for (let i = 0; i < deferred.length && !ctx.signal.aborted; i++, feed.step()) {
    const { path, provenance, text } = deferred[i]!;
    if (text) {
      await dispatch.untilStopped(dispatch.submit(fileStreamChunk(path, provenance, ctx.signal)) ?? Promise.resolve());
      continue;
    }
    const { expandFileStream } = await import('./decode/stream.js');
    for await (const entry of expandFileStream(path, provenance, cfg.limits, ctx)) {
      if (ctx.signal.aborted) break;
      const wait = dispatch.submit(entry);
      if (wait) await dispatch.untilStopped(wait);
    }
    await dispatch.drain();
  }
}

/** --verify: after the scan, on the findings it made; an abort during it is its own warning. */
async function verify(list: Finding[], opts: VerifyOptions, signal: AbortSignal, acc: Accounting): Promise<void> {
  const { verifyFindings, summariseVerification } = await import('./verify/index.js');
  const before = signal.aborted;
  await verifyFindings(list, { ...opts, signal });
  acc.summary.verification = summariseVerification(list);
  if (signal.aborted && !before) acc.warn(verifyInterrupted(list));
}
