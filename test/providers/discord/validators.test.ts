// Discord bot tokens: the first part must decode to a snowflake id.
import { describe, expect, it } from '@jest/globals';
import { randomBytes, randomInt } from 'node:crypto';
import { discord } from '../../../src/providers/discord/index.js';

const valid = discord.validators!['discord-bot-token']!;
const tail = () => `${randomBytes(5).toString('base64url').slice(0, 6)}.${randomBytes(29).toString('base64url').slice(0, 38)}`;

describe('discord-bot-token', () => {
  it('accepts a token whose first part is the base64 of a snowflake', () => {
    const snowflake = '1' + Array.from({ length: 18 }, () => randomInt(0, 10)).join('');
    expect(valid(`${Buffer.from(snowflake).toString('base64url')}.${tail()}`)).toBe(true);
  });

  it('rejects a first part that decodes to letters, a short number, or is not base64url', () => {
    expect(valid(`${Buffer.from('abcdefghijklmnopqr').toString('base64url')}.${tail()}`)).toBe(false);
    expect(valid(`${Buffer.from('123456').toString('base64url')}.${tail()}`)).toBe(false);
    expect(valid(`not*base64.${tail()}`)).toBe(false);
  });
});
