// JSON Web Tokens: rule data in rules/jwt.yaml. A token is one only when its header and
// payload decode to JSON objects; its issuer and expiry are facts, and an expired token is a
// lower-severity finding (it still names the issuer and may still be accepted somewhere).
import type { Hit } from '../../types.js';
import type { Provider, Validator } from '../types.js';

export interface JwtFacts {
  issuer?: string;
  subject?: string;
  algorithm: string;
  /** ISO time of the exp claim, when there is one. */
  expires?: string;
  expired: boolean;
}

function part(s: string | undefined): Record<string, unknown> | undefined {
  if (!s || !/^[A-Za-z0-9_-]+$/.test(s)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
  const [h, p, sig, extra] = token.split('.');
  if (extra !== undefined || !sig) return undefined;
  const header = part(h);
  const payload = part(p);
  if (!header || !payload || typeof header.alg !== 'string') return undefined;
  return { header, payload };
}

/** jwt.io's and RFC 7519's sample claims: documentation, not tokens. */
function isSample(payload: Record<string, unknown>): boolean {
  return payload.sub === '1234567890' || payload.name === 'John Doe' || payload.iss === 'joe';
}

const jwt: Validator = (s) => {
  const d = decode(s);
  return d !== undefined && !isSample(d.payload);
};

export function facts(token: string, now = Date.now()): JwtFacts | undefined {
  const d = decode(token);
  if (!d) return undefined;
  const f: JwtFacts = { algorithm: String(d.header.alg), expired: false };
  if (typeof d.payload.iss === 'string') f.issuer = d.payload.iss.slice(0, 200);
  if (typeof d.payload.sub === 'string') f.subject = d.payload.sub.slice(0, 200);
  const exp = d.payload.exp;
  if (typeof exp === 'number' && Number.isFinite(exp) && Math.abs(exp) < 1e11) {
    f.expires = new Date(exp * 1000).toISOString();
    f.expired = exp * 1000 < now;
  }
  return f;
}

export function enrich(hit: Hit): void {
  const f = facts(hit.secret);
  if (!f) return;
  hit.facts = { ...hit.facts, jwt: f };
  if (f.expired) hit.severity = 'low';
}

export function describe(v: unknown): string[] {
  const f = v as JwtFacts;
  const out = [`alg ${f.algorithm}`];
  if (f.issuer) out.push(`issuer ${f.issuer}`);
  if (f.expires) out.push(`${f.expired ? 'expired' : 'expires'} ${f.expires}`);
  return out;
}

export const jwtProvider: Provider = {
  id: 'jwt',
  validators: { jwt },
  generators: {
    // {{jwt:ISSUER:EXP}}: EXP in seconds from now (negative: expired); ~ in ISSUER stands for ':'.
    jwt: ([iss, exp], draw) => {
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const payload: Record<string, unknown> = { sub: draw('0123456789', 12), iss: iss ? iss.replace(/~/g, ':') : 'https://issuer.invalid' };
      if (exp) payload.exp = Math.floor(Date.now() / 1000) + Number(exp);
      return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.${draw('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 43)}`;
    },
  },
  enrich,
  describe,
  sarifProperties: (v) => ({ ...(v as JwtFacts) }),
};
