// Finding identity from content, not position: sha256(ruleId \0 secret). Survives line moves,
// so baselines and dedup across files, commits and archives key on it.
import { createHash } from 'node:crypto';

export function fingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(ruleId).update('\0').update(secret).digest('hex');
}
