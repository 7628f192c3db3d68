// What to do about a live key, derived from the ARN STS returned. Pure: no I/O, no colours.
import type { Finding } from '../../types.js';
import type { Remediation } from '../types.js';
import { awsFacts } from './enrich.js';
import { ACCESS_KEYS_DOC, unverifiedRemediation } from './revoke.js';

export { ACCESS_KEYS_DOC } from './revoke.js';

// IAM user names may sit under a path (user/team/NAME): the name is the last segment.
const USER_ARN = /^arn:[\w-]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/;
const ROLE_ARN = /^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;
const ROOT_ARN = /^arn:[\w-]+:iam::(\d{12}):root$/;

/**
 * Remediation for an AWS key: exact for a live-verified key (from its ARN), the usual revoke
 * steps for one not checked (or not checkable); null for a key STS said is invalid.
 */
export function remediation(f: Finding): Remediation | null {
  const v = f.verification;
  const aws = awsFacts(f);
  if (!aws || v?.status === 'invalid') return null;
  if (v?.status !== 'live') return unverifiedRemediation(aws);
  // After prepare() this is the redacted id unless --show-secrets: the command is then a template.
  const keyId = aws.keyId;
  const arn = v.arn ?? '';

  const user = USER_ARN.exec(arn);
  if (user) {
    const name = user[2];
    const commands = [
      `aws iam update-access-key --user-name ${name} --access-key-id ${keyId} --status Inactive`,
      `aws iam delete-access-key --user-name ${name} --access-key-id ${keyId}`,
    ];
    return { text: `${commands[0]} then ${commands[1]} (${ACCESS_KEYS_DOC})`, commands, link: ACCESS_KEYS_DOC };
  }

  const role = ROLE_ARN.exec(arn);
  if (role) {
    return {
      text:
        `temporary credentials of role ${role[2]}: revoke active sessions of role ${role[2]} ` +
        `(IAM console, role ${role[2]}, "Revoke active sessions"); the credentials also expire on their own (${ACCESS_KEYS_DOC})`,
      commands: [],
      link: ACCESS_KEYS_DOC,
    };
  }

  const account = ROOT_ARN.exec(arn)?.[1] ?? v.account ?? aws.account;
  const owner = ROOT_ARN.test(arn) ? `the root user of account ${account}` : account ? `account ${account}` : 'its account';
  return {
    text: `deactivate, then delete access key ${keyId} of ${owner} (${ACCESS_KEYS_DOC})`,
    commands: [],
    link: ACCESS_KEYS_DOC,
  };
}
