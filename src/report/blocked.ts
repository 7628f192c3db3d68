// What a pre-commit hook prints when it blocks a commit (`keyhound staged --quiet`): that the
// commit was blocked, where each secret is, and the three ways forward. A few lines, since
// it lands in the middle of someone's `git commit`. Pure: takes redacted findings, returns text.
import type { Finding, ScanResult } from '../types.js';
import { remediation } from './remediation.js';
import { clean } from './text.js';

/** The baseline file the hook passes to `--baseline` when it exists (see integrations/git-hook.ts). */
export const HOOK_BASELINE = '.keyhound-baseline.json';

/** Places listed; a commit adding more secrets than this says how many more. */
const MAX_PLACES = 20;

export function renderBlocked(result: ScanResult): string {
  const { findings } = result;
  const n = findings.length;
  const lines = [`keyhound: commit blocked: ${n} secret${n === 1 ? '' : 's'} in the staged changes`];
  const places = findings.flatMap((f) => f.locations.map((loc) => `  ${clean(loc.path)}:${loc.line}  ${clean(f.ruleId)} ${clean(f.secret)}`));
  lines.push(...places.slice(0, MAX_PLACES));
  if (places.length > MAX_PLACES) lines.push(`  … and ${places.length - MAX_PLACES} more`);
  lines.push(
    'Ways forward (for each secret):',
    '  1. remove it from the change and rotate it (treat it as copied):',
    ...revokeHints(findings).map((h) => `     ${h}`),
    `  2. a false alarm: allow it inline, with a comment on its line: ${allowComment(findings[0]?.locations[0]?.path ?? '')}`,
    `  3. accept it for now: keyhound baseline --output ${HOOK_BASELINE}, then git add ${HOOK_BASELINE}`,
    `     (the hook passes --baseline ${HOOK_BASELINE} when that file exists)`,
  );
  return lines.join('\n') + '\n';
}

/**
 * The provider's hint for each secret (its commands one a line, when it has commands), once
 * per distinct hint; a generic line for secrets whose provider has none.
 */
function revokeHints(findings: Finding[]): string[] {
  const hints = new Set<string>();
  for (const f of findings) {
    const fix = remediation(f);
    if (!fix) hints.add(`${clean(f.ruleId)}: revoke it where it was issued, then issue a new one`);
    else if (!fix.commands.length) hints.add(`${clean(f.ruleId)}: ${clean(fix.text)}`);
    else hints.add([`${clean(f.ruleId)} (${fix.link}):`, ...fix.commands.map((c) => `  ${clean(c)}`)].join('\n     '));
  }
  return [...hints];
}

/** Comment markers by file extension; `#` for the rest (shell, YAML, .env, INI, Python, Ruby…). */
const SLASHES = /\.(?:[cm]?[jt]sx?|java|kt|go|rs|c|cc|cpp|h|hpp|cs|swift|scala|php|dart|groovy|gradle)$/i;

/** The exact comment for the file the first secret is in (JSON takes none: use the baseline). */
export function allowComment(path: string): string {
  if (/\.json$/i.test(path)) return '(JSON has no comments: use 3.)';
  if (/\.(?:sql|lua)$/i.test(path)) return '-- keyhound:allow';
  if (/\.(?:html?|xml|md)$/i.test(path)) return '<!-- keyhound:allow -->';
  return SLASHES.test(path) ? '// keyhound:allow' : '# keyhound:allow';
}
