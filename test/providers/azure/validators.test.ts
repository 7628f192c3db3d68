// Azure keys decode to their exact length in canonical base64; anything else is not a key.
import { describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { azure } from '../../../src/providers/azure/index.js';

const v = (n: string) => azure.validators![n]!;

describe('azure validators', () => {
  test('account keys are base64 of 64 bytes, shared access keys of 32', () => {
    const account = randomBytes(64).toString('base64');
    const shared = randomBytes(32).toString('base64');
    expect([v('azure-account-key')(account), v('azure-account-key')(shared)]).toEqual([true, false]);
    expect([v('azure-shared-access-key')(shared), v('azure-shared-access-key')(account)]).toEqual([true, false]);
  });

  test('a non-canonical encoding (stray bits in the last char) is not a key', () => {
    const key = randomBytes(64).toString('base64');
    const last = key[85]!;
    const stray = 'AQgw'.includes(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : last;
    expect(v('azure-account-key')(key.slice(0, 85) + stray + '==')).toBe(stray === last);
  });
});
