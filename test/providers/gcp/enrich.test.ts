// A Google Cloud key file is one finding, on its private key, with the account and project
// it names; a key file whose private_key does not load is none.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { loadRules } from '../../../src/rules/load.js';
import { Engine } from '../../../src/engine/detect.js';

let engine: Engine;
beforeAll(async () => {
  engine = new Engine(await loadRules({ builtin: true }));
});

const pkcs8 = () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function keyFile(privateKey: string): string {
  return [
    '{',
    '  "type": "service_account",',
    '  "project_id": "demo-project-42",',
    `  "private_key": ${JSON.stringify(privateKey)},`,
    '  "client_email": "deployer@demo-project-42.iam.gserviceaccount.com"',
    '}',
  ].join('\n');
}

describe('gcp-service-account-key', () => {
  test('reports the key once, at its line and column, with client_email and project_id', () => {
    const key = pkcs8();
    const hits = engine.detect(keyFile(key), { inlineAllow: false });
    expect(hits.map((h) => [h.ruleId, h.span.line, h.span.column, h.severity])).toEqual([['gcp-service-account-key', 4, 19, 'critical']]);
    expect(hits[0]!.secret).toBe(JSON.stringify(key).slice(1, -1));
    expect(hits[0]!.facts).toEqual({ gcp: { clientEmail: 'deployer@demo-project-42.iam.gserviceaccount.com', projectId: 'demo-project-42' } });
  });

  test('a key file whose private_key was cut short is not reported (by this rule or the PEM one)', () => {
    const key = pkcs8();
    const lines = key.split('\n');
    const cutKey = [...lines.slice(0, 3), ...lines.slice(-2)].join('\n');
    expect(engine.detect(keyFile(cutKey), { inlineAllow: false })).toEqual([]);
  });
});
