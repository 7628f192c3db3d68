// Compiled Python (src/decode/pyc.ts): the marshal string constants of a .pyc, one per line.
// The .pyc is written here byte by byte (a Python 3.12 header and a module code object shaped
// as CPython writes it), so no Python is needed at test time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS, expand } from '../../src/decode/index.js';
import { isPyc, pycStrings } from '../../src/decode/pyc.js';
import { extractStrings } from '../../src/decode/strings.js';
import type { TextChunk } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

const REF = 0x80;
const i32 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff]);
const short = (s: string, interned = false) => Buffer.concat([Buffer.from([(interned ? 0x5a : 0x7a) | REF, s.length]), Buffer.from(s, 'latin1')]);
const long = (type: 'a' | 'u' | 's', s: string) => {
  const body = Buffer.from(s, type === 'a' ? 'latin1' : 'utf8');
  return Buffer.concat([Buffer.from(type), i32(body.length), body]);
};
const tuple = (items: Buffer[]) => Buffer.concat([Buffer.from([0x29, items.length]), ...items]);

/** A Python 3.12 .pyc of a module whose constants are `consts` (strings) and `names`. */
function pyc(consts: Buffer[], names: string[]): Buffer {
  const header = Buffer.concat([Buffer.from([0xcb, 0x0d, 0x0d, 0x0a]), i32(0), i32(1_700_000_000), i32(120)]);
  const bytecode = Buffer.from([0x97, 0x00, 0x64, 0x00, 0x5a, 0x00, 0x64, 0x01, 0x5a, 0x01, 0x79, 0x02]);
  const code = Buffer.concat([
    Buffer.from([0x63 | REF]), i32(0), i32(0), i32(0), i32(2), i32(0),
    Buffer.concat([Buffer.from('s'), i32(bytecode.length), bytecode]),
    tuple([...consts, Buffer.from('N')]),
    tuple(names.map((n) => short(n, true))),
    tuple([]), Buffer.concat([Buffer.from('s'), i32(0)]),
    short('settings.py'), short('<module>', true), short('<module>', true), i32(1),
    Buffer.concat([Buffer.from('s'), i32(4), Buffer.from([0xf0, 0x03, 0x01, 0x01])]),
    Buffer.concat([Buffer.from('s'), i32(0)]),
  ]);
  return Buffer.concat([header, code]);
}

test('constants come out one per line, where strings(1) glues a length byte to the secret', () => {
  const { keyId } = fakeKeyId();
  const secret = fakeSecret(); // 40 chars: its length byte is "(", a printable character
  const b = pyc([short(keyId), short(secret), long('u', 'région eu-west-3'), long('a', 'x'.repeat(300))], ['KEY_ID', 'SECRET', 'REGION']);
  expect(isPyc(b)).toBe(true);
  expect(pycStrings(b).split('\n')).toEqual([keyId, secret, 'région eu-west-3', 'x'.repeat(300), 'KEY_ID', 'SECRET', 'REGION', 'settings.py', '<module>', '<module>']);
  expect(extractStrings(b)).toContain(`\n(${secret}`); // the run it replaces: "(" is the length byte
});

test('expand() yields the pyc text with encoding pyc; other files with \\r\\n at byte 2 are not pyc', async () => {
  const { keyId } = fakeKeyId();
  const out: TextChunk[] = [];
  const chunk = { id: 'm.pyc', bytes: pyc([short(keyId)], ['K']), provenance: [{ kind: 'file' as const, path: '__pycache__/m.cpython-312.pyc' }] };
  for await (const t of expand(chunk, DEFAULT_LIMITS, { warn: () => {}, count: () => {} })) out.push(t);
  expect(out).toEqual([expect.objectContaining({ encoding: 'pyc', text: `${keyId}\nsettings.py\n<module>\n<module>` })]);
  expect(isPyc(Buffer.from('ab\r\n'.padEnd(40, 'x')))).toBe(false);
});

test('CLI: a key id and secret as module constants of a .pyc pair, with line, column and account', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhound-pyc-'));
  try {
    const k = { ...fakeKeyId(), secret: fakeSecret() };
    fs.mkdirSync(path.join(dir, '__pycache__'));
    const file = path.join(dir, '__pycache__', 'settings.cpython-312.pyc');
    fs.writeFileSync(file, pyc([short(k.keyId), short(k.secret)], ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']));
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ ruleId: 'aws-access-key-pair', aws: { keyId: k.keyId, account: k.account } });
    expect(report.findings[0].locations[0]).toMatchObject({ path: file, line: 1, column: 1 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
