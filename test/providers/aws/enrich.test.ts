// What the AWS provider adds to a hit of its rules, through the real engine and built-in rules.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { Engine } from '../../../src/engine/detect.js';
import { loadRules } from '../../../src/rules/load.js';
import { fakeKeyId, fakeOldKeyId, fakeSecret, fakeSessionToken } from '../../helpers/keys.js';

let engine: Engine;
beforeAll(async () => {
  engine = new Engine(await loadRules({ builtin: true }));
});

describe('AWS enrichment', () => {
  test('a lone key id gets facts.aws (type, offline account) and the aws provider', () => {
    const { keyId, account } = fakeKeyId('ASIA');
    const [hit] = engine.detect(`id = ${keyId}\n`);
    expect(hit).toMatchObject({ ruleId: 'aws-access-key-id', provider: 'aws', span: { line: 1, column: 6 } });
    expect(hit.facts).toEqual({ aws: { keyId, keyType: 'temporary', account, canary: false } });
    expect(hit.context).toBeUndefined();
  });

  test('an old-style id has account null; a skip-listed account is a canary with its owner', () => {
    expect(engine.detect(`id = ${fakeOldKeyId()}\n`)[0].facts).toMatchObject({ aws: { account: null, canary: false } });
    const { keyId, account } = fakeKeyId();
    const hit = engine.detect(`id = ${keyId}\n`, { extraCanaries: new Map([[account, 'skip list']]) })[0];
    expect(hit.facts).toMatchObject({ aws: { account, canary: true, canaryOwner: 'skip list' } });
  });

  test('region or ARN text within 1 KB gives a partition hint, on lone ids and on pairs', () => {
    const lone = engine.detect(`region = cn-north-1\nid = ${fakeKeyId().keyId}\n`)[0];
    expect(lone.context).toEqual({ hints: { partition: 'aws-cn' } });
    const pair = engine.detect(`aws_access_key_id = ${fakeKeyId().keyId}\naws_secret_access_key = ${fakeSecret()}\nregion = us-gov-west-1\n`)[0];
    expect(pair.ruleId).toBe('aws-access-key-pair');
    expect(pair.context).toEqual({ hints: { partition: 'aws-us-gov' } });
    const far = engine.detect(`region = cn-north-1\n${' '.repeat(1100)}\nid = ${fakeKeyId().keyId}\n`)[0];
    expect(far.context).toBeUndefined();
  });

  test('a session token pairs with a temporary (ASIA) key id only', () => {
    const text = (keyId: string, token: string) => `aws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\naws_session_token = ${token}\n`;
    const t1 = fakeSessionToken();
    const asia = engine.detect(text(fakeKeyId('ASIA').keyId, t1)).find((h) => h.ruleId === 'aws-access-key-pair')!;
    expect(asia.parts?.map((p) => p.role)).toEqual(['key-id', 'secret', 'session-token']);
    expect(asia.context).toEqual({ sessionToken: t1 });
    const akia = engine.detect(text(fakeKeyId('AKIA').keyId, fakeSessionToken())).find((h) => h.ruleId === 'aws-access-key-pair')!;
    expect(akia.parts?.map((p) => p.role)).toEqual(['key-id', 'secret']);
    expect(akia.context).toBeUndefined();
  });

  test('a rule of a file without provider: gets no provider and no facts', async () => {
    const { compileRuleFiles } = await import('../../../src/rules/load.js');
    const rs = await compileRuleFiles([{ file: 'u.yaml', text: "rules:\n  - id: ids\n    name: Ids\n    description: d\n    severity: low\n    keywords: [AKIA]\n    pattern: '(?<secret>AKIA[A-Z2-7]{16})'\n    examples: ['{{aws-key-id:AKIA}}']\n" }]);
    const [hit] = new Engine(rs).detect(`x ${fakeKeyId().keyId}`);
    expect(hit.ruleId).toBe('ids');
    expect(hit.provider).toBeUndefined();
    expect(hit.facts).toBeUndefined();
  });
});
