// Connection strings: the password is the secret, the host a fact (AWS database services
// named), localhost servers are low severity, placeholders and templates are nothing.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { loadRules } from '../../../src/rules/load.js';
import { Engine } from '../../../src/engine/detect.js';
import { randomFrom } from '../../helpers/keys.js';

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
let engine: Engine;
beforeAll(async () => {
  engine = new Engine(await loadRules({ builtin: true }));
});
const hits = (t: string) => engine.detect(t, { inlineAllow: false }).map((h) => [h.ruleId, h.secret, h.severity, h.span.line, h.span.column, h.facts]);

describe('dbconn', () => {
  test.each([
    ['x.abc.eu-west-1.rds.amazonaws.com', 'rds'],
    ['c1.abc.us-east-1.redshift.amazonaws.com', 'redshift'],
    ['r.abc.0001.use1.cache.amazonaws.com', 'elasticache'],
  ])('an AWS host (%s) is named as %s', (host, service) => {
    const p = randomFrom(B62, 20);
    expect(hits(`DB=postgres://app:${p}@${host}:5432/db\n`)).toEqual([['dbconn-postgres', p, 'high', 1, 19, { dbconn: { host, awsService: service, local: false } }]]);
  });

  test('a password for a server on localhost is low severity', () => {
    const p = randomFrom(B62, 20);
    expect(hits(`mongodb://root:${p}@localhost:27017`)).toEqual([['dbconn-mongodb', p, 'low', 1, 16, { dbconn: { host: 'localhost', local: true } }]]);
  });

  test('placeholders and templates are not passwords', () => {
    for (const t of ['postgres://user:password@db/x', 'redis://:${REDIS_PASS}@cache:6379', 'amqp://guest:guest@rabbit', 'mysql://root:<password>@db/x', 'mssql://sa:****@db']) {
      expect(hits(t)).toEqual([]);
    }
  });
});
