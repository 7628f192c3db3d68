// Private keys (PEM, OpenSSH, PuTTY, OpenPGP): rule data in rules/private-key.yaml, checks
// that a block is a whole key here. Registered in providers/index.ts.
import type { Provider } from '../types.js';
import { GENERATORS } from './generators.js';
import { VALIDATORS } from './validators.js';

export const privateKey: Provider = { id: 'private-key', validators: VALIDATORS, generators: GENERATORS };
