// The bounds on matching, and the one way a user rule's regex is run within its time budget.
//
// A regex call that backtracks catastrophically cannot be interrupted from inside its own JS
// thread, but V8 can terminate it from another one: node:vm's `timeout` runs the call under a
// watchdog thread that does exactly that, and the call throws. Built-in rules are vetted
// (linear patterns, checked at load time and by a test) and run without it; user rules
// (--rules) run inside it, unless their worst case is provably small (FAST_STEPS). Measured
// on this machine: ~75 µs per bounded call (the watchdog thread's start), paid once per text
// that holds a keyword of a budgeted user rule.
//
// node:vm is allowed in the pure engine: it does no I/O and touches no process state — it
// runs a function of ours in a context with a watchdog, which is part of matching (a user
// rule's regex is bounded). What the engine does not know is which thread it runs on: the
// runtime says so (setBreakOnSigint), so the engine never imports worker_threads.
import vm from 'node:vm';

/**
 * Time budget of one user rule over one text: BASE_MS + PER_MB_MS per MB of text. The slowest
 * legitimate pattern measured (`[A-Za-z0-9_\-]{20,}` on code, no match: a start at every
 * position) ran at 29 MB/s here, typical ones at 150 MB/s to 4 GB/s. 2 s per MB allows
 * 0.5 MB/s — 58x slower than that slowest one, room for a CI machine several times busier
 * than this one — and 2 s of base covers GC pauses and a descheduled thread on small texts.
 * A catastrophic pattern goes past any of these on a few KB: (a+)+$ on 30 a's takes seconds.
 */
export const BUDGET_BASE_MS = 2000;
export const BUDGET_PER_MB_MS = 2000;

export function ruleBudgetMs(textLength: number): number {
  return Math.ceil(BUDGET_BASE_MS + (BUDGET_PER_MB_MS * textLength) / (1024 * 1024));
}

/**
 * A user rule whose regexes take at most this many steps per character of text, whatever
 * the text (rules/backtrack.ts: no unbounded repeat, no backreference, backtracking bounded
 * by the pattern's own counts), runs without the watchdog: its worst case is linear in the
 * text. The slowest step measured here (a backtracking one) is ~7 ns, so 100 steps is ≤ 0.7 µs
 * per character searched — the budget allows 2 µs — and the watchdog would cost ~75 µs per
 * text. Typical token and `keyword = value` rules take 15–60 (their leading literal occurs
 * only so often); stacked lazy prefixes (`[\w.-]{0,50}?` twice) take thousands.
 */
export const FAST_STEPS = 100;

/**
 * A user rule that ran out of time on this many texts is not run on any more of them (by
 * this thread): a scan of 10,000 files with a broken rule would otherwise take 10,000
 * budgets. Every text it skips is covered by the warnings already given (incomplete scan).
 */
export const TIMEOUTS_TO_DISABLE = 3;

/**
 * Matches one rule may produce in one text before it stops there (a 'match-cap' warning).
 * A real leak holds a few keys, a credentials dump tens to hundreds; 1,000 is well above
 * that, and bounds a text's hits (each ~1 KB with its match, span and fingerprint) to about
 * 1 MB per rule. Matches the rule's own checks reject (entropy, allowlists, validators) are
 * capped too, at RAW_MATCH_CAP: each costs an exec with indices, ~1 µs.
 */
export const MATCH_CAP = 1000;
export const RAW_MATCH_CAP = 100_000;

/**
 * Locations listed per finding: a key pasted into 50,000 files or commits is one finding;
 * its further places are counted (Finding.moreLocations), not listed. 1,000 keeps a report
 * readable and a finding's memory bounded (~0.5 KB a location with its provenance).
 */
export const LOCATION_CAP = 1000;

/** Made on first use: a V8 context costs start-up time, and most scans have no user rules. */
let sandbox: { context: vm.Context; script: vm.Script } | undefined;

/** The value, or why there is none: the budget ran out, or Ctrl-C (the scan is aborting). */
export type Bounded<T> = { value: T } | { stopped: 'timeout' | 'interrupt' };

/**
 * Run fn, terminated past `ms`. On the main thread a Ctrl-C also ends it (breakOnSigint),
 * and is passed on to the process's own SIGINT handler, which aborts the scan.
 */
/**
 * Whether a bounded call also ends on Ctrl-C: true on a main thread (the default: the CLI,
 * `rules check`), false in a worker thread (the runtime's worker sets it), where SIGINT is
 * the main thread's to handle.
 */
let breakOnSigint = true;

export function setBreakOnSigint(on: boolean): void {
  breakOnSigint = on;
}

export function runBounded<T>(fn: () => T, ms: number): Bounded<T> {
  sandbox ??= { context: vm.createContext({ job: undefined }), script: new vm.Script('job()') };
  const { context, script } = sandbox;
  context.job = fn;
  try {
    return { value: script.runInContext(context, { timeout: ms, breakOnSigint }) as T };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { stopped: 'timeout' };
    if (code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
      process.kill(process.pid, 'SIGINT');
      return { stopped: 'interrupt' };
    }
    throw e;
  } finally {
    context.job = undefined;
  }
}
