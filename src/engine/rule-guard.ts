// How one rule's matching over one text is run: a built-in rule as is, a user rule within
// its time budget (engine/bounds.ts) unless its backtracking is provably small
// (rules/backtrack.ts); and what is said when either stops short.
import type { CompiledRule } from '../rules/load.js';
import { FAST_STEPS, MATCH_CAP, RAW_MATCH_CAP, TIMEOUTS_TO_DISABLE, ruleBudgetMs, runBounded, type Bounded } from './bounds.js';

/**
 * Whether a rule's matching runs under the time budget's watchdog: user rules, but not those
 * whose worst case is linear and small (FAST_STEPS) — they cannot backtrack catastrophically.
 */
export function needsBudget(rule: CompiledRule): boolean {
  return !rule.trusted && !(rule.steps <= FAST_STEPS);
}

/** A rule stopped short on a text: out of time (user rules) or over the match cap. */
export interface RuleLimit {
  kind: 'rule-timeout' | 'match-cap';
  ruleId: string;
  message: string;
}

export class RuleGuard {
  /** User rules' timeouts so far; at TIMEOUTS_TO_DISABLE the rule is no longer run. */
  private readonly timeouts = new Map<CompiledRule, number>();

  /**
   * Run `match`, one rule's matching over a text of `textLength`. It says whether it went
   * through (false: stopped at the match cap). Hits it found before a timeout or the cap
   * are kept by the caller.
   */
  run(rule: CompiledRule, textLength: number, onLimit: ((l: RuleLimit) => void) | undefined, match: () => boolean): void {
    let whole: boolean;
    if (!needsBudget(rule)) {
      const r = unbudgeted(rule, match, onLimit);
      if (r === undefined) return;
      whole = r;
    } else {
      const failed = this.timeouts.get(rule) ?? 0;
      if (failed >= TIMEOUTS_TO_DISABLE) return;
      const ms = ruleBudgetMs(textLength);
      let r: Bounded<boolean>;
      let why = `ran past its ${ms} ms budget on this text and was stopped`;
      try {
        r = runBounded(match, ms);
      } catch (e) {
        // A backtracking regex can also exhaust V8's regexp stack on a long run of input:
        // that costs this rule, not the text (the other rules' hits are kept).
        if (!(e instanceof RangeError)) throw e;
        [r, why] = [{ stopped: 'timeout' }, `failed on this text (${e.message})`];
      }
      if ('stopped' in r) {
        if (r.stopped === 'timeout') {
          this.timeouts.set(rule, failed + 1);
          const off = failed + 1 >= TIMEOUTS_TO_DISABLE ? `; after ${TIMEOUTS_TO_DISABLE} timeouts it is not run on the rest of the scan` : '';
          onLimit?.({ kind: 'rule-timeout', ruleId: rule.id, message: `rule '${rule.id}' ${why}; the other rules still scanned it (a pattern that backtracks catastrophically?)${off}` });
        }
        return;
      }
      whole = r.value;
    }
    this.capped(rule, whole, onLimit);
  }

  /**
   * Run several rules' matching over one text. The user rules among them go in one bounded
   * call, not one each: the watchdog costs ~75 µs per call, paid per rule per text with a
   * keyword hit — 300 ms of a 1.7 s worker with 200 user rules. Only if that call runs out
   * of time (or of regexp stack) are its hits dropped (`reset`) and each of its rules run
   * again under its own budget, so a slow rule is named and counted as before.
   */
  runAll(jobs: Array<{ rule: CompiledRule; match: () => boolean }>, textLength: number, onLimit: ((l: RuleLimit) => void) | undefined, undo: { mark(): number; reset(at: number): void }): void {
    const user = jobs.filter((j) => needsBudget(j.rule) && (this.timeouts.get(j.rule) ?? 0) < TIMEOUTS_TO_DISABLE);
    for (const j of jobs) if (!needsBudget(j.rule)) this.run(j.rule, textLength, onLimit, j.match);
    if (user.length <= 1) {
      for (const j of user) this.run(j.rule, textLength, onLimit, j.match);
      return;
    }
    const at = undo.mark();
    let r: Bounded<boolean[]>;
    try {
      r = runBounded(() => user.map((j) => j.match()), ruleBudgetMs(textLength));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      r = { stopped: 'timeout' };
    }
    if ('value' in r) {
      r.value.forEach((whole, i) => this.capped(user[i]!.rule, whole, onLimit));
      return;
    }
    if (r.stopped === 'interrupt') return;
    undo.reset(at);
    for (const j of user) this.run(j.rule, textLength, onLimit, j.match);
  }

  private capped(rule: CompiledRule, whole: boolean, onLimit: ((l: RuleLimit) => void) | undefined): void {
    if (!whole) {
      onLimit?.({ kind: 'match-cap', ruleId: rule.id, message: `rule '${rule.id}' stopped after ${MATCH_CAP} matches (or ${RAW_MATCH_CAP} candidates) in this text; the rest of it was not matched by this rule` });
    }
  }
}

/**
 * A rule run without the watchdog. A user rule's bounded pattern can still need more regexp
 * stack than V8 has on a long run of input (a RangeError): that costs this rule, as above.
 */
function unbudgeted(rule: CompiledRule, match: () => boolean, onLimit: ((l: RuleLimit) => void) | undefined): boolean | undefined {
  if (rule.trusted) return match();
  try {
    return match();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    onLimit?.({ kind: 'rule-timeout', ruleId: rule.id, message: `rule '${rule.id}' failed on this text (${e.message}); the other rules still scanned it` });
    return undefined;
  }
}
