// How to revoke an AWS key nobody has checked (no --verify, e.g. in a pre-commit hook): the
// key's type says how, the owner is not known, so the commands take the user name to fill in.
import type { Remediation } from '../types.js';
import type { AwsInfo } from './keys.js';

export const ACCESS_KEYS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html';
export const REVOKE_SESSIONS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html';

export function unverifiedRemediation(aws: AwsInfo): Remediation {
  const where = aws.account ? ` (account ${aws.account})` : '';
  if (aws.keyType === 'temporary') {
    // ASIA keys are STS session credentials: they cannot be deleted, only outlived or revoked.
    return {
      text: `temporary credentials${where}: they expire on their own; to cut them off now, revoke the issuing role's active sessions (${REVOKE_SESSIONS_DOC})`,
      commands: [],
      link: REVOKE_SESSIONS_DOC,
    };
  }
  const commands = [
    `aws iam update-access-key --user-name <user> --access-key-id ${aws.keyId} --status Inactive`,
    `aws iam delete-access-key --user-name <user> --access-key-id ${aws.keyId}`,
  ];
  return { text: `rotate the key${where}: ${commands[0]}, then ${commands[1]} (${ACCESS_KEYS_DOC})`, commands, link: ACCESS_KEYS_DOC };
}
