// The Slack provider: structure checks on tokens whose segments mean something. Facts: Slack's
// token types docs (xoxb- bot, xoxp- user, xapp- app-level, xoxe. config tokens) and incoming
// webhooks (hooks.slack.com/services/T…/B…/…). A bot or user token is `xox?-` then numeric ids
// (team/user, 10-13 digits) then the random part; an app token is `xapp-1-` + an app id
// (A…) + a numeric id + 64 hex.
import type { Provider, Validator } from '../types.js';

/** A run of one char, or a counting sequence: what placeholders are made of. */
function placeholderish(s: string): boolean {
  return /(.)\1{7}/.test(s) || /0123456789|1234567890|abcdefgh/i.test(s);
}

/** xoxb-/xoxp-: numeric ids that are not placeholders, a random tail. */
const token: Validator = (s) => {
  const parts = s.split('-');
  const ids = parts.slice(1, -1);
  const tail = parts[parts.length - 1] ?? '';
  return ids.length >= 2 && ids.every((id) => /^[0-9]{8,13}$/.test(id) && !placeholderish(id)) && !placeholderish(tail);
};

/** xapp-1-A…-digits-64hex. */
const appToken: Validator = (s) => {
  const m = /^xapp-\d-(A[A-Z0-9]{8,12})-([0-9]{8,13})-([0-9a-f]{64})$/.exec(s);
  return m !== null && !placeholderish(m[2]!) && !placeholderish(m[3]!);
};

export const slack: Provider = {
  id: 'slack',
  validators: { 'slack-token': token, 'slack-app-token': appToken },
  generators: {
    /** {{slack-id:11}}: a numeric id of that many digits, not starting with 0. */
    'slack-id': ([n], draw) => draw('123456789', 1) + draw('0123456789', Number(n ?? 11) - 1),
  },
};
