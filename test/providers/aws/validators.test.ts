import { describe, expect, test } from '@jest/globals';
import { VALIDATORS } from '../../../src/providers/aws/validators.js';
import { VALIDATORS as ALL } from '../../../src/rules/validators.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';

describe('AWS validators', () => {
  test('are registered under the names rules/aws.yaml uses', () => {
    for (const name of ['aws-key-id', 'aws-secret', 'aws-secret-strict']) expect(ALL[name]).toBe(VALIDATORS[name]);
  });

  test('aws-key-id: a real-shaped id passes; documented examples, runs and sequences do not', () => {
    expect(VALIDATORS['aws-key-id'](fakeKeyId().keyId)).toBe(true);
    expect(VALIDATORS['aws-key-id']('AKIA' + 'IOSFODNN7EXAMPLE')).toBe(false);
    expect(VALIDATORS['aws-key-id']('AKIA' + 'QQQQQQ' + 'ABCD2345WXYZ')).toBe(false);
    expect(VALIDATORS['aws-key-id']('AKIA' + 'QRSTUVWX' + 'MNOPKLMN')).toBe(false);
  });

  test('aws-secret rejects hex and one-case strings; -strict also wants a digit and no path shape', () => {
    const s = fakeSecret();
    expect(VALIDATORS['aws-secret'](s)).toBe(true);
    expect(VALIDATORS['aws-secret']('0123456789abcdef'.repeat(3).slice(0, 40))).toBe(false);
    expect(VALIDATORS['aws-secret']('abcdefghij'.repeat(4))).toBe(false);
    expect(VALIDATORS['aws-secret-strict']('AbcdefghijKlmnopqrstUvwxyzabcdEfghijklmn')).toBe(false);
    expect(VALIDATORS['aws-secret-strict']('src/Components/Dashboard/widgets/Chart/x')).toBe(false);
  });
});
