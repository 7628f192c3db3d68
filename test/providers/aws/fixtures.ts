// Findings as the AWS verifier receives them: a key pair (with an optional session token) or
// a lone key id with candidate secrets. Shared by the STS tests against moto and the fake STS.
import { awsInfo } from '../../../src/providers/aws/keys.js';
import type { Finding, Location } from '../../../src/types.js';

const loc = (): Location => ({ path: 'config.env', line: 1, column: 1, endLine: 1, endColumn: 2, provenance: { kind: 'file', path: 'config.env' } });

let n = 0;
function part(role: 'key-id' | 'secret' | 'session-token', secret: string) {
  return { ruleId: `aws-${role}`, role, secret, fingerprint: `fp-${role}-${n++}`, location: loc() };
}

export function pairFinding(keyId: string, secret: string, sessionToken?: string): Finding {
  const parts = [part('key-id', keyId), part('secret', secret)];
  if (sessionToken) parts.push(part('session-token', sessionToken));
  return {
    fingerprint: `pair-${n++}`,
    ruleId: 'aws-access-key-pair',
    ruleName: 'AWS access key pair',
    severity: 'critical',
    secret: keyId,
    match: keyId,
    entropy: 4,
    locations: [loc()],
    provider: 'aws',
    facts: { aws: awsInfo(keyId) },
    parts,
  };
}

export function loneFinding(keyId: string, candidates?: string[], extra: Finding['context'] = {}): Finding {
  const f: Finding = {
    fingerprint: `id-${n++}`,
    ruleId: 'aws-access-key-id',
    ruleName: 'AWS access key id',
    severity: 'high',
    secret: keyId,
    match: keyId,
    entropy: 3.5,
    locations: [loc()],
    provider: 'aws',
    facts: { aws: awsInfo(keyId) },
  };
  if (candidates || Object.keys(extra ?? {}).length) f.context = { ...extra, ...(candidates ? { candidates } : {}) } as Finding['context'];
  return f;
}
