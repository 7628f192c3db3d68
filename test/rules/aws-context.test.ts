// The AWS rules' context on held-out shapes (issue #14): aws-prefixed names are AWS-secret
// contexts, another product's *_SECRET_KEY is not, impossible accounts and the alphabet
// placeholder are not keys.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { loadRules } from '../../src/rules/load.js';
import { Engine } from '../../src/engine/detect.js';
import { accountFromKeyId, keyIdForAccount } from '../../src/providers/aws/keys.js';
import { fakeKeyId, fakeSecret, randomFrom } from '../helpers/keys.js';

let engine: Engine;
beforeAll(async () => {
  engine = new Engine(await loadRules({ builtin: true }));
});

const found = (text: string) => engine.detect(text, { inlineAllow: false }).map((h) => [h.ruleId, h.secret, h.span.line, h.span.column]);

describe('aws-secret-access-key context', () => {
  test.each([
    ['AWS_SECRET=', 12],
    ["aws_secret = '", 15],
    ['  awsSecret: "', 15],
    ['aws_access_key = "', 19],
  ])('%s<40 chars> is an AWS secret (column %i)', (prefix, column) => {
    const s = fakeSecret();
    expect(found(`${prefix}${s}${prefix.endsWith("'") ? "'" : prefix.endsWith('"') ? '"' : ''}\n`)).toContainEqual(['aws-secret-access-key', s, 1, column]);
  });

  test("another product's *_SECRET_KEY does not carry the AWS name", () => {
    const s = fakeSecret();
    const hits = found(`DUO_SECRET_KEY=${s}\n`);
    expect(hits.filter((h) => String(h[0]).startsWith('aws-'))).toEqual([]);
  });

  test('…unless an AWS key id is near: then it pairs with it', () => {
    const s = fakeSecret();
    const { keyId } = fakeKeyId();
    expect(found(`DUO_SECRET_KEY=${s}\naws_access_key_id = ${keyId}\n`)).toEqual([['aws-access-key-pair', `${keyId}:${s}`, 2, 21]]);
  });
});

describe('aws-access-key-id', () => {
  test('a key id whose decoded account has 13 digits is not reported; a 12-digit one is', () => {
    // 40 bits decode up to 1,099,511,627,775: a 13-digit account, without runs (those fail anyway).
    const bad = keyIdForAccount('AKIA', '1034567891234', 'QWERTZUP');
    expect(accountFromKeyId(bad)).toBe('1034567891234');
    expect(found(`key = ${bad}\n`)).toEqual([]);
    const { keyId } = fakeKeyId();
    expect(found(`key = ${keyId}\n`)).toEqual([['aws-access-key-id', keyId, 1, 7]]);
  });

  test('the legacy A3T prefix is not a key id (not in AWS\'s prefix table)', () => {
    expect(found(`key = A3TX${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\n`).filter((h) => String(h[0]).startsWith('aws-'))).toEqual([]);
  });
});

describe('aws-appsync-api-key', () => {
  test('da2- and the alphabet is a placeholder; a random key is found', () => {
    expect(found('apiKey: "da2-abcdefghijklmnopqrstuvwxyz"\n')).toEqual([]);
    const k = 'da2-' + randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 26);
    expect(found(`apiKey: "${k}"\n`)).toEqual([['aws-appsync-api-key', k, 1, 10]]);
  });
});
