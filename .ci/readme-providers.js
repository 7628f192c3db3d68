#!/usr/bin/env node
// Regenerates the provider table in README.md ("What it finds") from the built-in rule files.
// Run after adding or changing rules: `npm run readme:providers` (it builds first). The test
// test/rules/catalog.test.ts fails while the README and the rule files disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../dist/rules/load.js';
import { catalog, catalogMarkdown, replaceGenerated } from '../dist/rules/catalog.js';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(readme, 'utf8');
const after = replaceGenerated(before, catalogMarkdown(catalog(await loadRules())));
if (after !== before) writeFileSync(readme, after);
process.stdout.write(after === before ? 'README.md: provider table up to date\n' : 'README.md: provider table regenerated\n');
