// `.gitleaksignore` at the scan root, honoured as gitleaks documents it, for teams migrating.
// Its fingerprints are positional, one a line (`#` lines are comments):
//
//   <commit>:<file>:<rule>:<line>   that finding in that commit only
//   <file>:<rule>:<line>            that file, rule and start line in every commit, and in
//                                   scans of files (gitleaks' `--no-git` / `dir`)
//
// `<rule>` is a gitleaks rule id; each provider says which of its rules find what a gitleaks
// rule finds (Provider.gitleaksRules), and a rule id keyhound shares with gitleaks is itself.
// Being positional, an entry also hides a new secret written on that line later: keyhound's
// own .keyhoundignore and baselines are keyed by content instead.
import type { Finding, Location, Suppression } from '../types.js';
import { PROVIDERS } from '../providers/index.js';
import { commitOf, rootRelative } from './place.js';
import { SuppressFileError, type Suppressor } from './suppressor.js';

interface GitleaksEntry {
  commit?: string;
  file: string;
  rules: ReadonlySet<string>;
  line: number;
  mark: Suppression;
}

const COMMIT = /^[0-9a-f]{7,64}$/i;

export function parseGitleaksIgnore(text: string, file: string): Suppressor {
  const entries: GitleaksEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const where = `${file}:${i + 1}`;
    const fields = line.split(':');
    if (fields.length < 3) throw new SuppressFileError(`${where}: expected commit:file:rule:line or file:rule:line`);
    const at = Number(fields.pop());
    const rule = fields.pop()!;
    if (!Number.isInteger(at) || at < 1 || !rule) throw new SuppressFileError(`${where}: expected commit:file:rule:line or file:rule:line (a rule id, then a line number)`);
    // A file name may hold ':': only a leading commit id is split off.
    const commit = fields.length > 1 && COMMIT.test(fields[0]!) ? fields.shift()!.toLowerCase() : undefined;
    const entry: GitleaksEntry = { file: fields.join(':'), rules: rulesFor(rule), line: at, mark: { kind: 'ignore', source: where } };
    if (commit) entry.commit = commit;
    entries.push(entry);
  });
  // By line: every place of every finding is looked up, and such files grow to thousands of lines.
  const byLine = new Map<number, GitleaksEntry[]>();
  for (const e of entries) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e]);
  return {
    entries: entries.map((e) => e.mark),
    at: (f: Finding, l: Location, root: string) => (byLine.get(l.line) ?? []).filter((e) => matches(e, f, l, root)).map((e) => e.mark),
  };
}

/** The keyhound rule ids a gitleaks rule id stands for. */
function rulesFor(gitleaksRule: string): Set<string> {
  const ids = new Set([gitleaksRule]);
  for (const p of PROVIDERS) for (const id of p.gitleaksRules?.[gitleaksRule] ?? []) ids.add(id);
  return ids;
}

function matches(e: GitleaksEntry, f: Finding, l: Location, root: string): boolean {
  if (e.line !== l.line || !e.rules.has(f.ruleId) || l.field) return false;
  if (e.commit) {
    const c = commitOf(l);
    if (!c || !c.startsWith(e.commit)) return false;
  }
  // gitleaks names a file relative to the repository, or as the scanned directory was given.
  return e.file === rootRelative(l, root) || e.file === l.path;
}
