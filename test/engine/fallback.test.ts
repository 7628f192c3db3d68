// A fallback rule (rules' `fallback: true`, e.g. the generic one) yields to any other rule
// whose hit overlaps its own; elsewhere its hits stand.
import { describe, expect, test } from '@jest/globals';
import { compileRuleFiles } from '../../src/rules/load.js';
import { Engine } from '../../src/engine/detect.js';

const yaml = (fallback: boolean) => `rules:
  - id: demo-specific
    name: Demo specific
    description: d
    severity: high
    keywords: [demo_]
    pattern: 'demo_(?<secret>[a-z0-9]{12})'
    examples: ['demo_abcdef123456']
  - id: demo-catchall
    name: Demo catch-all
    description: d
    severity: low
    keywords: [key=]
    pattern: 'key=(?<secret>[a-z0-9_]{12,20})'
    fallback: ${fallback}
    examples: ['key=abcdef123456']
`;

async function hits(fallback: boolean, text: string) {
  const engine = new Engine(await compileRuleFiles([{ file: 'demo.yaml', text: yaml(fallback) }]));
  return engine.detect(text, { inlineAllow: false }).map((h) => [h.ruleId, h.secret, h.span.line, h.span.column]);
}

describe('fallback rules', () => {
  test('a fallback hit that overlaps a specific hit is dropped', async () => {
    expect(await hits(true, 'key=demo_abcdef123456\n')).toEqual([['demo-specific', 'abcdef123456', 1, 10]]);
  });

  test('without fallback: both rules report (the test above fails without the mechanism)', async () => {
    expect(await hits(false, 'key=demo_abcdef123456\n')).toEqual([['demo-catchall', 'demo_abcdef123456', 1, 5], ['demo-specific', 'abcdef123456', 1, 10]]);
  });

  test('a fallback hit that overlaps nothing stands', async () => {
    expect(await hits(true, 'key=zzzzzz999999\ndemo_abcdef123456\n')).toEqual([['demo-catchall', 'zzzzzz999999', 1, 5], ['demo-specific', 'abcdef123456', 2, 6]]);
  });

  test("'fallback' must be a boolean", async () => {
    await expect(compileRuleFiles([{ file: 'demo.yaml', text: yaml(true).replace('fallback: true', "fallback: 'yes'") }])).rejects.toThrow(/demo-catchall': 'fallback' must be true or false/);
  });
});
