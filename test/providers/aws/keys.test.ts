import { accountFromKeyId, awsInfo, keyIdForAccount, keyTypeOf } from '../../../src/providers/aws/keys.js';
import { fakeKeyId, fakeOldKeyId } from '../../helpers/keys.js';

describe('offline account id', () => {
  it('decodes the documented example from DESIGN.md', () => {
    // Joined at run time so neither the repository nor a joined-literals view holds a key-shaped string.
    expect(accountFromKeyId(['ASIA', 'Y34FZKBOKMUTVV7A'].join(''))).toBe('609629065308');
  });

  it('round-trips generated ids, keeping leading zeros', () => {
    for (const account of ['052310077262', '000000000042', '999999999999']) {
      expect(accountFromKeyId(keyIdForAccount('AKIA', account, 'ABCDEFGH'))).toBe(account);
    }
    const { keyId, account } = fakeKeyId('ASIA');
    expect(accountFromKeyId(keyId)).toBe(account);
  });

  it('gives null for old-style ids, never a made-up number', () => {
    expect(accountFromKeyId(fakeOldKeyId())).toBeNull();
    expect(awsInfo(fakeOldKeyId()).account).toBeNull();
  });

  it('types keys by prefix and marks canaries', () => {
    expect(keyTypeOf('AKIA')).toBe('long-term');
    expect(keyTypeOf('ASIA')).toBe('temporary');
    expect(keyTypeOf('ABIA')).toBe('other');
    expect(awsInfo(keyIdForAccount('AKIA', '052310077262', 'QQQQQQQQ'))).toMatchObject({ canary: true, canaryOwner: 'canarytokens.org (Thinkst)' });
    expect(awsInfo(fakeKeyId().keyId).canary).toBe(false);
    const mine = new Map([['123456789012', 'skip list']]);
    expect(awsInfo(keyIdForAccount('AKIA', '123456789012', 'ABCDEFGH'), mine).canary).toBe(true);
  });
});
