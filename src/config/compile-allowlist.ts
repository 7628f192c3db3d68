// Config allowlist entries compiled once per rule set (main thread and each worker). Their
// regexes are the user's: refused at load if they can backtrack exponentially (as user rules).
// Loaded only when a config has allowlists.
import { globRegExp } from '../sources/glob.js';
import type { PlacedAllowlist } from './types.js';
import type { CompiledAllowlist } from './allowlist.js';
import { dangerousConstruct } from '../rules/redos.js';

export function compileAllowlists(specs: readonly PlacedAllowlist[], problems: string[]): CompiledAllowlist[] {
  return specs.map((s) => {
    const where = `${s.source}: allowlist`;
    const regex = (written: string, key: string) => {
      // A leading (?i), (?s), (?m) (as gitleaks writes them) is the regex's flags.
      const lead = /^\(\?([ims]+)\)/.exec(written);
      const p = lead ? written.slice(lead[0].length) : written;
      const danger = dangerousConstruct(p);
      if (danger) problems.push(`${where}: ${key}: ${danger} can backtrack exponentially (ReDoS); rewrite it`);
      try {
        return new RegExp(p, lead?.[1] ?? '');
      } catch (e) {
        problems.push(`${where}: ${key}: invalid regex: ${(e as Error).message}`);
        return /(?!)/;
      }
    };
    const reason = s.reason ?? s.description;
    return {
      source: s.source,
      ...(reason !== undefined ? { reason } : {}),
      ...(s.rules ? { rules: new Set(s.rules) } : {}),
      paths: [...(s.paths ?? []).map((g) => globRegExp(g.replace(/^(\.\/)+/, ''))), ...(s.pathRegexes ?? []).map((p) => regex(p, 'pathRegexes'))],
      regexes: (s.regexes ?? []).map((p) => regex(p, 'regexes')),
      target: s.regexTarget ?? 'secret',
      stopwords: (s.stopwords ?? []).map((w) => w.toLowerCase()),
      commits: (s.commits ?? []).map((c) => c.toLowerCase()),
    };
  });
}
