// Connection strings with an embedded password (rules/dbconn.yaml): postgres, mysql,
// mongodb(+srv), redis, amqp, mssql, JDBC, ADO.NET. The password must not be a placeholder;
// the host is a fact, and managed AWS database hosts (RDS, Redshift, ElastiCache) are named.
// A password for a server on this machine (localhost) is reported at low severity.
import type { Hit } from '../../types.js';
import type { EnrichContext, Provider, Validator } from '../types.js';

export interface DbconnFacts {
  host?: string;
  /** 'rds' | 'redshift' | 'elasticache' when the host is an AWS endpoint of that service. */
  awsService?: string;
  local: boolean;
}

const PLACEHOLDER = /^(?:password|passwd|pass|pwd|secret|changeme|change_me|example|test|guest|user|username|root|admin|postgres|mysql|mongo|redis|rabbitmq|default|placeholder|dummy|fake|sample|mypassword|yourpassword|your[_-]?password|pa55word|p@ssw0rd|x+|\*+|\.+|-+|_+|1234\d*|0+)$/i;

/** Not a template or a placeholder: ${VAR}, {{var}}, <password>, %s, $VAR, :password, ****. */
const password: Validator = (s) => {
  const v = (() => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  })();
  // Too short or only a few digits (test fixtures: redis://:123@host), or a word that says
  // it is a placeholder (somepassword, mysecret, example123).
  if (v.length < 4 || /^\d{1,7}$/.test(v) || PLACEHOLDER.test(v) || /passw(?:or)?d|secret|example|changeme|placeholder/i.test(v)) return false;
  if (/^[$%<{[(]|[}>\]]$|^\$\w+$|\$\{|\{\{|%\(|%s$/.test(v)) return false;
  return !/(.)\1{3,}/.test(v) || v.length > 12;
};

const AWS_HOSTS: Array<[RegExp, string]> = [
  [/\.rds\.amazonaws\.com(?:\.cn)?$/, 'rds'],
  [/\.redshift(?:-serverless)?\.amazonaws\.com(?:\.cn)?$/, 'redshift'],
  [/\.cache\.amazonaws\.com(?:\.cn)?$/, 'elasticache'],
];

/** The host that follows the secret in the match: after '@' (URLs) or Server=/Data Source=. */
export function hostOf(text: string, at: number, secret: string): string | undefined {
  const after = text.slice(at + secret.length, at + secret.length + 300);
  const url = /^@([A-Za-z0-9.-]{1,253})/.exec(after);
  if (url) return url[1]!.toLowerCase();
  const before = text.slice(Math.max(0, at - 400), at);
  const ado = /(?:server|data source|host)=(?:tcp:)?([A-Za-z0-9.-]{1,253})/i.exec(before) ?? /\/\/([A-Za-z0-9.-]{1,253})/.exec(before);
  return ado?.[1]?.toLowerCase();
}

export function enrich(hit: Hit, ctx: EnrichContext): void {
  const host = hostOf(ctx.text, ctx.at, hit.secret);
  const facts: DbconnFacts = { local: false };
  if (host) {
    facts.host = host;
    const aws = AWS_HOSTS.find(([re]) => re.test(host));
    if (aws) facts.awsService = aws[1];
    facts.local = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|host\.docker\.internal|\.)$/.test(host);
  }
  hit.facts = { ...hit.facts, dbconn: facts };
  if (facts.local) hit.severity = 'low';
}

export function describe(v: unknown): string[] {
  const f = v as DbconnFacts;
  return [f.host && `host ${f.host}`, f.awsService && `AWS ${f.awsService}`, f.local && 'local server'].filter((s): s is string => !!s);
}

export const dbconn: Provider = {
  id: 'dbconn',
  validators: { 'dbconn-password': password },
  enrich,
  describe,
  sarifProperties: (v) => ({ ...(v as DbconnFacts) }),
};
