// The pipeline: source → (decode + detect, in workers) → finding store → verify → ScanResult.
// No printing here: the CLI decides what to write and which exit code it means.
//
// Each step lives in its own module: accounting (summary, counts, warnings, the store),
// dispatch (inline or batched to workers, backpressure), settlement (results waiting for
// their provenance). What stays here is the order of the steps.
import type { Finding, NameField, Provenance, ScanResult, ScanWarning } from './types.js';
import type { Source, SourceContext } from './sources/source.js';
import { DEFAULT_LIMITS, type DecodeLimits } from './decode/index.js';
import { ChunkRunner, type RunnerConfig, type WorkResult } from './runtime/runner.js';
import type { VerifyOptions } from './verify/index.js';
import type { RuleSet } from './rules/load.js';
import type { RuleConfig } from './config/types.js';
import { InFlight, verifyInterrupted } from './inflight.js';
import { Accounting } from './runtime/accounting.js';
import { Dispatcher } from './runtime/dispatch.js';
import { Settlement } from './runtime/settlement.js';
import { markPlaces } from './runtime/place-allow.js';
import { placeExcluder } from './runtime/exclude-places.js';
import { applySuppressions } from './suppress/apply.js';

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
  /** A config's rules and allowlists (the caller's ruleSet was loaded with it). */
  ruleConfig?: RuleConfig;
  /** scan: the directory allowlist paths are relative to (runtime/place-allow.ts). */
  allowRoot?: string;
  /** Path globs whose places are dropped at the join (git, staged: see runtime/exclude-places.ts). */
  excludePlaces?: string[];
  /** Keep every suppressed place (audits): src/suppress/apply.ts. */
  noSuppress?: boolean;
  verify?: VerifyOptions;
  signal?: AbortSignal;
  /**
   * Called as each warning happens (the CLI prints them to stderr live), with the findings
   * so far: what a live line must be redacted of (report/redact.ts redactLive).
   */
  onWarning?: (w: ScanWarning, found: () => Finding[]) => void;
}

export async function scan(source: Source, opts: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const signal = opts.signal ?? new AbortController().signal;
  const acc = new Accounting(opts.onWarning, placeExcluder(opts.excludePlaces ?? []));
  const cfg = runnerConfig(opts);
  const inline = await ChunkRunner.create(cfg, opts.ruleSet);
  if (cfg.extraRules.length) cfg.extraParsed = inline.parsedRules;
  const progress = new InFlight();
  const settlement: Settlement = new Settlement({
    absorb: acc.absorb,
    absorbQuiet: acc.absorbQuiet,
    allowsPath: (path) => inline.allowsPath(path),
    rescan: (chunk) => dispatch.rescan(chunk),
  });
  const dispatch = await Dispatcher.create({
    cfg,
    inline,
    workers: opts.workers,
    eagerWorkers: !!opts.eagerWorkers,
    signal,
    accept: (chunks, results) => {
      progress.done(results.length);
      settlement.accept(chunks, results);
    },
    submitted: (chunk) => progress.submit(chunk),
  });
  const ctx: SourceContext = { warn: acc.warn, count: acc.count, signal, name: nameScanner(inline, acc) };
  try {
    await feed(source, ctx, dispatch);
    await streamDeferred(acc, cfg, ctx, dispatch);
    // The source has ended, so every provenance is known: settle what waits for it.
    await settlement.finish(dispatch.untilStopped, dispatch.abandon);
  } finally {
    await dispatch.close();
    inline.close();
  }
  if (signal.aborted) settlement.forget();
  if (signal.aborted) acc.warn(progress.warning());

  // Suppressed places go before verification: nothing allowlisted is ever sent to a provider.
  const all = acc.findings.findings();
  markPlaces(all, inline.allowlists, opts.allowRoot);
  const list = applySuppressions(all, { noSuppress: opts.noSuppress === true });
  if (opts.verify && list.length) await verify(list, opts.verify, signal, acc);
  return acc.result(list, started);
}

function runnerConfig(opts: ScanOptions): RunnerConfig {
  return {
    extraRules: opts.extraRules ?? [],
    builtinRules: opts.builtinRules !== false,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    inlineAllow: opts.inlineAllow !== false,
    extraCanaries: [...(opts.extraCanaries ?? [])],
    maxFileBytes: opts.maxFileBytes ?? 256 * 1024 * 1024,
    ...(opts.ruleConfig ? { ruleConfig: opts.ruleConfig } : {}),
  };
}

/** Names born on this thread (sources, streamed archives) are scanned here, as they come. */
function nameScanner(inline: ChunkRunner, acc: Accounting): SourceContext['name'] {
  const placed: WorkResult['hits'] = [];
  return (text: string, field: NameField, at: Provenance[]) => {
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
async function streamDeferred(acc: Accounting, cfg: RunnerConfig, ctx: SourceContext, dispatch: Dispatcher): Promise<void> {
  const { deferred } = acc;
  for (let i = 0; i < deferred.length && !ctx.signal.aborted; i++) {
    const { expandFileStream } = await import('./decode/stream.js');
    for await (const entry of expandFileStream(deferred[i]!.path, deferred[i]!.provenance, cfg.limits, ctx)) {
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
