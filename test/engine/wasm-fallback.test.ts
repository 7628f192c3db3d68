// Where WebAssembly is missing (`node --jitless`), the keyword pass walks the automaton in JS
// (keywords.ts): the same findings, at the same places, with the same exit code.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kh-jitless-'));
  // long enough for the four-lane walk, a key in the first lane and one in the last
  const filler = 'const x = 1; // nothing to see here\n'.repeat(200);
  writeFileSync(path.join(dir, 'settings.env'), `${filler}aws_access_key_id = ${fakeKeyId().keyId}\n${filler}aws_secret_access_key = ${fakeSecret()}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scan(nodeFlags: string[]) {
  const r = spawnSync(process.execPath, [...nodeFlags, BIN, 'scan', dir, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; locations: Array<{ line: number; column: number }> }> };
  return { code: r.status, found: report.findings.map((f) => [f.ruleId, f.locations[0]!.line, f.locations[0]!.column]).sort() };
}

describe('keyword pass without WebAssembly', () => {
  test('node --jitless: the same findings and exit code as with it', () => {
    const wasm = scan([]);
    const js = scan(['--jitless']);
    expect(wasm.code).toBe(1);
    expect(wasm.found).toEqual([
      ['aws-access-key-id', 201, 21],
      ['aws-secret-access-key', 402, 25],
    ]);
    expect(js).toEqual(wasm);
  });
});
