// The pure engine: spans, prefilter, pairing, allow comments, fingerprints.
import { loadRules } from '../../src/rules/load.js';
import { Engine } from '../../src/engine/detect.js';
import { fingerprint } from '../../src/engine/fingerprint.js';
import { LineIndex } from '../../src/engine/location.js';
import { Prefilter } from '../../src/engine/prefilter.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

let engine: Engine;
beforeAll(async () => {
  engine = new Engine(await loadRules());
});

describe('detect', () => {
  it('reports exact 1-based spans of the secret group, in UTF-16 columns after non-ASCII text', () => {
    const { keyId } = fakeKeyId();
    const hits = engine.detect(`# café ☕\nk = "${keyId}"\n`);
    expect(hits).toHaveLength(1);
    expect(hits[0].span).toEqual({ line: 2, column: 6, endLine: 2, endColumn: 26 });
    expect(hits[0].fingerprint).toBe(fingerprint('aws-access-key-id', keyId));
  });

  it('pairs each key id with its own secret in a multi-profile credentials file', () => {
    const a = { ...fakeKeyId(), secret: fakeSecret() };
    const b = { ...fakeKeyId(), secret: fakeSecret() };
    const text = `[a]\naws_access_key_id = ${a.keyId}\naws_secret_access_key = ${a.secret}\n[b]\naws_access_key_id = ${b.keyId}\naws_secret_access_key = ${b.secret}\n`;
    const hits = engine.detect(text);
    expect(hits.map((h) => h.secret)).toEqual([`${a.keyId}:${a.secret}`, `${b.keyId}:${b.secret}`]);
    expect(hits.map((h) => h.parts!.map((p) => p.span.line))).toEqual([[2, 3], [5, 6]]);
  });

  it('does not pair a secret farther than the window from the key id', () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    const hits = engine.detect(`${keyId}\n${'x'.repeat(2000)}\n${secret}\n`);
    expect(hits.map((h) => h.ruleId)).toEqual(['aws-access-key-id']);
  });

  it('marks (not drops) hits on a line with keyhound:allow, gitleaks:allow, pragma: allowlist secret or trufflehog:ignore', () => {
    const { keyId } = fakeKeyId();
    for (const marker of ['keyhound:allow', 'gitleaks:allow', 'pragma: allowlist secret', 'trufflehog:ignore']) {
      const marked = engine.detect(`k = ${keyId} # ${marker}\n`);
      expect(marked.map((h) => [h.secret, h.span.line, h.span.column, h.suppressed])).toEqual([[keyId, 1, 5, [{ kind: 'inline', source: marker }]]]);
      // Only on its own line, and not at all with inlineAllow: false.
      expect(engine.detect(`# ${marker}\nk = ${keyId}\n`).map((h) => h.suppressed)).toEqual([undefined]);
      expect(engine.detect(`k = ${keyId} # ${marker}\n`, { inlineAllow: false }).map((h) => h.suppressed)).toEqual([undefined]);
    }
  });

  it('keeps the text after a marker as its reason, without the comment closer', () => {
    const { keyId } = fakeKeyId();
    const reasonOf = (line: string) => engine.detect(line)[0]!.suppressed;
    expect(reasonOf(`k = ${keyId} // keyhound:allow fixture for the parser test\n`)).toEqual([{ kind: 'inline', source: 'keyhound:allow', reason: 'fixture for the parser test' }]);
    expect(reasonOf(`<k v="${keyId}"/> <!-- gitleaks:allow: revoked in 2021 -->\n`)).toEqual([{ kind: 'inline', source: 'gitleaks:allow', reason: 'revoked in 2021' }]);
    expect(reasonOf(`k = "${keyId}" /* keyhound:allow */\n`)).toEqual([{ kind: 'inline', source: 'keyhound:allow' }]);
  });

  it('a marker on either line of a key pair marks the pair', () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    for (const text of [`id = ${keyId} # keyhound:allow test pair\nkey = ${secret}\n`, `id = ${keyId}\nkey = ${secret} # keyhound:allow test pair\n`]) {
      const hits = engine.detect(text);
      expect(hits.map((h) => [h.ruleId, h.span.line, h.span.column, h.suppressed])).toEqual([['aws-access-key-pair', 1, 6, [{ kind: 'inline', source: 'keyhound:allow', reason: 'test pair' }]]]);
    }
  });

  it('keeps only hits on the given lines (pre-commit mode)', () => {
    const a = fakeKeyId().keyId;
    const b = fakeKeyId().keyId;
    expect(engine.detect(`${a}\n${b}\n`, { lines: [2] }).map((h) => h.secret)).toEqual([b]);
  });

  it('ignores key-shaped substrings of longer tokens and non-credential prefixes', () => {
    const { keyId } = fakeKeyId();
    expect(engine.detect(`x${keyId}`)).toEqual([]);
    expect(engine.detect(`AIDA${keyId.slice(4)} AROA${keyId.slice(4)}`)).toEqual([]);
  });
});

it('matches at the same places when handed the keywords the byte pass found (and where), as when it looks itself', () => {
  const a = { ...fakeKeyId(), secret: fakeSecret() };
  const b = fakeKeyId();
  for (const text of [`[p]\naws_access_key_id = ${a.keyId}\naws_secret_access_key = ${a.secret}\nother ${b.keyId}\n`, `é ${b.keyId} secret_key = "${a.secret}"`]) {
    const found = engine.keywordsInBytes(Buffer.from(text, 'utf8'));
    const place = (h: { ruleId: string; span: object }) => [h.ruleId, h.span];
    expect(engine.detect(text, { keywords: found }).map(place)).toEqual(engine.detect(text).map(place));
    expect(engine.detect(text).length).toBeGreaterThan(0);
  }
});

describe('LineIndex', () => {
  it('maps offsets to lines and columns, including the last line without a newline', () => {
    const idx = new LineIndex('ab\ncd\n\nefg');
    expect(idx.position(0)).toEqual({ line: 1, column: 1 });
    expect(idx.position(4)).toEqual({ line: 2, column: 2 });
    expect(idx.position(8)).toEqual({ line: 4, column: 2 });
    expect(idx.lineText(9)).toBe('efg');
  });
});

describe('Prefilter', () => {
  it('matches each keyword with its own case rule and reports only those present', () => {
    const p = new Prefilter([
      { text: 'AKIA', ignoreCase: false },
      { text: 'secret', ignoreCase: true },
      { text: 'da2-', ignoreCase: false },
    ]);
    expect([...p.scan('x = AWS_SECRET; y = akia')].sort()).toEqual(['~secret']);
    expect([...p.scan('Asia/Tokyo, fantasia, akia')].sort()).toEqual([]);
    expect([...p.scan('id AKIA…, Secret')].sort()).toEqual(['=AKIA', '~secret']);
    expect(p.scan('nothing here').size).toBe(0);
  });

  it('finds keywords that are prefixes of, or start inside, other keywords', () => {
    const p = new Prefilter([
      { text: 'secret', ignoreCase: true },
      { text: 'secretkey', ignoreCase: true },
      { text: 'key_id', ignoreCase: false },
      { text: 'SECRET', ignoreCase: false },
    ]);
    // One spot, three keywords: the longest match, its prefix, and the same text in exact case.
    expect([...p.scan('SECRETKEY')].sort()).toEqual(['=SECRET', '~secret', '~secretkey']);
    // 'key_id' starts inside the match of 'secretkey'.
    expect([...p.scan('secretkey_id')].sort()).toEqual(['=key_id', '~secret', '~secretkey']);
    expect([...p.scan('secre tkey')]).toEqual([]);
  });
});

/** The widest declared reach: these patterns run unbounded, on purpose. */
const REACH = 'reach: {before: 65536, after: 65536}';

describe('bounded matching', () => {
  const userRules = async (pattern: string) => {
    const { compileRuleFiles, loadRules: load } = await import('../../src/rules/load.js');
    const builtin = await load();
    const mine = await compileRuleFiles([{ file: 'mine.yaml', text: `rules:\n  - id: mine\n    name: Mine\n    description: A user rule.\n    severity: low\n    keywords: [aaa]\n    pattern: '${pattern}'\n    ${REACH}\n    examples: ['aaab']\n` }]);
    return new Engine({ rules: [...builtin.rules, ...mine.rules], pairs: builtin.pairs, files: [] });
  };

  it('stops a user rule past its budget, says which, and keeps the other rules\' hits', async () => {
    const e = await userRules('(?<secret>(a|aa)+$)');
    const { keyId } = fakeKeyId();
    const limits: unknown[] = [];
    const hits = e.detect(`${'a'.repeat(50_000)}b\nid = ${keyId}\n`, { onLimit: (l) => limits.push(l) });
    expect(hits.map((h) => [h.ruleId, h.span.line, h.span.column])).toEqual([['aws-access-key-id', 2, 6]]);
    expect(limits).toEqual([{ kind: 'rule-timeout', ruleId: 'mine', message: expect.stringContaining("rule 'mine' ran past its") }]);
  });

  it('caps the matches of one rule in one text and says so', async () => {
    const e = await userRules('(?<secret>.)');
    const limits: Array<{ kind: string }> = [];
    const hits = e.detect('a'.repeat(5000), { onLimit: (l) => limits.push(l) });
    const { MATCH_CAP } = await import('../../src/engine/bounds.js');
    expect(hits).toHaveLength(MATCH_CAP);
    expect(hits[MATCH_CAP - 1]!.span).toEqual({ line: 1, column: MATCH_CAP, endLine: 1, endColumn: MATCH_CAP + 1 });
    expect(limits).toEqual([{ kind: 'match-cap', ruleId: 'mine', message: expect.stringContaining(`stopped after ${MATCH_CAP} matches`) }]);
  });

  it('says nothing at exactly the cap', async () => {
    const e = await userRules('(?<secret>.)');
    const limits: unknown[] = [];
    const { MATCH_CAP } = await import('../../src/engine/bounds.js');
    expect(e.detect('a'.repeat(MATCH_CAP), { onLimit: (l) => limits.push(l) })).toHaveLength(MATCH_CAP);
    expect(limits).toEqual([]);
  });
});

it(`stops running a user rule after ${3} timeouts, and says so once`, async () => {
  const { compileRuleFiles } = await import('../../src/rules/load.js');
  const { TIMEOUTS_TO_DISABLE } = await import('../../src/engine/bounds.js');
  const mine = await compileRuleFiles([{ file: 'mine.yaml', text: "rules:\n  - id: mine\n    name: Mine\n    description: A user rule.\n    severity: low\n    keywords: [aaa]\n    pattern: '(?<secret>(a|aa)+$)'\n    reach: {before: 65536, after: 65536}\n    examples: ['aaab']\n" }]);
  const e = new Engine(mine);
  const limits: Array<{ kind: string; message: string }> = [];
  const bad = `${'a'.repeat(50_000)}b`;
  for (let i = 0; i < TIMEOUTS_TO_DISABLE; i++) expect(e.detect(bad, { onLimit: (l) => limits.push(l) })).toEqual([]);
  expect(limits.map((l) => l.kind)).toEqual(Array(TIMEOUTS_TO_DISABLE).fill('rule-timeout'));
  expect(limits[TIMEOUTS_TO_DISABLE - 1]!.message).toContain(`after ${TIMEOUTS_TO_DISABLE} timeouts it is not run on the rest of the scan`);
  expect(limits[0]!.message).not.toContain('not run on the rest');
  // Disabled: even a text it would match is not matched, and nothing more is said.
  expect(e.detect('aaa', { onLimit: (l) => limits.push(l) })).toEqual([]);
  expect(limits).toHaveLength(TIMEOUTS_TO_DISABLE);
});

it("a user rule that exhausts V8's regexp stack costs that rule only, with a warning", async () => {
  const { compileRuleFiles, loadRules: load } = await import('../../src/rules/load.js');
  const builtin = await load();
  // (a|b)*c passes the load-time check; on 4 MB of 'ab' without a 'c' its backtracking
  // stack overflows (a RangeError) well within its budget.
  const mine = await compileRuleFiles([{ file: 'mine.yaml', text: "rules:\n  - id: deep\n    name: Deep\n    description: A user rule.\n    severity: low\n    keywords: [abab]\n    pattern: '(?<secret>(a|b)*c)'\n    reach: {before: 65536, after: 65536}\n    examples: ['ababc']\n" }]);
  const e = new Engine({ rules: [...builtin.rules, ...mine.rules], pairs: builtin.pairs, files: [] });
  const { keyId } = fakeKeyId();
  const limits: Array<{ kind: string; ruleId: string; message: string }> = [];
  const hits = e.detect(`id = ${keyId}\n${'ab'.repeat(2 * 1024 * 1024)}\n`, { onLimit: (l) => limits.push(l) });
  expect(hits.map((h) => [h.ruleId, h.span.line, h.span.column])).toEqual([['aws-access-key-id', 1, 6]]);
  expect(limits).toEqual([{ kind: 'rule-timeout', ruleId: 'deep', message: expect.stringContaining("rule 'deep' failed on this text (Maximum call stack size exceeded)") }]);
});

it('user rules share one bounded call per text; when it times out, each reruns alone, the slow one is named and no hit is doubled', async () => {
  const { compileRuleFiles } = await import('../../src/rules/load.js');
  const rule = (id: string, keyword: string, pattern: string) => `  - id: ${id}\n    name: ${id}\n    description: A user rule.\n    severity: low\n    keywords: [${keyword}]\n    pattern: '${pattern}'\n    ${REACH}\n    examples: ['${keyword}bcdef;']\n`;
  const mine = await compileRuleFiles([{ file: 'mine.yaml', text: `rules:\n${rule('good', 'id=', 'id=(?<secret>[a-z]+);')}${rule('slow', 'aaa', '(?<secret>(a|aa)+$)')}` }]);
  const e = new Engine(mine);
  const limits: Array<{ kind: string; ruleId: string }> = [];
  const hits = e.detect(`id=abcdef;\n${'a'.repeat(50_000)}b\n`, { onLimit: (l) => limits.push(l) });
  expect(hits.map((h) => [h.ruleId, h.secret, h.span.line, h.span.column])).toEqual([['good', 'abcdef', 1, 4]]);
  expect(limits.map((l) => [l.kind, l.ruleId])).toEqual([['rule-timeout', 'slow']]);
  // Without a slow rule, both run in the one call and both are found.
  expect(e.detect('id=abcdef; aaa').map((h) => h.ruleId)).toEqual(['good', 'slow']);
});
