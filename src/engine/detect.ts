// Where a finding is born. scan(text) is pure: keyword hits (one pass for all keywords) →
// each rule's regex in windows around its own hits → secret group → allowlists/entropy/
// validators → near-anchor candidates → inline allow → pairing → provider enrich → Hit.
// size: ~330 lines, over the ~300 guide since this session's merges (fallbacks, format prefixes,
// suppression marks): the next split is collect() and its window state into engine/collect.ts.
import type { Hit, HitPart, Suppression } from '../types.js';
import type { CompiledPair, CompiledRule, RuleSet } from '../rules/load.js';
import { KeywordIndex, TARGETED_MAX, keywordKey, type KeywordsFound } from './keywords.js';
import { ruleWindows } from './windows.js';
import { shannonEntropy } from './entropy.js';
import { LineIndex } from './location.js';
import { fingerprint } from './fingerprint.js';
import { markAllowlisted, pathAllowed, ruleAllows } from './allow.js';
import { inlineMark, unionMarks } from '../suppress/inline.js';
import { providerById } from '../providers/index.js';
import type { EnrichContext } from '../providers/types.js';
import { pairUp, type Candidate } from './pairing.js';
import { MATCH_CAP, RAW_MATCH_CAP, ruleBudgetMs, runBounded } from './bounds.js';
import { RuleGuard, needsBudget, type RuleLimit } from './rule-guard.js';

export type { RuleLimit } from './rule-guard.js';

export interface DetectOptions {
  /** Display path of the text, for rules' path allowlists. */
  path?: string;
  /**
   * See inline markers (keyhound:allow, gitleaks:allow, pragma: allowlist secret,
   * trufflehog:ignore) and mark the hits on their lines (default true): marked, not dropped.
   */
  inlineAllow?: boolean;
  /** Only hits starting on these 1-based lines count (pre-commit: added/changed lines). */
  lines?: readonly number[];
  /** Account → owner: canaries beyond the providers' built-in lists. */
  extraCanaries?: ReadonlyMap<string, string>;
  /**
   * Keywords known present (from keywordsInBytes / keywordsIn): none → no hit, without a pass
   * over the text; with their places recorded for this text, no keyword pass at all.
   */
  keywords?: ReadonlySet<string>;
  /** Told when a rule stopped short on this text; the other rules' hits still count. */
  onLimit?: (limit: RuleLimit) => void;
}

interface RawHit extends Candidate {
  rule: CompiledRule;
  match: string;
  entropy: number;
  /** The inline marker on the hit's line, if any. */
  suppressed?: Suppression[];
}

/** What compile() returns: matches texts against one compiled rule set. */
export type Matcher = Engine;
export type ScanOptions = DetectOptions;

export class Engine {
  private readonly keywords: KeywordIndex;
  /** Per keyword (index in keywords.keys): the indices of the rules it selects. */
  private readonly rulesOf: number[][];
  private readonly guard = new RuleGuard();
  /**
   * The literal prefixes of specific formats (keywords of case-sensitive, non-fallback rules):
   * a value that starts with one is judged by its format's rule, so a fallback rule never
   * reports a token whose checksum failed, or a published example key.
   */
  private readonly formatPrefixes: string[];
  /** The rules with path allowlists: asked about every file's path, so not all rules each time. */
  private readonly pathRules: CompiledRule[];

  /** `opts.marks`: literals reported by the keyword pass besides keywords (KeywordIndex). */
  constructor(readonly ruleSet: RuleSet, opts: { marks?: readonly string[] } = {}) {
    this.formatPrefixes = [...new Set(ruleSet.rules.filter((r) => !r.fallback && !r.ignoreCase).flatMap((r) => r.keywords.filter((k) => k.length >= 3)))];
    const all = ruleSet.rules.flatMap((r) => r.keywords.map((text, i) => ({ text, ignoreCase: r.ignoreCase, tail: () => r.keywordTails?.[i] })));
    this.keywords = new KeywordIndex(all, opts);
    const at = new Map(this.keywords.keys.map((k, i) => [k, i]));
    this.rulesOf = this.keywords.keys.map(() => []);
    this.pathRules = ruleSet.rules.filter((r) => r.allowPaths.length > 0);
    ruleSet.rules.forEach((r, ri) => {
      for (const key of new Set(r.keywords.map((text) => keywordKey({ text, ignoreCase: r.ignoreCase })))) this.rulesOf[at.get(key)!]!.push(ri);
    });
  }

  /**
   * Rule keywords in raw bytes, without decoding them (so plain files with no keyword are
   * never decoded): see KeywordIndex.presentInBytes.
   */
  keywordsInBytes(bytes: Uint8Array): KeywordsFound {
    return this.keywords.presentInBytes(bytes);
  }

  /** Rule keywords in a short string (a name): the same pass scan() starts with. */
  keywordsIn(text: string): Set<string> {
    return this.keywords.present(text);
  }

  /** Whether some rule is allowlisted at this path. */
  allowsPath(path: string): boolean {
    return this.pathRules.some((r) => {
      if (!needsBudget(r)) return pathAllowed(r, path);
      // A user rule's path regex is bounded like its pattern; out of time, it does not allow.
      const b = runBounded(() => pathAllowed(r, path), ruleBudgetMs(path.length));
      return 'value' in b && b.value;
    });
  }

  /** Whether some rule came from --rules (matched under a budget, off the main thread). */
  get hasUserRules(): boolean {
    return this.ruleSet.rules.some((r) => !r.trusted);
  }

  /** The matches in `text`: what the runtime calls (detect() is its older name). */
  scan(text: string, opts: ScanOptions = {}): Hit[] {
    return this.detect(text, opts);
  }

  detect(text: string, opts: DetectOptions = {}): Hit[] {
    if (opts.keywords?.size === 0) return [];
    // Keyword starts, per rule, flat [start, end, start, end, ...]: one pass for all rules.
    const hitsOf = new Map<number, number[]>();
    const { keys } = this.keywords;
    const onHit = (key: number, start: number) => {
      const end = start + keys[key]!.length - 1;
      for (const ri of this.rulesOf[key]!) {
        let list = hitsOf.get(ri);
        if (!list) hitsOf.set(ri, (list = []));
        list.push(start, end);
      }
    };
    // Where the keywords are, when the pass that found them recorded it for this text; else
    // one native search per known key when they are few, else one pass for all keywords.
    const known = opts.keywords;
    if (!known || !this.keywords.replay(known, text, onHit)) {
      if (known && known.size <= TARGETED_MAX) this.keywords.eachOf(text, known, onHit);
      else this.keywords.each(text, onHit);
    }
    if (hitsOf.size === 0) return [];
    const raw: RawHit[] = [];
    const jobs = [...hitsOf].sort((a, b) => a[0] - b[0]).map(([ri, hits]) => {
      const rule = this.ruleSet.rules[ri]!;
      const match = () => {
        if (pathAllowed(rule, opts.path)) return true;
        const state = newState();
        for (const [from, to] of ruleWindows(hits, rule.reach, text.length)) {
          if (!collect(rule, rule.regex, rule.secretGroup, [], text, from, to, raw, state)) return false;
        }
        return true;
      };
      return { rule, match };
    });
    this.guard.runAll(jobs, text.length, opts.onLimit, { mark: () => raw.length, reset: (n) => void (raw.length = n) });
    // Candidates near an anchor rule's hits (secrets next to key ids).
    for (const rule of this.ruleSet.rules) {
      const near = rule.near;
      if (!near) continue;
      const anchors = raw.filter((h) => h.rule.id === near.rule);
      if (anchors.length === 0) continue;
      this.guard.run(rule, text.length, opts.onLimit, () => {
        if (pathAllowed(rule, opts.path)) return true;
        const found: RawHit[] = [];
        let whole = true;
        for (const anchor of anchors) {
          whole = collect(rule, near.regex, near.secretGroup, near.validators, text, Math.max(0, anchor.start - near.window), Math.min(text.length, anchor.end + near.window), found, newState()) && whole;
        }
        const at = new Set(raw.filter((h) => h.rule === rule).map((h) => h.start));
        for (const f of found) if (!at.has(f.start)) at.add(f.start), raw.push(f);
        return whole;
      });
    }
    if (raw.length === 0) return [];

    const lines = new LineIndex(text);
    const wanted = opts.lines ? new Set(opts.lines) : undefined;
    // Once per line: many hits on one long line (a minified file) would each search it again.
    const marks = new Map<number, Suppression[] | null>();
    const markOf = (at: number) => {
      const line = lines.lineOf(at);
      let v = marks.get(line);
      if (v === undefined) {
        const m = inlineMark(lines.lineText(at));
        marks.set(line, (v = m ? [m] : null));
      }
      return v;
    };
    const specific = raw.some((h) => h.rule.fallback) ? raw.filter((h) => !h.rule.fallback) : [];
    const kept = raw.filter((h) => {
      if (h.rule.fallback && (specific.some((o) => o.start < h.end && h.start < o.end) || this.formatPrefixes.some((p) => h.secret.startsWith(p)))) return false;
      if (wanted && !wanted.has(lines.lineOf(h.start) + 1)) return false;
      const m = opts.inlineAllow !== false ? markOf(h.start) : null;
      if (m) h.suppressed = m;
      return true;
    });
    kept.sort((a, b) => a.start - b.start);
    return this.assemble(kept, text, lines, opts);
  }

  /** Turn raw hits into Hits, pairing parts into one credential where a pair rule says so. */
  private assemble(kept: RawHit[], text: string, lines: LineIndex, opts: DetectOptions): Hit[] {
    const consumed = new Set<RawHit>();
    const out: Hit[] = [];
    for (const pair of this.ruleSet.pairs) {
      for (const p of pairUp(pair, kept, providerById(pair.provider)?.takesToken)) {
        out.push(this.pairHit(pair, p.key, p.secret, p.token, text, lines, opts));
        consumed.add(p.key).add(p.secret);
        if (p.token) consumed.add(p.token);
      }
    }
    for (const h of kept) {
      if (consumed.has(h)) continue;
      const hit = this.singleHit(h, lines);
      // Secrets near an unpaired anchor (a key id already paired elsewhere) are still candidates to verify.
      const near = kept.filter((o) => o !== h && o.rule.near?.rule === h.rule.id && Math.abs(o.start - h.start) <= o.rule.near.window);
      if (near.length) hit.context = { ...hit.context, candidates: near.map((o) => o.secret) };
      enrich(hit, h.rule.provider, { text, at: h.start, keySecret: h.secret, extraCanaries: opts.extraCanaries });
      markAllowlisted(this.ruleSet.allowlists, hit, [h.start], lines);
      out.push(hit);
    }
    return out.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  }

  private singleHit(h: RawHit, lines: LineIndex): Hit {
    const hit: Hit = {
      ruleId: h.rule.id,
      ruleName: h.rule.name,
      severity: h.rule.severity,
      secret: h.secret,
      match: h.match,
      entropy: h.entropy,
      fingerprint: fingerprint(h.rule.id, h.secret),
      span: lines.span(h.start, h.end),
    };
    if (h.suppressed) hit.suppressed = h.suppressed;
    return hit;
  }

  private pairHit(pair: CompiledPair, key: RawHit, secret: RawHit, token: RawHit | undefined, text: string, lines: LineIndex, opts: DetectOptions): Hit {
    const part = (h: RawHit, role: HitPart['role']): HitPart => ({
      ruleId: h.rule.id,
      role,
      secret: h.secret,
      fingerprint: fingerprint(h.rule.id, h.secret),
      span: lines.span(h.start, h.end),
    });
    const value = `${key.secret}:${secret.secret}`;
    const from = Math.min(key.start, secret.start);
    const to = Math.max(key.end, secret.end);
    const hit: Hit = {
      ruleId: pair.id,
      ruleName: pair.name,
      severity: pair.severity,
      secret: value,
      match: to - from <= 300 ? text.slice(from, to) : `${key.match} … ${secret.match}`,
      entropy: secret.entropy,
      fingerprint: fingerprint(pair.id, value),
      span: lines.span(key.start, key.end),
      parts: [part(key, 'key-id'), part(secret, 'secret')],
    };
    if (token) hit.parts!.push(part(token, 'session-token'));
    // One marker on either line allows the pair.
    const marked = unionMarks(key.suppressed, secret.suppressed, token?.suppressed);
    if (marked) hit.suppressed = marked;
    if (token) hit.context = { sessionToken: token.secret };
    enrich(hit, pair.provider, { text, at: key.start, keySecret: key.secret, extraCanaries: opts.extraCanaries });
    markAllowlisted(this.ruleSet.allowlists, hit, [key.start, secret.start], lines);
    return hit;
  }
}

/** One rule's matching over one text, carried across its windows. */
interface CollectState {
  /** End of the rule's last regex match: a later window resumes there, as a whole-text run would. */
  after: number;
  kept: number;
  candidates: number;
}

function newState(): CollectState {
  return { after: 0, kept: 0, candidates: 0 };
}

/**
 * Run `re` over text[from, to) and keep the matches that pass the rule's checks. False when
 * it stopped at a cap: MATCH_CAP hits of this rule in `out`, or RAW_MATCH_CAP candidates.
 * Across the windows of one text (`state`), every match is the one a whole-text run finds.
 */
function collect(rule: CompiledRule, re: RegExp, group: string | number, extraValidators: CompiledRule['validators'], text: string, from: number, to: number, out: RawHit[], state: CollectState): boolean {
  // A window is matched as a slice with a margin, so look-arounds see real neighbours and a
  // miss never scans on to the end of a large text.
  const whole = from === 0 && to === text.length;
  const base = whole ? 0 : Math.max(0, from - MARGIN);
  const subject = whole ? text : text.slice(base, Math.min(text.length, to + MARGIN));
  // Past this a match may have been cut short by the slice's end (a rule whose match ran
  // beyond its declared reach): it is matched again on the whole text.
  const cut = base + subject.length < text.length ? subject.length - MARGIN : Infinity;
  re.lastIndex = Math.max(from, state.after) - base;
  let m: RegExpExecArray | null;
  while ((m = re.exec(subject)) !== null) {
    let at = base;
    const rerun = m.index + m[0].length > cut;
    if (rerun) {
      re.lastIndex = m.index + base;
      if ((m = re.exec(text)) === null) return (state.after = text.length), true;
      at = 0;
    }
    if (m.index + at >= to) break;
    state.after = m.index + at + Math.max(1, m[0].length);
    if (state.kept >= MATCH_CAP || ++state.candidates > RAW_MATCH_CAP) return false;
    // The next search starts where a whole-text run's would (past an empty match: one on).
    re.lastIndex = state.after - base;
    if (m[0] === '') continue;
    const secret = typeof group === 'number' ? m[group] : m.groups?.[group];
    const span = typeof group === 'number' ? m.indices?.[group] : m.indices?.groups?.[group];
    if (!secret || !span) continue;
    if (ruleAllows(rule, secret)) continue;
    const entropy = shannonEntropy(secret);
    if (rule.entropy !== undefined && entropy < rule.entropy) continue;
    if (!rule.validators.every((v) => v(secret)) || !extraValidators.every((v) => v(secret))) continue;
    out.push({ ruleId: rule.id, rule, secret, start: span[0] + at, end: span[1] + at, match: m[0], entropy });
    state.kept++;
  }
  return true;
}

const MARGIN = 256;

/** The rule's provider tags the hit and adds what it knows (providers/<id>/enrich). */
function enrich(hit: Hit, providerId: string | undefined, ctx: EnrichContext): void {
  const provider = providerById(providerId);
  if (!provider) return;
  hit.provider = provider.id;
  provider.enrich?.(hit, ctx);
}
