// Keys split across adjacent string literals: each language form is matched in the
// joined-literals view and reported at the source characters of the key's first piece.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assignmentsOf, joinedExpressions, joinedView, JOINED_ENCODING, MAX_EXPRESSIONS, SHAPE, shapeFrom } from '../../src/decode/joined-view.js';
import { isKeyChar } from '../../src/decode/key-run.js';
import { MAX_PIECES } from '../../src/decode/joined-literals.js';
import { placeViewHits } from '../../src/decode/view-map.js';
import { textViews } from '../../src/decode/text.js';
import { Engine } from '../../src/engine/detect.js';
import { loadRules } from '../../src/rules/load.js';
import type { Hit } from '../../src/types.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { locate, runCli } from '../helpers/cli.js';

let engine: Engine;
beforeAll(async () => {
  engine = new Engine(await loadRules({ builtin: true, extra: [] }));
});

/** Hits of every view of `text`, placed in the source, with the view's encoding. */
function scan(text: string): Array<Hit & { encoding?: string }> {
  const out: Array<Hit & { encoding?: string }> = [];
  for (const tc of textViews(text, undefined, [{ kind: 'file', path: 'x' }], undefined)) {
    for (const h of placeViewHits(engine.detect(tc.text), tc.text, tc.origin)) out.push({ ...h, ...(tc.encoding ? { encoding: tc.encoding } : {}) });
  }
  return out;
}

/** The key id hit: where it starts and ends, and which view found it. */
function keyAt(text: string, keyId: string) {
  const h = scan(text).filter((x) => x.secret === keyId || x.secret.startsWith(keyId + ':'));
  return h.map((x) => ({ rule: x.ruleId, line: x.span.line, column: x.span.column, endLine: x.span.endLine, endColumn: x.span.endColumn, encoding: x.encoding }));
}

const split = (s: string, at: number[]) => at.map((a, i) => s.slice(a, at[i + 1]));

describe('joined-literals view: one test per form', () => {
  test('JS/TS/Java: "a" + \'b\' with a comment between; span from the first to the last piece', () => {
    const { keyId } = fakeKeyId();
    const [a, b] = split(keyId, [0, 8]);
    const text = `const x = 1;\nconst id = "${a}" + /* why */ '${b}';\n`;
    const first = locate(text, a!);
    const last = locate(text, b!);
    expect(keyAt(text, keyId)).toEqual([{ rule: 'aws-access-key-id', line: 2, column: first.column, endLine: 2, endColumn: last.column + b!.length, encoding: JOINED_ENCODING }]);
  });

  test('a key in 4 pieces across lines, with // comments, then a secret: the pair, located at its first piece', () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    const p = split(keyId, [0, 5, 10, 15]);
    const text = `String id =\n  "${p[0]}" + // one\n  "${p[1]}" // two\n  + "${p[2]}"\n  + "${p[3]}";\nString aws_secret_access_key = "${secret}";\n`;
    const hits = keyAt(text, keyId);
    expect(hits).toContainEqual({ rule: 'aws-access-key-pair', line: 2, column: 4, endLine: 5, endColumn: 6 + p[3]!.length, encoding: JOINED_ENCODING });
  });

  test('template literals: no substitution joined with +, and `a${"b"}c`', () => {
    const { keyId } = fakeKeyId();
    const [a, b, c] = split(keyId, [0, 6, 12]);
    const text = `let k = \`${a}\${"${b}"}${c}\`;\nlet j = \`${a}\` + \`${b}${c}\`;\n`;
    expect(keyAt(text, keyId)).toEqual([
      { rule: 'aws-access-key-id', line: 1, column: 10, endLine: 1, endColumn: 10 + keyId.length + 5, encoding: JOINED_ENCODING },
      { rule: 'aws-access-key-id', line: 2, column: 10, endLine: 2, endColumn: 10 + keyId.length + 5, encoding: JOINED_ENCODING },
    ]);
  });

  test('Python: implicit adjacency across lines in parentheses, f-string without fields, explicit +', () => {
    const { keyId } = fakeKeyId();
    const [a, b] = split(keyId, [0, 10]);
    const text = `KEY = (\n    "${a}"  # first half\n    f"${b}"\n)\nOTHER = '${a}' + r'${b}'\n`;
    expect(keyAt(text, keyId)).toEqual([
      { rule: 'aws-access-key-id', line: 2, column: 6, endLine: 3, endColumn: 7 + b!.length, encoding: JOINED_ENCODING },
      { rule: 'aws-access-key-id', line: 5, column: 10, endLine: 5, endColumn: 10 + a!.length + 6 + b!.length, encoding: JOINED_ENCODING },
    ]);
  });

  test('C/C++: implicit adjacent literals; Go/C#/Kotlin: + across a line', () => {
    const { keyId } = fakeKeyId();
    const [a, b] = split(keyId, [0, 12]);
    const text = `static const char *k = "${a}" "${b}";\nval s = "${a}" +\n    "${b}"\n`;
    expect(keyAt(text, keyId)).toEqual([
      { rule: 'aws-access-key-id', line: 1, column: 25, endLine: 1, endColumn: 25 + a!.length + 3 + b!.length, encoding: JOINED_ENCODING },
      { rule: 'aws-access-key-id', line: 2, column: 10, endLine: 3, endColumn: 6 + b!.length, encoding: JOINED_ENCODING },
    ]);
  });

  test('shell: "$A""$B" of literals assigned earlier, and plain \'ab\'"cd"', () => {
    const { keyId } = fakeKeyId();
    const [a, b] = split(keyId, [0, 9]);
    const text = `A="${a}"\nB='${b}'\nexport AWS_ACCESS_KEY_ID="$A""\${B}"\necho '${a}'"${b}"\n`;
    expect(keyAt(text, keyId)).toEqual([
      { rule: 'aws-access-key-id', line: 3, column: 27, endLine: 3, endColumn: 35, encoding: JOINED_ENCODING },
      { rule: 'aws-access-key-id', line: 4, column: 7, endLine: 4, endColumn: 7 + keyId.length + 2, encoding: JOINED_ENCODING },
    ]);
  });

  test('shell: a variable assigned after its use is not substituted', () => {
    const { keyId } = fakeKeyId();
    const [a, b] = split(keyId, [0, 9]);
    expect(keyAt(`echo "$A""$B"\nA=${a}\nB=${b}\n`, keyId)).toEqual([]);
  });
});

describe('joined-literals view: bounds and traps', () => {
  test('ordinary concatenations make no view: short pieces, prose, a single literal', () => {
    const text = [
      `msg = "Hello, " + name + "! You have " + n + " new messages";`,
      `url = base + "/api/v1/" + "users/" + id;`,
      `err = "expected " + "a string" + ", got " + typeof x;`,
      `it's a 'quoted' "word" in prose, isn't it`,
      `const s = "just-one-literal-without-a-join-at-all";`,
    ].join('\n');
    expect(joinedExpressions(text)).toEqual([]);
    expect([...joinedView(text, [{ kind: 'file', path: 'x' }], undefined)]).toEqual([]);
  });

  test('the view holds only the joined expressions and nearby lines, not the whole file', () => {
    const { keyId } = fakeKeyId();
    const filler = 'const a = "x" + y;\n'.repeat(2000);
    const text = `${filler}const id = "${keyId.slice(0, 8)}" + "${keyId.slice(8)}";\n${filler}`;
    const views = [...joinedView(text, [{ kind: 'file', path: 'x' }], undefined)];
    expect(views).toHaveLength(1);
    expect(views[0]!.text.length).toBeLessThan(200);
    expect(keyAt(text, keyId)).toEqual([{ rule: 'aws-access-key-id', line: 2001, column: 13, endLine: 2001, endColumn: 13 + keyId.length + 5, encoding: JOINED_ENCODING }]);
  });

  test(`at most ${MAX_PIECES} literals per expression and ${MAX_EXPRESSIONS} expressions per text`, () => {
    const many = Array.from({ length: MAX_PIECES + 4 }, (_, i) => `"ABCDEFGH${i}"`).join(' + ');
    const [e] = joinedExpressions(`x = ${many};`);
    expect(e!.seams.length).toBe(MAX_PIECES - 1);
    expect(e!.text.endsWith(`ABCDEFGH${MAX_PIECES - 1}`)).toBe(true);
    const lines = Array.from({ length: MAX_EXPRESSIONS + 10 }, (_, i) => `v${i} = "ABCDEFGHIJ" + "KLMNOPQRST${i}";`).join('\n');
    expect(joinedExpressions(lines)).toHaveLength(MAX_EXPRESSIONS);
  });
});

describe('joined-literals through the CLI', () => {
  test('a split pair is one finding with its account, located at the first piece; exit 1', () => {
    const d = mkdtempSync(join(tmpdir(), 'kh-joined-'));
    const { keyId, account } = fakeKeyId();
    const secret = fakeSecret();
    const text = `const creds = {\n  accessKeyId: "${keyId.slice(0, 4)}" +\n    "${keyId.slice(4)}",\n  secretAccessKey: "${secret.slice(0, 20)}" + "${secret.slice(20)}",\n};\n`;
    writeFileSync(join(d, 'creds.ts'), text);
    const r = runCli(['scan', d, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; secret: string; aws?: { account?: string }; locations: Array<{ line: number; column: number; encoding?: string }> }> };
    expect(report.findings.map((f) => [f.ruleId, f.secret, f.aws?.account, f.locations.map((l) => [l.line, l.column, l.encoding])])).toEqual([
      ['aws-access-key-pair', `${keyId}:${secret}`, account, [[2, 17, JOINED_ENCODING]]],
    ]);
  });

  test('a key id cut inside its tail by the quote (the keyword hit is kept for the joined view): exit 1, at the first piece', () => {
    // The raw text spells AKIA + 4 characters, then a quote: what follows is not what the
    // rule's [A-Z2-7]{16} needs, yet the file must still be decoded for its joined view.
    const d = mkdtempSync(join(tmpdir(), 'kh-joined-'));
    const { keyId } = fakeKeyId();
    writeFileSync(join(d, 'id.js'), `let a = 1;\nconst id = "${keyId.slice(0, 8)}" + '${keyId.slice(8)}';\n`);
    const r = runCli(['scan', d, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; secret: string; locations: Array<{ line: number; column: number; encoding?: string }> }> };
    expect(report.findings.map((f) => [f.ruleId, f.secret, f.locations.map((l) => [l.line, l.column, l.encoding])])).toEqual([['aws-access-key-id', keyId, [[2, 13, JOINED_ENCODING]]]]);
  });

  test('a streamed file (over --max-file-size): the joined key is placed in the stream, at its first piece', () => {
    const d = mkdtempSync(join(tmpdir(), 'kh-joined-'));
    const { keyId } = fakeKeyId();
    writeFileSync(join(d, 'big.js'), `${'y'.repeat(4096)}\nlet a = 1;\nconst id = "${keyId.slice(0, 8)}" + '${keyId.slice(8)}';\n`);
    const r = runCli(['scan', d, '--format', 'json', '--max-file-size', '1KB', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; secret: string; locations: Array<{ line: number; column: number; encoding?: string }> }> };
    expect(report.findings.map((f) => [f.ruleId, f.secret, f.locations.map((l) => [l.line, l.column, l.encoding])])).toEqual([['aws-access-key-id', keyId, [[3, 13, JOINED_ENCODING]]]]);
  });
});

describe('assignmentsOf (shell "$A$B")', () => {
  const text = ['A=one', 'export B="two"', "  local A='three'", 'echo "$A$B"', 'A=four', 'C=1 A=five', 'f(A=six)'].join('\n');

  test('the literal assignments at line starts, in order, with the line start', () => {
    expect(assignmentsOf(text, 'A')).toEqual([
      { at: 0, value: 'one' },
      { at: text.indexOf('  local'), value: 'three' },
      { at: text.indexOf('A=four'), value: 'four' },
    ]);
    expect(assignmentsOf(text, 'B')).toEqual([{ at: text.indexOf('export'), value: 'two' }]);
    expect(assignmentsOf(text, 'C')).toEqual([{ at: text.indexOf('C=1'), value: '1' }]);
    expect(assignmentsOf(text, 'D')).toEqual([]);
  });
});

test('the seam prefilter passes every place a shape can join a token (random source text)', () => {
  const parts = ['"', "'", '`', '$', '${', '}', ' ', '+', '\n', '\\\n', '//c\n', '#c\n', '/*c*/', 'f', 'rb', 'AK', 'Ab3', 'x_', '=', ',', '(', ';', 'é'];
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  let seams = 0;
  for (let n = 0; n < 3000; n++) {
    const text = Array.from({ length: 24 }, () => parts[Math.floor(rnd() * parts.length)]).join('');
    for (let p = 0; p < text.length; p++) {
      SHAPE.lastIndex = p;
      const m = SHAPE.exec(text);
      // what seamMayJoinToken lets through first: a $-form, or a quote after a key character
      if (!m || (text[p] !== '$' && !isKeyChar(text.charCodeAt(p - 1)))) continue;
      seams++;
      expect([text, p, shapeFrom(text, p)?.index]).toEqual([text, p, p]);
    }
  }
  expect(seams).toBeGreaterThan(500);
});
