// Example generators for the AWS rules' self-tests: {{aws-key-id:AKIA}},
// {{aws-key-id:ASIA:052310077262}} (a new-style id of that account), {{aws-secret}},
// {{session-token}} / {{session-token:N}}. Seeded by rules/examples.ts, so stable per rule.
import type { Generator } from '../types.js';
import { keyIdForAccount } from './keys.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export const GENERATORS: Readonly<Record<string, Generator>> = {
  'aws-key-id': ([prefix, fixed], draw, next) => {
    const account = fixed ?? String(100000000000 + ((next() << 24) | (next() << 16) | (next() << 8) | next()) % 800000000000);
    return keyIdForAccount(prefix ?? 'AKIA', account.padStart(12, '0'), draw(BASE32, 8));
  },
  'aws-secret': (_args, draw) => {
    for (;;) {
      const s = draw(BASE64, 40);
      if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
    }
  },
  // Real session tokens start with the base64 of a protobuf header; the rest is random.
  'session-token': ([n], draw) => 'IQoJb3JpZ2luX2Vj' + draw(BASE64, Number(n ?? 340)),
};
