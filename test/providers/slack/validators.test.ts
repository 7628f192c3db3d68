// Slack token structure checks, on tokens built at test time.
import { describe, expect, it } from '@jest/globals';
import { randomBytes, randomInt } from 'node:crypto';
import { slack } from '../../../src/providers/slack/index.js';

const v = slack.validators!;
const id = (n: number) => String(randomInt(1, 10)) + Array.from({ length: n - 1 }, () => randomInt(0, 10)).join('');
const b62 = (n: number) => Array.from(randomBytes(n), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');

describe('slack-token', () => {
  it('accepts bot and user tokens with numeric ids and a random tail', () => {
    expect(v['slack-token']!(`xoxb-${id(11)}-${id(13)}-${b62(24)}`)).toBe(true);
    expect(v['slack-token']!(`xoxp-${id(11)}-${id(11)}-${id(13)}-${randomBytes(16).toString('hex')}`)).toBe(true);
  });

  it('rejects placeholder ids, a run-of-one-char tail and a missing id', () => {
    expect(v['slack-token']!(`xoxb-0000000000-${id(13)}-${b62(24)}`)).toBe(false);
    expect(v['slack-token']!(`xoxb-1234567890-${id(13)}-${b62(24)}`)).toBe(false);
    expect(v['slack-token']!(`xoxb-${id(11)}-${id(13)}-${'x'.repeat(24)}`)).toBe(false);
    expect(v['slack-token']!(`xoxb-${id(11)}-${b62(24)}`)).toBe(false);
  });
});

describe('slack-app-token', () => {
  const hex = () => randomBytes(32).toString('hex');
  it('accepts xapp-1-A…-id-64 hex and rejects a wrong app id, a placeholder or a short tail', () => {
    expect(v['slack-app-token']!(`xapp-1-A${'B7C2D9E4F1'}-${id(13)}-${hex()}`)).toBe(true);
    expect(v['slack-app-token']!(`xapp-1-B${'B7C2D9E4F1'}-${id(13)}-${hex()}`)).toBe(false);
    expect(v['slack-app-token']!(`xapp-1-AB7C2D9E4F1-${id(13)}-${'0'.repeat(64)}`)).toBe(false);
    expect(v['slack-app-token']!(`xapp-1-AB7C2D9E4F1-${id(13)}-${hex().slice(0, 32)}`)).toBe(false);
  });
});
