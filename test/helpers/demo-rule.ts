// A user rule file for tests about where findings are kept or dropped: `demo_` + 24 chars,
// path-allowlisted under any `fixtures/` directory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomFrom } from './keys.js';

/** Writes demo.yaml into `dir` and returns its path. */
export function demoRuleFile(dir: string): string {
  const file = join(dir, 'demo.yaml');
  writeFileSync(
    file,
    [
      'rules:',
      '  - id: demo-token',
      '    name: Demo token',
      '    description: test rule',
      '    severity: high',
      '    keywords: [demo_]',
      "    pattern: 'demo_(?<secret>[a-z0-9]{24})'",
      '    allow:',
      "      paths: ['(^|/)fixtures/']",
      '    examples:',
      "      - 't = demo_{{alnum:24}}'",
      '',
    ].join('\n'),
  );
  return file;
}

/** A fresh value the demo rule finds. */
export const demoToken = (): string => `demo_${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 24)}`;
