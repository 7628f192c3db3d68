// The AWS provider: everything keyhound knows about AWS credentials besides the rule data in
// rules/aws.yaml. Registered in providers/index.ts.
import type { Provider } from '../types.js';
import { GENERATORS } from './generators.js';
import { VALIDATORS } from './validators.js';

export const aws: Provider = {
  id: 'aws',
  validators: VALIDATORS,
  generators: GENERATORS,
};
