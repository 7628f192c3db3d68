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

  it('honours keyhound:allow, gitleaks:allow and pragma: allowlist secret on the same line only', () => {
    const { keyId } = fakeKeyId();
    for (const marker of ['keyhound:allow', 'gitleaks:allow', 'pragma: allowlist secret']) {
      expect(engine.detect(`k = ${keyId} # ${marker}\n`)).toEqual([]);
      expect(engine.detect(`# ${marker}\nk = ${keyId}\n`)).toHaveLength(1);
      expect(engine.detect(`k = ${keyId} # ${marker}\n`, { inlineAllow: false })).toHaveLength(1);
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
