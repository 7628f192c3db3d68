// Sentry org tokens: the middle must decode to Sentry's JSON (iat, url, org).
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { sentry } from '../../../src/providers/sentry/index.js';

const valid = sentry.validators!['sentry-org-token']!;
const secret = () => randomBytes(33).toString('base64').slice(0, 43);
const b64 = (doc: unknown) => Buffer.from(JSON.stringify(doc)).toString('base64').replace(/=+$/, '');

describe('sentry-org-token', () => {
  it('accepts sntrys_ + base64 JSON with iat, url and org + _ + 43 chars', () => {
    expect(valid(`sntrys_${b64({ iat: 1712345678.1, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' })}_${secret()}`)).toBe(true);
  });

  it('rejects JSON without org, a middle that is not JSON, and a short secret', () => {
    expect(valid(`sntrys_${b64({ iat: 1, url: 'https://sentry.io' })}_${secret()}`)).toBe(false);
    expect(valid(`sntrys_eyJ${randomBytes(40).toString('base64').replace(/[=+/]/g, 'A')}_${secret()}`)).toBe(false);
    expect(valid(`sntrys_${b64({ iat: 1, url: 'u', org: 'o' })}_${secret().slice(0, 20)}`)).toBe(false);
  });
});
