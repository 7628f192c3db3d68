// The AWS provider: everything keyhound knows about AWS credentials besides the rule data in
// rules/aws.yaml. Registered in providers/index.ts.
import type { Provider } from '../types.js';
import { enrich } from './enrich.js';
import { GENERATORS } from './generators.js';
import { options, verifyNotice } from './options.js';
import { describe, redact, sarifProperties } from './present.js';
import { remediation } from './remediation.js';
import { VALIDATORS } from './validators.js';
import type { VerifyOptions } from './verify/index.js';

export const aws: Provider = {
  id: 'aws',
  validators: VALIDATORS,
  generators: GENERATORS,
  enrich,
  redact,
  describe,
  sarifProperties,
  // A session token only belongs with a temporary (ASIA) key id.
  takesToken: (keyId) => keyId.startsWith('ASIA'),
  // STS and the SDK load only with --verify.
  verifier: async () => {
    const { verifyFindings } = await import('./verify/index.js');
    return (findings, opts) => verifyFindings(findings, opts as unknown as VerifyOptions);
  },
  options,
  verifyNotice,
  remediation,
  // gitleaks reports a key id (with or without its secret nearby) as aws-access-token.
  gitleaksRules: { 'aws-access-token': ['aws-access-key-id', 'aws-access-key-pair'] },
};
