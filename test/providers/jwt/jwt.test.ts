// JWTs decode offline: issuer and expiry are facts, expired ones are low severity, sample
// tokens from the docs and strings that only look like tokens are not findings.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { loadRules } from '../../../src/rules/load.js';
import { Engine } from '../../../src/engine/detect.js';
import { decode, facts } from '../../../src/providers/jwt/index.js';
import { randomFrom } from '../../helpers/keys.js';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = (payload: Record<string, unknown>) => `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}.${randomFrom(B64URL, 86)}`;

let engine: Engine;
beforeAll(async () => {
  engine = new Engine(await loadRules({ builtin: true }));
});

describe('jwt-token', () => {
  test('a live token: medium, with issuer and expiry', () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const t = token({ iss: 'https://login.example.net', sub: 'svc-7', exp });
    const [hit] = engine.detect(`auth = "${t}"\n`, { inlineAllow: false });
    expect([hit!.ruleId, hit!.severity, hit!.span.line, hit!.span.column]).toEqual(['jwt-token', 'medium', 1, 9]);
    expect(hit!.facts).toEqual({ jwt: { algorithm: 'RS256', issuer: 'https://login.example.net', subject: 'svc-7', expires: new Date(exp * 1000).toISOString(), expired: false } });
  });

  test('an expired token is low severity', () => {
    const t = token({ iss: 'x', exp: 1_600_000_000 });
    expect(engine.detect(`t=${t}`, { inlineAllow: false }).map((h) => [h.ruleId, h.severity])).toEqual([['jwt-token', 'low']]);
    expect(facts(t)?.expired).toBe(true);
  });

  test("a token a provider's rule names (a Supabase service-role key) is that rule's finding only", () => {
    const t = token({ iss: 'supabase', role: 'service_role' });
    expect(engine.detect(`SUPABASE_SERVICE_ROLE_KEY=${t}\n`, { inlineAllow: false }).map((h) => [h.ruleId, h.span.column])).toEqual([['supabase-service-role-key', 27]]);
  });

  test("jwt.io's sample claims and undecodable parts are not tokens", () => {
    expect(engine.detect(`t=${token({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}`, { inlineAllow: false })).toEqual([]);
    const junk = `eyJ${randomFrom(B64URL, 40)}.eyJ${randomFrom(B64URL, 40)}.${randomFrom(B64URL, 43)}`;
    expect(decode(junk)).toBeUndefined();
    expect(engine.detect(`t=${junk}`, { inlineAllow: false })).toEqual([]);
  });
});
