// Binaries that hold strings, through the CLI: a Java .class constant pool and an Android .dex
// string table (read by the printable-strings view, src/decode/strings.ts), and an Office
// file (a zip). Each is written byte by byte here: no javac, d8 or Office at test time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zip } from '../helpers/archives.js';
import { runCli } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32le = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]);
const utf8Entry = (s: string) => Buffer.concat([Buffer.from([1]), u16(s.length), Buffer.from(s)]);

/** A class `Config` whose constant pool holds two String constants. */
function classFile(a: string, b: string): Buffer {
  const pool = [
    utf8Entry('Config'), Buffer.from([7, 0, 1]),
    utf8Entry('java/lang/Object'), Buffer.from([7, 0, 3]),
    utf8Entry(a), Buffer.from([8, 0, 5]),
    utf8Entry(b), Buffer.from([8, 0, 7]),
  ];
  return Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe]), u16(0), u16(52), u16(9), ...pool, u16(0x21), u16(2), u16(4), u16(0), u16(0), u16(0), u16(0)]);
}

/** A .dex header and a string table (string_data_item: uleb128 length, MUTF-8, NUL). */
function dexFile(strings: string[]): Buffer {
  const data = Buffer.concat(strings.map((s) => Buffer.concat([Buffer.from([s.length]), Buffer.from(s), Buffer.from([0])])));
  const idsOff = 0x70;
  const dataOff = idsOff + 4 * strings.length;
  const ids: Buffer[] = [];
  let o = dataOff;
  for (const s of strings) {
    ids.push(u32le(o));
    o += s.length + 2;
  }
  const header = Buffer.alloc(0x70);
  Buffer.from('dex\n035\0', 'latin1').copy(header, 0);
  header.writeUInt32LE(dataOff + data.length, 32);
  header.writeUInt32LE(0x70, 36);
  header.writeUInt32LE(0x12345678, 40);
  header.writeUInt32LE(strings.length, 56);
  header.writeUInt32LE(idsOff, 60);
  return Buffer.concat([header, ...ids, data]);
}

interface Finding {
  ruleId: string;
  aws: { keyId: string; account: string };
  locations: Array<{ path: string; line: number; column: number; encoding?: string }>;
}

function scan(dir: string): Finding[] {
  const r = runCli(['scan', dir, '--format', 'json', '--show-secrets']);
  expect(r.code).toBe(1);
  return JSON.parse(r.stdout).findings;
}

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhound-strings-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a key id and secret as String constants of a .class pair, located in the strings view', () => {
  const k = { ...fakeKeyId(), secret: fakeSecret() };
  fs.writeFileSync(path.join(dir, 'Config.class'), classFile(k.keyId, k.secret));
  const [f, ...rest] = scan(dir);
  expect(rest).toEqual([]);
  expect(f).toMatchObject({ ruleId: 'aws-access-key-pair', aws: { keyId: k.keyId, account: k.account } });
  // strings view: line 1 java/lang/Object, line 2 the key id ("Config" is under 8 chars)
  expect(f.locations[0]).toMatchObject({ path: path.join(dir, 'Config.class'), line: 2, column: 1 });
});

test('a key id and secret in a .dex string table pair', () => {
  const k = { ...fakeKeyId(), secret: fakeSecret() };
  fs.writeFileSync(path.join(dir, 'classes.dex'), dexFile(['Lcom/example/Config;', k.keyId, k.secret, 'onCreate']));
  const [f, ...rest] = scan(dir);
  expect(rest).toEqual([]);
  expect(f).toMatchObject({ ruleId: 'aws-access-key-pair', aws: { keyId: k.keyId, account: k.account } });
  expect(f.locations[0]).toMatchObject({ path: path.join(dir, 'classes.dex'), line: 2, column: 1 }); // line 1: the class name (the header holds no 8-char run)
});

test('a key in a .docx (a zip) is found in word/document.xml', () => {
  const k = { ...fakeKeyId(), secret: fakeSecret() };
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document><w:body><w:p><w:r><w:t>aws_access_key_id=${k.keyId} aws_secret_access_key=${k.secret}</w:t></w:r></w:p></w:body></w:document>`;
  fs.writeFileSync(path.join(dir, 'handover.docx'), zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: xml }]));
  const [f, ...rest] = scan(dir);
  expect(rest).toEqual([]);
  expect(f).toMatchObject({ ruleId: 'aws-access-key-pair', aws: { keyId: k.keyId, account: k.account } });
  expect(f.locations[0]).toMatchObject({ path: `${path.join(dir, 'handover.docx')}!word/document.xml`, line: 2, column: 54 });
});
