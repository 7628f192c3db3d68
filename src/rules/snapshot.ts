// Build step (npm run build): parse the built-in rule YAML once and write it as JSON, so a
// run that uses only built-in rules never loads the YAML parser. Validation still happens
// at load time; a rule file newer than the snapshot makes the loader read YAML instead.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { BUILTIN_RULES_DIR, BUILTIN_SNAPSHOT, compileRuleFiles, ruleFilesIn, type DerivedByRule } from './load.js';

const files = ruleFilesIn([BUILTIN_RULES_DIR]);
// Refuse to snapshot rules that do not load: the build fails with the loader's message.
const set = await compileRuleFiles(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
// What each rule's pattern gives (compile-rule.ts Derived), here once instead of in every thread of every run.
const derived = new Map<string, DerivedByRule>(files.map((f) => [f, {}]));
for (const r of set.rules) derived.get(r.file)![r.id] = { tails: (r.keywordTails ?? []).map((t) => t ?? null), reach: r.reach };
mkdirSync(dirname(BUILTIN_SNAPSHOT), { recursive: true });
writeFileSync(BUILTIN_SNAPSHOT, JSON.stringify({ files: files.map((f) => ({ name: f.slice(BUILTIN_RULES_DIR.length), doc: parse(readFileSync(f, 'utf8')), derived: derived.get(f) })) }));
