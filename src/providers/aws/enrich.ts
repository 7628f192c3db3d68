// What a key id tells offline: key type, account, canary (facts.aws, the JSON report's `aws`
// block), and which partition nearby region or ARN text points to (a hint for the verifier).
import type { Hit } from '../../types.js';
import type { EnrichContext } from '../types.js';
import { KEY_ID, awsInfo, type AwsInfo } from './keys.js';

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn';

export function enrich(hit: Hit, ctx: EnrichContext): void {
  if (!KEY_ID.test(ctx.keySecret)) return;
  hit.facts = { ...hit.facts, aws: awsInfo(ctx.keySecret, ctx.extraCanaries) };
  const hint = partitionHint(ctx.text, ctx.at);
  if (hint) hit.context = { ...hit.context, hints: { ...hit.context?.hints, partition: hint } };
}

/** Region or ARN text near a key id that says which partition it belongs to. */
export function partitionHint(text: string, at: number): Exclude<Partition, 'aws'> | undefined {
  const around = text.slice(Math.max(0, at - 1024), at + 1024);
  if (/arn:aws-cn:|\bcn-(?:north|northwest)-\d\b/.test(around)) return 'aws-cn';
  if (/arn:aws-us-gov:|\bus-gov-(?:west|east)-\d\b/.test(around)) return 'aws-us-gov';
  return undefined;
}

/** A finding's (or hit's) AWS facts, when its key id gave any. */
export function awsFacts(f: { facts?: Record<string, unknown> }): AwsInfo | undefined {
  return f.facts?.aws as AwsInfo | undefined;
}

/** The partition hint enrich() left, if any. */
export function hintedPartition(f: { context?: Hit['context'] }): Partition | undefined {
  return f.context?.hints?.partition as Partition | undefined;
}
