// Mapbox tokens: the payload must decode to {"u": user, "a": token id}.
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mapbox } from '../../../src/providers/mapbox/index.js';

const valid = mapbox.validators!['mapbox-token']!;
const payload = (doc: unknown) => Buffer.from(JSON.stringify(doc)).toString('base64url');
const tail = () => randomBytes(17).toString('base64url').slice(0, 22);

describe('mapbox-token', () => {
  it('accepts sk. + base64url JSON with u and a + . + 22 chars', () => {
    expect(valid(`sk.${payload({ u: 'someone', a: randomBytes(12).toString('hex') })}.${tail()}`)).toBe(true);
  });

  it('rejects a payload without a, one that is not JSON, and no payload', () => {
    expect(valid(`sk.${payload({ u: 'someone' })}.${tail()}`)).toBe(false);
    expect(valid(`sk.eyJ1Ijoi${randomBytes(30).toString('base64url')}.${tail()}`)).toBe(false);
    expect(valid('sk')).toBe(false);
  });
});
