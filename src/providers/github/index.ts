// The GitHub provider: token checksums, App private key parsing, example generators
// (rule data in rules/github.yaml).
import type { Provider } from '../types.js';
import { GENERATORS, VALIDATORS } from './tokens.js';

export const github: Provider = { id: 'github', validators: VALIDATORS, generators: GENERATORS };
