// Self-test of rule data: every example must be found (on the pinned secret, when given)
// and no negative example may be. Run by `keyhound rules check` and by the jest suite.
import { Engine } from '../engine/detect.js';
import type { RuleSet } from './load.js';
import type { RuleExample } from './schema.js';
import { expandExample } from './examples.js';

export interface CheckFailure {
  ruleId: string;
  file: string;
  kind: 'example' | 'negative';
  index: number;
  text: string;
  problem: string;
}

export interface CheckResult {
  rules: number;
  examples: number;
  negatives: number;
  failures: CheckFailure[];
}

/** `only`: check just the rules and pairs of the files it accepts (the others still anchor and pair). */
export function checkRules(ruleSet: RuleSet, only?: (file: string) => boolean): CheckResult {
  const engine = new Engine(ruleSet);
  const result: CheckResult = { rules: 0, examples: 0, negatives: 0, failures: [] };
  const subjects: Array<{ id: string; file: string; examples: RuleExample[]; negatives: string[] }> = [
    ...ruleSet.rules.map((r) => ({ id: r.id, file: r.file, examples: r.examples, negatives: r.negativeExamples })),
    ...ruleSet.pairs.map((p) => ({ id: p.id, file: p.file, examples: p.examples, negatives: p.negativeExamples })),
  ].filter((s) => !only || only(s.file));
  for (const s of subjects) {
    result.rules++;
    s.examples.forEach((ex, i) => {
      result.examples++;
      let expanded;
      try {
        expanded = expandExample(ex.text, ex.secret, `${s.id}#${i}`);
      } catch (e) {
        result.failures.push({ ruleId: s.id, file: s.file, kind: 'example', index: i, text: ex.text, problem: (e as Error).message });
        return;
      }
      const hits = engine.detect(expanded.text, { inlineAllow: false }).filter((h) => h.ruleId === s.id);
      if (hits.length === 0) {
        result.failures.push({ ruleId: s.id, file: s.file, kind: 'example', index: i, text: expanded.text, problem: 'not found' });
      } else if (expanded.secret !== undefined && !hits.some((h) => h.secret === expanded.secret)) {
        result.failures.push({ ruleId: s.id, file: s.file, kind: 'example', index: i, text: expanded.text, problem: `found ${hits.map((h) => JSON.stringify(h.secret)).join(', ')} instead of ${JSON.stringify(expanded.secret)}` });
      }
    });
    s.negatives.forEach((neg, i) => {
      result.negatives++;
      let text: string;
      try {
        text = expandExample(neg, undefined, `${s.id}!${i}`).text;
      } catch (e) {
        result.failures.push({ ruleId: s.id, file: s.file, kind: 'negative', index: i, text: neg, problem: (e as Error).message });
        return;
      }
      const hits = engine.detect(text, { inlineAllow: false }).filter((h) => h.ruleId === s.id);
      if (hits.length) result.failures.push({ ruleId: s.id, file: s.file, kind: 'negative', index: i, text, problem: `matched ${JSON.stringify(hits[0].secret)}` });
    });
  }
  return result;
}
