// Rule examples are templates so that no key-shaped string is ever committed:
// {{aws-key-id:AKIA}}, {{aws-key-id:ASIA:052310077262}}, {{aws-secret}}, {{base64:N}},
// {{base32:N}}, {{hex:N}}, {{alnum:N}}, {{session-token}}. `{{name=generator}}` binds a value
// that `{{name}}` repeats (e.g. in an example's expected `secret`). Values are seeded, so a
// rule's examples expand the same way on every run.
import { createHash } from 'node:crypto';
import { keyIdForAccount } from '../engine/aws.js';

const ALPHABETS: Record<string, string> = {
  base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  hex: '0123456789abcdef',
  alnum: 'abcdefghijklmnopqrstuvwxyz0123456789',
};

/** Deterministic byte stream from a seed (sha256 in counter mode). */
function prng(seed: string): () => number {
  let counter = 0;
  let pool: Buffer = Buffer.alloc(0);
  let pos = 0;
  return () => {
    if (pos >= pool.length) {
      pool = createHash('sha256').update(`${seed}\0${counter++}`).digest();
      pos = 0;
    }
    return pool[pos++];
  };
}

function draw(next: () => number, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[next() % alphabet.length];
  return s;
}

function generate(gen: string, next: () => number): string {
  const [kind, a, b] = gen.split(':');
  switch (kind) {
    case 'aws-key-id': {
      const account = b ?? String(100000000000 + ((next() << 24) | (next() << 16) | (next() << 8) | next()) % 800000000000);
      return keyIdForAccount(a ?? 'AKIA', account.padStart(12, '0'), draw(next, ALPHABETS.base32, 8));
    }
    case 'aws-secret':
      for (;;) {
        const s = draw(next, ALPHABETS.base64, 40);
        if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
      }
    case 'session-token':
      return 'IQoJb3JpZ2luX2Vj' + draw(next, ALPHABETS.base64, Number(a ?? 340));
    default: {
      const alphabet = ALPHABETS[kind];
      const n = Number(a);
      if (!alphabet || !Number.isInteger(n) || n <= 0) throw new Error(`unknown example generator {{${gen}}}`);
      return draw(next, alphabet, n);
    }
  }
}

export interface ExpandedExample {
  text: string;
  secret?: string;
}

export function expandExample(template: string, secretTemplate: string | undefined, seed: string): ExpandedExample {
  const next = prng(seed);
  const vars = new Map<string, string>();
  const expand = (t: string) =>
    t.replace(/\{\{([^}]+)\}\}/g, (_m, body: string) => {
      const eq = body.indexOf('=');
      if (eq > 0) {
        const value = generate(body.slice(eq + 1), next);
        vars.set(body.slice(0, eq), value);
        return value;
      }
      if (vars.has(body)) return vars.get(body)!;
      return generate(body, next);
    });
  const text = expand(template);
  return { text, secret: secretTemplate === undefined ? undefined : expand(secretTemplate) };
}
