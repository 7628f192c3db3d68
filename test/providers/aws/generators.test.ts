import { describe, expect, test } from '@jest/globals';
import { expandExample } from '../../../src/rules/examples.js';
import { accountFromKeyId } from '../../../src/providers/aws/keys.js';
import { VALIDATORS } from '../../../src/providers/aws/validators.js';

describe('AWS example generators', () => {
  test('{{aws-key-id:P:ACCOUNT}} is a valid id of that prefix and account; {{k}} repeats it', () => {
    const { text, secret } = expandExample('id {{k=aws-key-id:ASIA:052310077262}}', '{{k}}', 'seed');
    expect(text).toBe(`id ${secret}`);
    expect(secret).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(accountFromKeyId(secret!)).toBe('052310077262');
    expect(VALIDATORS['aws-key-id'](secret!)).toBe(true);
  });

  test('{{aws-secret}} passes the strict secret check; {{session-token:N}} has the token header and N more chars', () => {
    const s = expandExample('{{aws-secret}}', undefined, 'x').text;
    expect(s).toHaveLength(40);
    expect(VALIDATORS['aws-secret-strict'](s)).toBe(true);
    expect(expandExample('{{session-token:120}}', undefined, 'x').text).toMatch(/^IQoJb3JpZ2luX2Vj[A-Za-z0-9+/]{120}$/);
  });

  test('expansion is seeded: the same seed gives the same values', () => {
    expect(expandExample('{{aws-key-id:AKIA}}', undefined, 's1').text).toBe(expandExample('{{aws-key-id:AKIA}}', undefined, 's1').text);
    expect(expandExample('{{aws-key-id:AKIA}}', undefined, 's1').text).not.toBe(expandExample('{{aws-key-id:AKIA}}', undefined, 's2').text);
  });
});
