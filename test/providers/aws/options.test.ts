// The AWS flags mapped to provider options, and their errors through the real CLI (exit 2).
import { describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { options, skipAccounts, verifyNotice } from '../../../src/providers/aws/options.js';
import { runCli, tempDir } from '../../helpers/cli.js';

describe('AWS options', () => {
  test('flags become verifier options and canaries', async () => {
    const o = await options({ stsEndpoint: 'http://127.0.0.1:9', verifyPartitions: true, skipAccount: ['123456789012'] });
    expect(o.canaries).toEqual(new Map([['123456789012', 'skip list']]));
    expect(o.verify).toEqual({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', skipAccounts: o.canaries, partitions: true });
    expect(verifyNotice({}, 'keyhound/x')).toContain('(AWS default endpoint); each call shows in the key owner\'s CloudTrail as keyhound/x.');
  });

  test('a skip-accounts file: comments and blank lines ignored, a bad id named with file:line', async () => {
    const d = tempDir();
    const file = join(d, 'skip.txt');
    writeFileSync(file, '# ours\n111111111111\n\n222222222222 # ci\n');
    expect([...(await skipAccounts([], file)).keys()]).toEqual(['111111111111', '222222222222']);
    writeFileSync(file, '111111111111\n12345\n');
    await expect(skipAccounts([], file)).rejects.toThrow(`${file}:2: '12345' is not a 12-digit AWS account id`);
    await expect(skipAccounts([], join(d, 'missing'))).rejects.toThrow(`--skip-accounts-file: cannot read ${join(d, 'missing')}: ENOENT`);
  });

  test('the CLI turns a bad --skip-account into a usage error (exit 2)', () => {
    const d = tempDir();
    writeFileSync(join(d, 'a.txt'), 'nothing\n');
    const r = runCli(['scan', d, '--skip-account', '12345']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--skip-account: '12345' is not a 12-digit AWS account id");
  });
});
