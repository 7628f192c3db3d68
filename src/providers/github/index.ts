// The GitHub provider: token checksums, App private key parsing, example generators
// (rule data in rules/github.yaml), listing an organisation's repositories (`keyhound repos`).
import type { Provider } from '../types.js';
import { githubRepos } from './org-repos.js';
import { GENERATORS, VALIDATORS } from './tokens.js';

export const github: Provider = { id: 'github', validators: VALIDATORS, generators: GENERATORS, enumerate: githubRepos };
