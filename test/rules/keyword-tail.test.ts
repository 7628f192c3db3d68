// What a pattern says follows each keyword: derived per path, never more than every match holds.
import { describe, expect, it } from '@jest/globals';
import { keywordTails } from '../../src/rules/keyword-tail.js';
import type { KeywordTail } from '../../src/engine/prefilter.js';

/** The tail's characters among printable ASCII, and its minimum count. */
function shown(t: KeywordTail | undefined): string | undefined {
  if (!t) return undefined;
  let chars = '';
  for (let c = 0x20; c < 0x7f; c++) if ((t.ascii[c >> 5]! >>> (c & 31)) & 1) chars += String.fromCharCode(c);
  return `${t.min}×${chars}`;
}

const tails = (pattern: string, flags: string, keywords: string[]) => keywordTails(pattern, flags, keywords).map(shown);
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('keywordTails', () => {
  it('a literal prefix: the class after it, its count', () => {
    expect(tails('(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])', '', ['npm_'])).toEqual([`36×${B62}`]);
  });

  it('an alternation of prefixes: each keyword its own path', () => {
    expect(tails('(?<secret>EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})', '', ['EAAA', 'sq0atp-'])).toEqual([`60×-${B62.slice(0, 36)}_${B62.slice(36)}`, `22×-${B62.slice(0, 36)}_${B62.slice(36)}`]);
    expect(tails('(?:AKIA|ASIA)[A-Z2-7]{16}', '', ['AKIA', 'ASIA'])).toEqual(['16×234567ABCDEFGHIJKLMNOPQRSTUVWXYZ', '16×234567ABCDEFGHIJKLMNOPQRSTUVWXYZ']);
  });

  it('sums what follows up to a group, through variable counts and zero-width checks', () => {
    expect(tails('tok_[a-f]{2,5}\\b[0-9]{3}(?:xy){2}[a-z]{9}', '', ['tok_'])).toEqual(['5×0123456789abcdef']);
    // a group matched once is its alternatives, each path read on
    expect(tails('tok_[0-9]{3}(?:x|y)[a-c]{9}', '', ['tok_'])).toEqual(['13×0123456789abcxy']);
  });

  it('an optional group: the paths with and without it (the looser count)', () => {
    expect(tails('(?<secret>FLW(?:_TEST)?-[a-f0-9]{32})', '', ['FLW'])).toEqual(['33×-0123456789EST_abcdef']);
  });

  it('with flags: i, a keyword spelled in either case is found, and the classes are folded', () => {
    expect(tails('tok_[a-c]{4}', 'i', ['tok_'])).toEqual(['4×ABCabc']);
  });

  it('nothing when a match may hold the keyword where a class spells it, or nothing follows it', () => {
    // the second path spells no keyword: its match holds one only through the class
    expect(tails('(?:AKIA[A-Z]{16}|[A-Z]{4}[0-9]{16})', '', ['AKIA'])).toEqual([undefined]);
    // the keyword ends the match (a suffix), or only an optional part follows it
    expect(tails('[0-9a-f]{36}NRAL', '', ['NRAL'])).toEqual([undefined]);
    expect(tails('tok_(?:[0-9]{4})?', '', ['tok_'])).toEqual([undefined]);
    // (the path without the optional group reads on into what follows it)
    expect(tails('rollbar[a-z]{0,20}?(?:access)?token', 'i', ['rollbar'])).toEqual(['5×ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz']);
    // a path that spells one keyword with no tail: no tail for it, whatever other paths say
    expect(tails('(?:ab_c[0-9]{8}|xab_c)', '', ['ab_c'])).toEqual([undefined]);
    // a keyword spelled by a class on the only path (-us0 … -us9 as -us[0-9])
    expect(tails('[0-9a-f]{32}-us[0-9]{1,2}', '', ['-us0', '-us1'])).toEqual([undefined, undefined]);
  });

  it('ASCII only: a set that holds characters above 0x7F ends the tail (a latin1 copy could not judge them)', () => {
    expect(tails('tok_[a-c]{4}[^"]{20}', '', ['tok_'])).toEqual(['4×abc']);
    expect(tails('tok_\\S{8}', '', ['tok_'])).toEqual([undefined]);
    expect(tails('tok_.{8}', '', ['tok_'])).toEqual([undefined]);
  });

  it('nothing for a pattern the parser does not understand', () => {
    expect(tails('tok_\\p{L}{8}', 'u', ['tok_'])).toEqual([undefined]);
  });
});

describe('the shipped rules: what their tails keep out of decoding', () => {
  it('source-map segments, npm_config_ names and key-value words hold no keyword; the tokens still do', async () => {
    const { loadRules } = await import('../../src/rules/load.js');
    const { Engine } = await import('../../src/engine/detect.js');
    const engine = new Engine(await loadRules());
    const keys = (text: string) => [...engine.keywordsInBytes(Buffer.from(text))].sort();
    expect(keys('{"version":3,"mappings":"AAAA,EAAA,CAAC;EAAAA,IAAI"}')).toEqual([]);
    expect(keys('const cache = process.env.npm_config_cache; map.set(`key-value`, 1);')).toEqual([]);
    const npm = `npm_${'aB3'.repeat(12)}`;
    const mailgun = `key-${'0a'.repeat(16)}`;
    expect(keys(`const n = "${npm}", m = "${mailgun}";`)).toEqual(['=key-', '=npm_']);
  });
});

describe('what the build derived for the built-in rules (tails, reach)', () => {
  it('is what this code derives from the rule files, and reaches the workers with them', async () => {
    const { loadRules, compileRuleFiles, ruleFilesIn, BUILTIN_RULES_DIR } = await import('../../src/rules/load.js');
    const { readFileSync } = await import('node:fs');
    const set = await loadRules();
    const stored = set.parsed!.filter((p) => p.derived);
    // Every built-in file came from the snapshot, with what its rules' patterns give.
    expect(stored.length).toBe(set.parsed!.filter((p) => p.trusted).length);
    expect(stored.length).toBeGreaterThan(100);
    // The same files read as YAML: everything derived here, now.
    const fresh = await compileRuleFiles(ruleFilesIn([BUILTIN_RULES_DIR]).map((file) => ({ file, text: readFileSync(file, 'utf8'), trusted: true })));
    const view = (r: (typeof set.rules)[number]) => [r.id, r.reach, r.keywordTails!.map(shown)];
    expect(set.rules.map(view)).toEqual(fresh.rules.map(view));
    expect(set.rules.filter((r) => r.keywordTails!.some(Boolean)).length).toBeGreaterThan(100);
  });

  it('is used as stored when it fits the rule (a tail per keyword), else derived', async () => {
    const { compileRuleFiles } = await import('../../src/rules/load.js');
    const rule = { id: 'demo-token', name: 'demo', description: 'demo', severity: 'high', keywords: ['dmo_'], pattern: 'dmo_(?<secret>[a-z]{20})', examples: [`dmo_${'abcde'.repeat(4)}`] };
    const stored = { ascii: [0, 0, 0, 2], min: 7 };
    const compile = async (derived: unknown) => (await compileRuleFiles([{ file: 'demo.yaml', doc: { rules: [rule] }, trusted: true, derived: { 'demo-token': derived } as never }])).rules[0]!;
    const a = await compile({ tails: [stored], reach: { before: 5, after: 6 } });
    expect([a.keywordTails!.map(shown), a.reach]).toEqual([['7×a'], { before: 5, after: 6 }]);
    expect((await compile({ tails: [null] })).keywordTails).toEqual([undefined]);
    // Not one per keyword, nothing stored: derived from the pattern.
    const b = await compile({ tails: [stored, stored] });
    expect([b.keywordTails!.map(shown), b.reach]).toEqual([[`20×${'abcdefghijklmnopqrstuvwxyz'}`], { before: 24, after: 24 }]);
  });
});
