// Rule sets for the bench's rule-scaling case, generated at run time into .bench/ (never
// committed: a rule file is data a scan reads, and these are only load).
//
// - tokens/:          200 token rules, each a distinct 3–5 char literal prefix (keyword = the
//                     prefix) + 30 base62 chars, as most providers' tokens look;
// - tokens-generic/:  the same 200, plus 20 generic context rules (password, token, secret,
//                     api_key, … assigned a 16–64 char value), whose keywords are common words.
// Patterns are bounded ({n,m}, no * or +), so each rule's reach is derived at load.
import fs from 'node:fs';
import path from 'node:path';

const GENERIC = ['password', 'passwd', 'token', 'secret', 'api_key', 'apikey', 'access_key', 'client_secret', 'auth_token', 'credential', 'private_key', 'pwd', 'bearer', 'authorization', 'db_pass', 'session_key', 'signature', 'jwt_secret', 'conn_str', 'app_key'];

/** Deterministic, so every run and machine scans with the same rules. */
function prng(seed) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function tokenRules(n) {
  const next = prng(7);
  const alpha = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const seen = new Set();
  const out = [];
  while (out.length < n) {
    const len = 2 + Math.floor(next() * 3); // + '_' → 3–5 chars
    let p = alpha[Math.floor(next() * 26)];
    while (p.length < len) p += alpha[Math.floor(next() * alpha.length)];
    p += '_';
    if (seen.has(p)) continue;
    seen.add(p);
    out.push([
      `  - id: bench-token-${out.length + 1}`,
      `    name: Bench token ${out.length + 1}`,
      '    description: A generated token rule (bench).',
      '    severity: medium',
      `    keywords: ['${p}']`,
      `    pattern: '(?<![A-Za-z0-9_])(?<secret>${p}[A-Za-z0-9]{30})(?![A-Za-z0-9])'`,
      '    entropy: 3.0',
      `    examples: ['t = ${p}{{alnum:30}}']`,
    ].join('\n'));
  }
  return out;
}

function genericRules() {
  return GENERIC.map((kw, i) => [
    `  - id: bench-generic-${i + 1}`,
    `    name: Bench generic ${kw}`,
    '    description: A generated generic context rule (bench).',
    '    severity: low',
    '    flags: i',
    `    keywords: ['${kw}']`,
    `    pattern: '${kw}["'''']?[ \\t]{0,4}[:=][ \\t]{0,4}["'''']?(?<secret>[A-Za-z0-9_+/=.-]{16,64})(?![A-Za-z0-9_+/=.-])'`,
    '    entropy: 3.5',
    `    examples: ['${kw} = "{{alnum:24}}"']`,
  ].join('\n'));
}

/** Writes the two rule directories under benchDir; returns their paths. */
export function ensureRuleSets(benchDir) {
  const root = path.join(benchDir, 'rule-scaling');
  const tokens = path.join(root, 'tokens');
  const both = path.join(root, 'tokens-generic');
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(tokens, { recursive: true });
  fs.mkdirSync(both, { recursive: true });
  const tok = `rules:\n${tokenRules(200).join('\n')}\n`;
  fs.writeFileSync(path.join(tokens, 'tokens.yaml'), tok);
  fs.writeFileSync(path.join(both, 'tokens.yaml'), tok);
  fs.writeFileSync(path.join(both, 'generic.yaml'), `rules:\n${genericRules().join('\n')}\n`);
  return { tokens, both, counts: { tokens: 200, generic: GENERIC.length } };
}
