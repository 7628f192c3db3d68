// The AWS flags (defined in cli/main.ts) mapped to the provider's options: --sts-endpoint,
// --verify-partitions, --skip-account, --skip-accounts-file.
import type { ProviderOptions } from '../types.js';

/** Account ids from --skip-account and --skip-accounts-file, checked to be 12 digits. */
export async function skipAccounts(ids: readonly string[], file: string | undefined): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const add = (id: string, where: string) => {
    if (!/^\d{12}$/.test(id)) throw new Error(`${where}: '${id}' is not a 12-digit AWS account id`);
    out.set(id, 'skip list');
  };
  for (const id of ids) add(id.trim(), '--skip-account');
  if (file) {
    let text: string;
    try {
      // Loaded here only: the provider's static imports stay free of I/O (the engine imports them).
      text = await (await import('node:fs/promises')).readFile(file, 'utf8');
    } catch (e) {
      throw new Error(`--skip-accounts-file: cannot read ${file}: ${(e as NodeJS.ErrnoException).code}`);
    }
    text.split(/\r?\n/).forEach((line, i) => {
      const id = line.replace(/#.*/, '').trim();
      if (id) add(id, `${file}:${i + 1}`);
    });
  }
  return out;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export async function options(argv: Readonly<Record<string, unknown>>): Promise<ProviderOptions> {
  const ids = Array.isArray(argv.skipAccount) ? argv.skipAccount.map(String) : [];
  const skip = await skipAccounts(ids, str(argv.skipAccountsFile));
  return {
    canaries: skip,
    verify: { endpoint: str(argv.stsEndpoint), region: 'us-east-1', skipAccounts: skip, partitions: argv.verifyPartitions === true },
  };
}

export function verifyNotice(argv: Readonly<Record<string, unknown>>, userAgent: string): string {
  return `found AWS keys will be sent to STS GetCallerIdentity (${str(argv.stsEndpoint) ?? 'AWS default endpoint'}); each call shows in the key owner's CloudTrail as ${userAgent}. Canary keys are never sent.`;
}
