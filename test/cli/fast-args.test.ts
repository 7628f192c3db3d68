// The yargs-free path for plain `keyhound staged|git|scan …`: whatever it takes must parse
// exactly as yargs parses it (same keys, same values, defaults included); whatever it does not
// take is left to yargs (null), so yargs' errors, help and coercions stay the only ones.
import { fastArgs } from '../../src/cli/fast-args.js';
import { FAST_COMMANDS, parseWithYargs } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

const io: CliIO = { stdout: () => {}, stderr: () => {}, stdin: process.stdin, isTTY: false, columns: 100, env: {} };

describe('fastArgs', () => {
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
    ['scan'],
    ['scan', 'node_modules'],
    ['scan', 'a', 'b/c', 'd.zip'],
    ['scan', 'src', '--format', 'json', '--no-default-excludes'],
    ['scan', '--default-excludes', 'x', '-f', 'sarif', '-o', 'r.sarif'],
    ['scan', '.', '--exclude', '**/fixtures/**', '--show-secrets', '--no-inline-allow'],
    ['git'],
    ['git', 'repo'],
    ['git', '.bench/history-repo', '--format', 'json'],
    ['git', '--all-objects', '--no-messages', '--recurse-submodules', '--quiet'],
  ];
  it.each(taken.map((argv) => [argv.join(' '), argv]))('%s parses as yargs parses it', async (_name, argv) => {
    const fast = fastArgs(argv, FAST_COMMANDS);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(await parseWithYargs(argv, io));
  });

  it('a scan of several paths keeps them in order, as an array', () => {
    expect(fastArgs(['scan', 'b', 'a'], FAST_COMMANDS)?.paths).toEqual(['b', 'a']);
    expect(fastArgs(['git', 'r'], FAST_COMMANDS)?.repo).toBe('r');
  });

  const left: string[][] = [
    [],
    ['baseline', '.'],
    ['repos', 'list.txt'],
    ['rules', 'list'],
    ['toString'],
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
    ['scan', '-'],
    ['scan', '--exclude', '**/fixtures/**', '.'],
    ['staged', '--rules', 'r.yaml', 'repo'],
    ['scan', '--', '-odd-name'],
    ['scan', 'a', '2024'],
    ['scan', '--since', 'HEAD~1'],
    ['git', 'a', 'b'],
    ['git', '--since', 'main', '--range', 'a..b', '--workers', '1'],
    ['git', '--max-depth', '3'],
  ];
  it.each(left.map((argv) => [argv.join(' ') || '(nothing)', argv]))('%s is left to yargs', (_name, argv) => {
    expect(fastArgs(argv, FAST_COMMANDS)).toBeNull();
  });
});
