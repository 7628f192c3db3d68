import { describe, expect, test } from '@jest/globals';
import { describe as describeFacts, redact, sarifProperties } from '../../../src/providers/aws/present.js';
import { redactSecret } from '../../../src/report/redact.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';

describe('AWS presentation', () => {
  test('a key id shows first 4 + last 4, whatever role it is given; other shapes are not the provider\'s', () => {
    const { keyId } = fakeKeyId('ASIA');
    expect(redact(keyId)).toBe(`ASIA…${keyId.slice(-4)}`);
    expect(redact(fakeSecret())).toBeUndefined();
    expect(redactSecret(keyId, 'secret')).toBe(`ASIA…${keyId.slice(-4)}`);
    const s = fakeSecret();
    expect(redactSecret(`${keyId}:${s}`)).toBe(`ASIA…${keyId.slice(-4)}:${s.slice(0, 4)}…(40)`);
    expect(redactSecret(`abcdefgh:${s}`)).toBe(`abcd…(49)`);
  });

  test('facts read as account, key type and canary owner; SARIF gets account, keyType, canary', () => {
    const facts = { keyId: 'k', keyType: 'long-term', account: null, canary: true, canaryOwner: 'canarytokens.org' };
    expect(describeFacts(facts)).toEqual(['account unknown', 'key long-term', 'CANARY (canarytokens.org)']);
    expect(describeFacts({ ...facts, account: '123456789012', canary: false })).toEqual(['account 123456789012', 'key long-term']);
    expect(sarifProperties(facts)).toEqual({ account: null, keyType: 'long-term', canary: true });
  });
});
