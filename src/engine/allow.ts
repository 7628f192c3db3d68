// Per-rule allow data (inline markers are src/suppress/inline.ts: they mark, not drop).
import type { CompiledRule } from '../rules/load.js';

/** True when the rule's own allowlist (stopwords, regexes) excuses this secret. */
export function ruleAllows(rule: CompiledRule, secret: string): boolean {
  if (rule.stopwords.length) {
    const lower = secret.toLowerCase();
    if (rule.stopwords.some((w) => lower.includes(w))) return true;
  }
  return rule.allowRegexes.some((re) => {
    re.lastIndex = 0;
    return re.test(secret);
  });
}

export function pathAllowed(rule: CompiledRule, path: string | undefined): boolean {
  return path !== undefined && rule.allowPaths.some((re) => {
    re.lastIndex = 0;
    return re.test(path);
  });
}
