// The generic runner hands each provider its own findings; it never touches the others.
import { describe, expect, test } from '@jest/globals';
import { verifyFindings } from '../../src/verify/index.js';
import type { Finding } from '../../src/types.js';

const finding = (ruleId: string, extra: Partial<Finding> = {}): Finding => ({
  fingerprint: `fp-${ruleId}`, ruleId, ruleName: ruleId, severity: 'high', secret: 's', match: 's', entropy: 4, locations: [], ...extra,
});

describe('verifyFindings', () => {
  test('findings of no provider, or that their verifier cannot check, are left alone; nothing is sent', async () => {
    const plain = finding('user-token');
    const noFacts = finding('aws-appsync-api-key', { provider: 'aws' });
    // An unreachable endpoint: any request would come back unknown, not leave verification unset.
    await verifyFindings([plain, noFacts], { timeoutMs: 1000, concurrency: 1, userAgent: 'keyhound/test', providers: { aws: { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', skipAccounts: new Map(), partitions: false } } });
    expect(plain.verification).toBeUndefined();
    expect(noFacts.verification).toBeUndefined();
  });
});
