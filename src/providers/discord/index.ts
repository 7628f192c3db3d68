// The Discord provider. Facts: a bot token is three dot-separated base64url parts; the first is
// the base64 of the bot's user id (a snowflake, 17-20 digits), the second a timestamp, the
// third an HMAC. A first part that does not decode to a snowflake is not a bot token.
import type { Provider, Validator } from '../types.js';

const botToken: Validator = (s) => {
  const [id] = s.split('.');
  if (!id || !/^[A-Za-z0-9_-]+$/.test(id)) return false;
  return /^[1-9][0-9]{16,19}$/.test(Buffer.from(id, 'base64url').toString('latin1'));
};

export const discord: Provider = {
  id: 'discord',
  validators: { 'discord-bot-token': botToken },
  generators: {
    /** {{discord-bot-token}}: base64url(a snowflake) . 6 chars . 38 chars; {{discord-bot-token:bad}}: first part not a snowflake. */
    'discord-bot-token': ([bad], draw) => {
      const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
      const id = bad === 'bad' ? 'x' + draw('abcdefghij', 17) : '1' + draw('0123456789', 18);
      return `${Buffer.from(id).toString('base64url')}.${draw(B64URL, 6)}.${draw(B64URL, 38)}`;
    },
  },
};
