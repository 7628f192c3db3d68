// The yargs-free path for `keyhound staged`: whatever it takes must parse exactly as yargs
// parses it (same keys, same values, defaults included); whatever it does not take is left
// to yargs (null), so yargs' errors, help and coercions stay the only ones.
import { fastStagedArgs } from '../../src/cli/fast-args.js';
import { parseWithYargs, stagedOptions } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

const io: CliIO = { stdout: () => {}, stderr: () => {}, stdin: process.stdin, isTTY: false, columns: 100, env: {} };

describe('fastStagedArgs', () => {
  const taken: string[][] = [
    ['staged'],
    ['staged', '.'],
    ['staged', '--quiet'],
    ['staged', '-q', 'some/repo'],
    ['staged', '--all-lines', '--show-secrets', '--no-inline-allow', '--no-suppress', '--no-builtin-rules'],
    ['staged', '--format', 'json', '-o', 'out.json', '--config', 'k.yaml'],
    ['staged', '--format=sarif', '--output=r.sarif'],
    ['staged', '-f', 'csv'],
    ['staged', '--exclude', 'a/**', '--exclude=b/**', '--rules', 'r1.yaml', '--rules', 'r2.yaml'],
    ['staged', '--color', '-v', '--fail-on', 'never', '--strict'],
    ['staged', '--no-color', '--baseline', '.keyhound-baseline.json', '--baseline-update', '--report-unused'],
    ['staged', '--skip-account', 'x', '--skip-accounts-file', 'f', '--verify', '--only-verified'],
  ];
  it.each(taken.map((argv) => [argv.join(' '), argv]))('%s parses as yargs parses it', async (_name, argv) => {
    const fast = fastStagedArgs(argv, stagedOptions);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(await parseWithYargs(argv, io));
  });

  const left: string[][] = [
    ['scan', '.'],
    ['git', '.'],
    ['staged', '--help'],
    ['staged', '--version'],
    ['staged', '--workers', '0'],
    ['staged', '--max-file-size', '1MB'],
    ['staged', '--format', 'xml'],
    ['staged', '--bogus'],
    ['staged', '--allLines'],
    ['staged', '-qv'],
    ['staged', '--quiet', '--quiet'],
    ['staged', '--quiet=false'],
    ['staged', '--config'],
    ['staged', '--no-config'],
    ['staged', '--output', '-'],
    ['staged', 'a', 'b'],
    ['staged', '123'],
    ['staged', '--', 'x'],
    ['staged', '-'],
  ];
  it.each(left.map((argv) => [argv.join(' '), argv]))('%s is left to yargs', (_name, argv) => {
    expect(fastStagedArgs(argv, stagedOptions)).toBeNull();
  });
});
