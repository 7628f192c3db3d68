// Grafana Cloud tokens and legacy API keys: their base64 JSON must decode with its fields.
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { grafana } from '../../../src/providers/grafana/index.js';

const v = grafana.validators!;
const b64 = (doc: unknown) => Buffer.from(JSON.stringify(doc)).toString('base64');

describe('grafana validators', () => {
  it('grafana-cloud-token: glc_ + JSON with o, n, k', () => {
    expect(v['grafana-cloud-token']!(`glc_${b64({ o: '123456', n: 'stack-1-read', k: randomBytes(18).toString('base64url'), m: { r: 'us' } })}`)).toBe(true);
    expect(v['grafana-cloud-token']!(`glc_${b64({ o: '123456' })}`)).toBe(false);
    expect(v['grafana-cloud-token']!(`glc_eyJ${randomBytes(45).toString('base64url')}`)).toBe(false);
  });

  it('grafana-api-key: JSON with k, n and id', () => {
    expect(v['grafana-api-key']!(b64({ k: randomBytes(24).toString('base64url'), n: 'deploy', id: 1 }))).toBe(true);
    expect(v['grafana-api-key']!(b64({ k: 'x', n: 'y' }))).toBe(false);
    expect(v['grafana-api-key']!('eyJrIjoi' + randomBytes(45).toString('base64url'))).toBe(false);
  });
});
