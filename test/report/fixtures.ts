// Findings and scan results for reporter tests, built from generated fake keys.
import { createHash } from 'node:crypto';
import type { Finding, Location, Provenance, ScanResult, Summary } from '../../src/types.js';
import { fakeAccount, fakeHex, fakeKeyId, fakeSecret } from '../helpers/keys.js';

export function fileLoc(path: string, line = 3, column = 12, provenance?: Provenance): Location {
  return { path, line, column, endLine: line, endColumn: column + 20, provenance: provenance ?? { kind: 'file', path } };
}

export function gitProvenance(path: string): Provenance & { kind: 'git' } {
  return {
    kind: 'git',
    commit: fakeHex(40),
    path,
    author: 'Alice Example',
    email: 'alice@example.com',
    date: '2024-05-01T10:20:30Z',
    subject: 'Add deploy config',
  };
}

/** An AWS key pair finding: secret `KEYID:SECRET`, both parts located, account decodable. */
export interface PairFixture {
  finding: Finding;
  keyId: string;
  secretKey: string;
  account: string;
}

export function pairFinding(overrides: Partial<Finding> = {}): PairFixture {
  const { keyId, account } = fakeKeyId('AKIA');
  const secretKey = fakeSecret();
  const secret = `${keyId}:${secretKey}`;
  const loc = fileLoc('config/prod.env', 3, 19);
  const finding: Finding = {
    fingerprint: createHash('sha256').update(`aws-access-key-pair\0${secret}`).digest('hex'),
    ruleId: 'aws-access-key-pair',
    ruleName: 'AWS access key pair',
    severity: 'critical',
    secret,
    match: `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secretKey}`,
    entropy: 4.712345678,
    locations: [loc],
    provider: 'aws',
    facts: { aws: { keyId, keyType: 'long-term', account, canary: false } },
    parts: [
      { ruleId: 'aws-access-key-id', role: 'key-id', secret: keyId, fingerprint: fakeHex(64), location: loc },
      {
        ruleId: 'aws-secret-access-key',
        role: 'secret',
        secret: secretKey,
        fingerprint: fakeHex(64),
        location: fileLoc('config/prod.env', 4, 23),
      },
    ],
    ...overrides,
  };
  return { finding, keyId, secretKey, account };
}

export function summary(overrides: Partial<Summary> = {}): Summary {
  return {
    filesScanned: 12,
    bytesScanned: 5 * 1024 * 1024 + 300,
    findings: 1,
    binarySkipped: 2,
    warnings: 0,
    warningsByKind: {},
    complete: true,
    durationMs: 1234,
    ...overrides,
  };
}

export function result(findings: Finding[], overrides: Partial<ScanResult> = {}): ScanResult {
  return { summary: summary({ findings: findings.length }), findings, warnings: [], ...overrides };
}

export { fakeAccount };
