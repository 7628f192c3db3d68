// What a user does next about a finding, in three ways: revoke or rotate it (the provider
// says how: providers/<id>/remediation), allow it inline (the exact comment for that file's
// language, on the lines the engine matched), or accept it into the baseline. Pure.
import type { Finding, Location } from '../types.js';
import { remediation, type Remediation } from './remediation.js';

export const BASELINE_COMMAND = 'keyhound baseline --output .keyhound-baseline.json';
export const ALLOW_MARKER = 'keyhound:allow';

export interface NextSteps {
  /** Revoke/rotate, from the provider; undefined when it knows nothing to do (a canary). */
  revoke?: Remediation;
  /** Where and what to write to allow it inline; undefined where no comment can go. */
  allow?: string;
  baseline: string;
}

export function nextSteps(f: Finding): NextSteps {
  const fix = remediation(f);
  const allow = allowStep(f);
  return { ...(fix ? { revoke: fix } : {}), ...(allow ? { allow } : {}), baseline: baselineStep(f) };
}

/**
 * A secret only a history holds is baselined from the history (`--git`): a baseline of the
 * tree would not hold it. Either way the scan must then be given the file.
 */
function baselineStep(f: Finding): string {
  const inTree = f.locations.some((l) => inEditable(l.provenance));
  const command = inTree ? BASELINE_COMMAND : BASELINE_COMMAND.replace('baseline ', 'baseline --git ');
  return `baseline: ${command} (accepts the current findings; then scan with --baseline .keyhound-baseline.json)`;
}

function inEditable(p: Location['provenance']): boolean {
  return p.kind === 'file' || p.kind === 'staged' || p.kind === 'stdin' || (p.kind === 'archive' && inEditable(p.outer));
}

/**
 * Inline allow applies to text a user can edit: a file in the tree or the index, not a git
 * history blob (old commits keep their bytes), an archive member or a name.
 */
function allowStep(f: Finding): string | undefined {
  const loc = f.locations.find((l) => !l.field && (l.provenance.kind === 'file' || l.provenance.kind === 'staged'));
  if (!loc) return undefined;
  const comment = commentFor(loc.path);
  if (!comment) return undefined;
  // The engine allows each matched part on its own line: a pair needs the marker on each.
  const lines = [...new Set([loc.line, ...(f.parts ?? []).filter((p) => samePlace(p.location, loc)).map((p) => p.location.line)])].sort((a, b) => a - b);
  const which = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.slice(0, -1).join(', ')} and ${lines.at(-1)}`;
  return `allow: if it is not a real secret, end ${which} of ${loc.path} with ${comment}`;
}

function samePlace(a: Location, b: Location): boolean {
  return a.path === b.path && a.provenance.kind === b.provenance.kind;
}

const HASH = /\.(py|rb|sh|bash|zsh|env|ya?ml|toml|ini|cfg|conf|properties|pl|r|tf|tfvars|hcl|ps1|mk|dockerignore|gitignore|txt)$|(^|\/)(Dockerfile|Makefile|Gemfile|Procfile|credentials|config|\.env[^/]*)$/i;
const SLASH = /\.(m?[jt]sx?|cjs|cts|mts|java|kt|kts|go|c|h|cc|cpp|hpp|cs|swift|scala|rs|php|dart|groovy|gradle|jsonc|json5)$/i;
const DASH = /\.(sql|lua|hs)$/i;
const MARKUP = /\.(xml|html?|md|svg|vue|config|plist)$/i;

/** The exact comment to append for a file, by its name; undefined for JSON (no comments). */
export function commentFor(path: string): string | undefined {
  if (/\.json$/i.test(path)) return undefined;
  if (SLASH.test(path)) return `// ${ALLOW_MARKER}`;
  if (DASH.test(path)) return `-- ${ALLOW_MARKER}`;
  if (MARKUP.test(path)) return `<!-- ${ALLOW_MARKER} -->`;
  if (HASH.test(path)) return `# ${ALLOW_MARKER}`;
  return `a comment holding ${ALLOW_MARKER}`;
}
