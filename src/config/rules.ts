// The rule set a configuration asks for: built-in rules (unless replaced), --rules files and
// the config's own rules, its disabled ids dropped. The config's rules are checked at load
// like rule files' (every example found, no negative example matched), and their problems
// are reported at the line of the rule in the config.
import { checkRules } from '../rules/check.js';
import { loadRules, RuleLoadError, type RuleSet } from '../rules/load.js';
import type { Config } from './types.js';
import { ConfigError } from './error.js';

export async function loadConfiguredRules(extra: string[], builtin: boolean, config?: Config, checkExamples = true): Promise<RuleSet> {
  let set: RuleSet;
  try {
    set = await loadRules({ extra, builtin, config: config?.rules });
  } catch (e) {
    if (config && e instanceof RuleLoadError) throw new ConfigError(e.problems.map((p) => atRuleLine(p, config)));
    throw e;
  }
  if (config?.rules.doc && checkExamples) {
    const res = checkRules(set, (file) => file === config.file);
    const problems = res.failures.map((f) => `${config.ruleLines[f.ruleId] ?? config.file}: rule '${f.ruleId}': ${f.kind === 'example' ? 'example' : 'negative example'} #${f.index + 1}: ${f.problem}`);
    if (problems.length) throw new ConfigError(problems);
  }
  return set;
}

/** `file: rule 'id': …` (rules/load.ts's form) → `file:line: rule 'id': …`. */
function atRuleLine(problem: string, config: Config): string {
  const m = /^(.*?): (?:rule|pair) '([^']+)'/.exec(problem);
  if (!m || m[1] !== config.file) return problem;
  const at = config.ruleLines[m[2]!];
  return at ? at + problem.slice(m[1].length) : problem;
}
