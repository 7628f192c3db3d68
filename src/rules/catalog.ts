// The rule set seen by provider: what `keyhound rules list` prints and what the README's
// "What it finds" section is generated from (.ci/readme-providers.js; a test fails when the
// README drifts from the rule files). Generic: it reads only the rule data.
import type { RuleSet } from './load.js';
import type { Severity } from '../types.js';

export interface CatalogRule {
  id: string;
  name: string;
  severity: Severity;
  kind: 'rule' | 'pair';
  keywords: string[];
  /** Named offline checks the rule's secret must pass (checksums, decodes, key parsing). */
  validators: string[];
}

export interface CatalogProvider {
  /** The rule file's `provider:` ('' for files that name none). */
  id: string;
  /** The file's `name:`, else the id. */
  name: string;
  rules: CatalogRule[];
}

/** Rules grouped by provider, providers in id order (files without one last), rules in file order. */
export function catalog(rs: RuleSet): CatalogProvider[] {
  const groups = new Map<string, CatalogProvider>();
  const group = (id: string | undefined, name: string | undefined) => {
    const key = id ?? '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { id: key, name: name ?? (id || 'other'), rules: [] }));
    return g;
  };
  for (const r of rs.rules) {
    group(r.provider, r.providerName).rules.push({ id: r.id, name: r.name, severity: r.severity, kind: 'rule', keywords: r.keywords, validators: r.validatorNames });
  }
  for (const p of rs.pairs) group(p.provider, p.providerName).rules.push({ id: p.id, name: p.name, severity: p.severity, kind: 'pair', keywords: [], validators: [] });
  return [...groups.values()].sort((a, b) => (a.id === '' ? 1 : b.id === '' ? -1 : a.id.localeCompare(b.id)));
}

/** `rules list` as text: a heading per provider, one line per rule, its offline checks named. */
export function catalogText(groups: CatalogProvider[]): string {
  const all = groups.flatMap((g) => g.rules);
  const w = Math.max(0, ...all.map((r) => r.id.length));
  const out: string[] = [];
  for (const g of groups) {
    const checked = g.rules.filter((r) => r.validators.length).length;
    out.push(`${g.name}${g.id && g.id !== g.name ? ` (${g.id})` : ''}: ${count(g.rules.length, 'rule')}${checked ? `, ${checked} validated offline` : ''}`);
    for (const r of g.rules) {
      const what = r.kind === 'pair' ? ' (pairs parts found together)' : `  [${r.keywords.join(', ')}]`;
      const checks = r.validators.length ? `  offline: ${r.validators.join(', ')}` : '';
      out.push(`  ${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.name}${what}${checks}`);
    }
  }
  return out.join('\n') + '\n';
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

export const README_BEGIN = '<!-- providers:begin (generated from rules/*.yaml by `npm run readme:providers`; do not edit) -->';
export const README_END = '<!-- providers:end -->';

/** The README's provider table: one row per provider, with its rule count and offline checks. */
export function catalogMarkdown(groups: CatalogProvider[]): string {
  const rules = groups.reduce((n, g) => n + g.rules.length, 0);
  const checked = groups.reduce((n, g) => n + g.rules.filter((r) => r.validators.length).length, 0);
  const rows = groups.map((g) => {
    const checks = [...new Set(g.rules.flatMap((r) => r.validators))];
    const ids = g.rules.map((r) => `\`${r.id}\``).join(', ');
    return `| ${g.name} | ${ids} | ${checks.length ? checks.map((c) => `\`${c}\``).join(', ') : '—'} |`;
  });
  return [
    `${count(groups.length, 'provider')}, ${count(rules, 'rule')} (${checked} with an offline validator: a checksum, a decode or a key parse that a look-alike fails).`,
    '',
    '| provider | rules | offline validators |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

/** `readme` with the text between the markers replaced by `block`; throws when a marker is missing. */
export function replaceGenerated(readme: string, block: string): string {
  const from = readme.indexOf(README_BEGIN);
  const to = readme.indexOf(README_END);
  if (from < 0 || to < from) throw new Error(`README has no ${README_BEGIN} … ${README_END} block`);
  return `${readme.slice(0, from + README_BEGIN.length)}\n${block}\n${readme.slice(to)}`;
}
