// Rule examples are templates so that no key-shaped string is ever committed: generic
// {{base64:N}}, {{base32:N}}, {{hex:N}}, {{alnum:N}} (lower case and digits), {{base62:N}},
// {{base64url:N}}, {{upper:N}} (upper case and digits), {{digits:N}}, {{base32lower:N}}, plus each provider's own generators
// (providers/<id>/, e.g. a key id of its shape). `{{name=generator}}` binds a value
// that `{{name}}` repeats (e.g. in an example's expected `secret`). Values are seeded, so a
// rule's examples expand the same way on every run.
import { createHash } from 'node:crypto';
import { PROVIDERS } from '../providers/index.js';
import type { Generator } from '../providers/types.js';

const PROVIDED: Readonly<Record<string, Generator>> = Object.assign({}, ...PROVIDERS.map((p) => p.generators ?? {}));

const ALPHABETS: Record<string, string> = {
  base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  hex: '0123456789abcdef',
  alnum: 'abcdefghijklmnopqrstuvwxyz0123456789',
  base62: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  digits: '0123456789',
  base32lower: 'abcdefghijklmnopqrstuvwxyz234567',
  // {{letters:N}}: upper and lower case, no digits; {{uuid}} (below): a random UUID.
  letters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
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
  const [kind, ...args] = gen.split(':');
  if (Object.hasOwn(PROVIDED, kind)) return PROVIDED[kind](args, (alphabet, n) => draw(next, alphabet, n), next);
  // {{uuid}}: a random (version 4 shaped) UUID, lower-case hex.
  if (kind === 'uuid') return [8, 4, 4, 4, 12].map((n) => draw(next, ALPHABETS.hex!, n)).join('-');
  const alphabet = ALPHABETS[kind];
  const n = Number(args[0]);
  if (!alphabet || !Number.isInteger(n) || n <= 0) throw new Error(`unknown example generator {{${gen}}}`);
  return draw(next, alphabet, n);
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
