// Allowlists: inline allow comments on the line of a hit, and per-rule allow data.
import type { CompiledRule } from '../rules/load.js';

/** keyhound's own marker, plus gitleaks' and detect-secrets' for teams migrating. */
const INLINE_ALLOW = /keyhound:allow|gitleaks:allow|pragma: allowlist secret/;

export function lineAllows(lineText: string): boolean {
  return INLINE_ALLOW.test(lineText);
}

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
