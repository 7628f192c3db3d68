// How AWS findings are shown: redacted key ids, the facts line of text/SARIF messages, SARIF
// properties. The JSON report's `aws` block is the facts object itself (report/json.ts).
import type { AwsInfo } from './keys.js';
import { KEY_ID } from './keys.js';

/** Key ids keep first 4 + last 4: enough to find the key in the IAM console, useless alone. */
export function redact(secret: string): string | undefined {
  return KEY_ID.test(secret) ? `${secret.slice(0, 4)}…${secret.slice(-4)}` : undefined;
}

/** Account, key type, canary owner. */
export function describe(facts: unknown): string[] {
  const aws = facts as AwsInfo;
  const out = [`account ${aws.account ?? 'unknown'}`, `key ${aws.keyType}`];
  if (aws.canary) out.push(aws.canaryOwner ? `CANARY (${aws.canaryOwner})` : 'CANARY');
  return out;
}

export function sarifProperties(facts: unknown): Record<string, unknown> {
  const aws = facts as AwsInfo;
  return { account: aws.account, keyType: aws.keyType, canary: aws.canary };
}
