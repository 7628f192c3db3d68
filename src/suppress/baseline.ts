// The baseline: findings accepted as they are, keyed by content fingerprint
// (sha256(ruleId \0 secret), the finding store's identity), so that moving a line changes
// nothing and a changed secret is new even on the same line. Never the secret, no line
// numbers, no timestamps; entries sorted: rerunning on unchanged input writes the same bytes.
// An entry may carry `reason`, `by` and `date`, written by hand and kept across rewrites.
import type { Finding, Suppression } from '../types.js';
import { redactSecret } from '../report/redact.js';
import { compareText } from '../store/order.js';
import { SuppressFileError, type Suppressor } from './suppressor.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** The secret as reports show it redacted: for the human reading the file. */
  redacted: string;
  reason?: string;
  by?: string;
  date?: string;
}

const NOTES = ['reason', 'by', 'date'] as const;
const FIELDS = new Set(['fingerprint', 'ruleId', 'redacted', ...NOTES]);

/** A baseline file's entries; anything malformed → SuppressFileError naming the file and entry. */
export function parseBaseline(text: string, file: string): BaselineEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SuppressFileError(`${file}: not a keyhound baseline: not JSON (${(e as Error).message})`);
  }
  const o = doc as { keyhound?: unknown; version?: unknown; findings?: unknown };
  if (typeof doc !== 'object' || doc === null || o.keyhound !== 'baseline') throw new SuppressFileError(`${file}: not a keyhound baseline (expected "keyhound": "baseline"; write one with \`keyhound baseline\`)`);
  if (o.version !== BASELINE_VERSION) throw new SuppressFileError(`${file}: unsupported baseline version ${JSON.stringify(o.version)}: this keyhound reads version ${BASELINE_VERSION}`);
  if (!Array.isArray(o.findings)) throw new SuppressFileError(`${file}: "findings" must be an array`);
  const seen = new Set<string>();
  return o.findings.map((raw, i) => {
    const at = `${file}: findings[${i}]`;
    const e = checkEntry(raw, at);
    if (seen.has(e.fingerprint)) throw new SuppressFileError(`${at}: fingerprint ${e.fingerprint} appears twice`);
    seen.add(e.fingerprint);
    return e;
  });
}

function checkEntry(raw: unknown, at: string): BaselineEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SuppressFileError(`${at}: expected an object`);
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!FIELDS.has(k)) throw new SuppressFileError(`${at}: unknown field "${k}" (an entry has ${[...FIELDS].join(', ')})`);
  const str = (k: string, required: boolean) => {
    if (r[k] === undefined && !required) return undefined;
    if (typeof r[k] !== 'string') throw new SuppressFileError(`${at}.${k}: expected a string`);
    return r[k] as string;
  };
  const fingerprint = str('fingerprint', true)!;
  if (!/^[0-9a-f]{64}$/.test(fingerprint)) throw new SuppressFileError(`${at}.fingerprint: expected 64 lowercase hex digits`);
  const e: BaselineEntry = { fingerprint, ruleId: str('ruleId', true)!, redacted: str('redacted', false) ?? '' };
  for (const k of NOTES) {
    const v = str(k, false);
    if (v !== undefined) e[k] = v;
  }
  return e;
}

/** The file's text: entries by rule id then fingerprint, fields in one order, one trailing newline. */
export function renderBaseline(entries: readonly BaselineEntry[]): string {
  const sorted = [...entries].sort((a, b) => compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint));
  const findings = sorted.map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, redacted: e.redacted, reason: e.reason, by: e.by, date: e.date }));
  return JSON.stringify({ keyhound: 'baseline', version: BASELINE_VERSION, findings }, null, 2) + '\n';
}

export interface BaselineChange {
  entries: BaselineEntry[];
  added: BaselineEntry[];
  dropped: BaselineEntry[];
  kept: number;
}

/** The baseline of `findings`: entries still found keep their notes, new ones get `reason`. */
export function updateBaseline(old: readonly BaselineEntry[], findings: readonly Finding[], reason?: string): BaselineChange {
  const before = new Map(old.map((e) => [e.fingerprint, e]));
  const now = new Map<string, BaselineEntry>();
  const added: BaselineEntry[] = [];
  for (const f of findings) {
    if (now.has(f.fingerprint)) continue;
    const was = before.get(f.fingerprint);
    const e: BaselineEntry = { ...was, fingerprint: f.fingerprint, ruleId: f.ruleId, redacted: redactSecret(f.secret) };
    if (!was) {
      if (reason) e.reason = reason;
      added.push(e);
    }
    now.set(f.fingerprint, e);
  }
  const dropped = old.filter((e) => !now.has(e.fingerprint));
  return { entries: [...now.values()], added, dropped, kept: now.size - added.length };
}

/** Hides every finding whose fingerprint the baseline lists; the entry's line is its source. */
export function baselineSuppressor(entries: readonly BaselineEntry[], file: string, text: string): Suppressor {
  const lines = fingerprintLines(text);
  const marks = new Map<string, Suppression>();
  for (const e of entries) {
    const mark: Suppression = { kind: 'baseline', source: `${file}:${lines.get(e.fingerprint) ?? 1}` };
    if (e.reason) mark.reason = e.reason;
    marks.set(e.fingerprint, mark);
  }
  return {
    entries: [...marks.values()],
    whole: (f: Finding) => {
      const m = marks.get(f.fingerprint);
      return m ? [m] : [];
    },
  };
}

/** 1-based line of each `"fingerprint": "…"` in the file, in one pass (a baseline may list thousands). */
function fingerprintLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /"fingerprint"\s*:\s*"([0-9a-f]{64})"/g;
  let line = 1;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = text.indexOf('\n', from); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    from = m.index;
    if (!out.has(m[1]!)) out.set(m[1]!, line);
  }
  return out;
}
