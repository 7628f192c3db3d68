// Where a rule runs in a text: windows around its keyword hits, each as wide as the rule says
// its match may reach from the keyword (rules/reach.ts), overlapping ones merged. Every match
// holds a keyword, so it lies in the window of that keyword's hit, and a match never spans two
// merged windows: run window by window in text order, resuming after the last match, a rule
// finds exactly the matches a whole-text run finds (engine/detect.ts collect()).
import type { RuleSet } from '../rules/load.js';
import type { ViewWindows } from '../types.js';

/**
 * A rule whose windows cover more than this share of a text runs over the whole text: one
 * regex pass then costs less than many slices and restarts.
 */
const WHOLE_TEXT_SHARE = 0.5;

/**
 * Merged [from, to) windows, in text order, for keyword hits given flat as [start, end, ...]
 * (in any order).
 */
export function ruleWindows(hits: readonly number[], reach: { before: number; after: number }, textLength: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < hits.length; i += 2) {
    spans.push([Math.max(0, hits[i]! - reach.before), Math.min(textLength, hits[i + 1]! + reach.after)]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let covered = 0;
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) {
      if (s[1] > last[1]) (covered += s[1] - last[1]), (last[1] = s[1]);
    } else (out.push(s), (covered += s[1] - s[0]));
  }
  return covered > textLength * WHOLE_TEXT_SHARE ? [[0, textLength]] : out;
}

/**
 * How much of a text a decoded view must keep around each decoded part for the engine to see
 * there what it sees in the whole view (ViewWindows in types.ts; decode/view-map.ts cuts). A match anchored at
 * a keyword in the part lies within its rule's reach (a near-anchor's window further); the
 * other half of a pair lies within twice a pair's window (a session token's distance), and a
 * hit that could compete for it as far again. Between two kept windows that many newlines
 * stand for what was left out, so hits either side never pair.
 */
export function viewWindows(set: Pick<RuleSet, 'rules' | 'pairs'>): ViewWindows {
  let reach = 0;
  for (const r of set.rules) reach = Math.max(reach, r.reach.before, r.reach.after);
  let near = 0;
  for (const r of set.rules) near = Math.max(near, r.near?.window ?? 0);
  let pair = 0;
  for (const p of set.pairs) pair = Math.max(pair, 2 * p.window);
  return { context: reach + near + 2 * pair, gap: pair + 1 };
}
