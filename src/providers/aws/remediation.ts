// What to do about an AWS finding: revoke or rotate it, in the words and commands AWS
// documents. A live key's ARN (from --verify) names the user or role; without it the key
// type decides. Temporary (ASIA) credentials cannot be deleted: they expire. Pure: no I/O.
import type { Finding } from '../../types.js';
import type { Remediation } from '../types.js';
import { awsFacts } from './enrich.js';
import type { AwsInfo } from './keys.js';

export const ACCESS_KEYS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html';
export const TEMPORARY_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html';

// IAM user names may sit under a path (user/team/NAME): the name is the last segment.
const USER_ARN = /^arn:[\w-]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/;
const ROLE_ARN = /^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;
const ROOT_ARN = /^arn:[\w-]+:iam::(\d{12}):root$/;

/** Temporary credentials: what to say whoever issued them. */
const EXPIRE =
  'revoke: temporary (ASIA) credentials cannot be deleted: they expire on their own (at most 36 hours after they were issued); ' +
  'to cut them off now, revoke the active sessions of the role that issued them (IAM console, the role, "Revoke active sessions")';

/** Secrets of the other AWS rules: no key id, so no IAM command; where each is revoked. */
const OTHER: Record<string, { text: string; link: string }> = {
  'aws-secret-access-key': {
    text: 'rotate: find the access key id this secret belongs to, then rotate that key: create a new key, switch to it, deactivate and delete the old one',
    link: ACCESS_KEYS_DOC,
  },
  'aws-session-token': { text: EXPIRE, link: TEMPORARY_DOC },
  'aws-bedrock-api-key': {
    text:
      'revoke: a long-term Bedrock API key is an IAM service-specific credential: aws iam delete-service-specific-credential --user-name NAME ' +
      '--service-specific-credential-id ID, then issue a new one; a short-term key expires with the session that made it',
    link: 'https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html',
  },
  'aws-appsync-api-key': {
    text: 'revoke: delete the API key in the AppSync console (or aws appsync delete-api-key --api-id API_ID --id KEY) and create a new one',
    link: 'https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html',
  },
  'aws-mws-auth-token': {
    text: 'revoke: revoke the MWS authorisation in Seller Central (User Permissions, third-party developer access) and authorise again',
    link: 'https://developer.amazonservices.com/',
  },
};

/** What to do about an AWS finding; null for a canary (nothing to rotate) or an unknown rule. */
export function remediation(f: Finding): Remediation | null {
  const aws = awsFacts(f);
  if (!aws) return OTHER[f.ruleId] ? { ...OTHER[f.ruleId]!, commands: [] } : null;
  if (aws.canary) return null;
  if (f.verification?.status === 'live') return liveRemediation(f, aws);
  if (aws.keyType === 'temporary') return { text: EXPIRE, commands: [], link: TEMPORARY_DOC };
  // After prepare() this is the redacted id unless --show-secrets: the commands are then a template.
  const commands = [
    `aws iam update-access-key --access-key-id ${aws.keyId} --status Inactive`,
    `aws iam delete-access-key --access-key-id ${aws.keyId}`,
  ];
  return { text: "rotate: create a new access key, switch to it, then deactivate and delete this one (add --user-name NAME for another user's key)", commands, link: ACCESS_KEYS_DOC };
}

/** A live-verified key: the ARN STS returned names whose key it is. */
function liveRemediation(f: Finding, aws: AwsInfo): Remediation {
  const keyId = aws.keyId;
  const arn = f.verification?.arn ?? '';

  const user = USER_ARN.exec(arn);
  if (user) {
    const name = user[2];
    const commands = [
      `aws iam update-access-key --user-name ${name} --access-key-id ${keyId} --status Inactive`,
      `aws iam delete-access-key --user-name ${name} --access-key-id ${keyId}`,
    ];
    return { text: `revoke: deactivate, then delete this access key of IAM user ${name}`, commands, link: ACCESS_KEYS_DOC };
  }

  const role = ROLE_ARN.exec(arn);
  if (role) {
    return {
      text:
        `revoke: temporary credentials of role ${role[2]} cannot be deleted, they expire on their own; to cut them off now, ` +
        `revoke active sessions of role ${role[2]} (IAM console, role ${role[2]}, "Revoke active sessions")`,
      commands: [],
      link: TEMPORARY_DOC,
    };
  }

  const account = ROOT_ARN.exec(arn)?.[1] ?? f.verification?.account ?? aws.account;
  const owner = ROOT_ARN.test(arn) ? `the root user of account ${account}` : account ? `account ${account}` : 'its account';
  return {
    text: `revoke: deactivate, then delete access key ${keyId} of ${owner}`,
    commands: [],
    link: ACCESS_KEYS_DOC,
  };
}
