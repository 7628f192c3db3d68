// Git sources: full history / ranges / all objects, and staged changes (pre-commit).
export { GitUsageError } from './exec.js';
export { preflight, type RepoInfo } from './preflight.js';
export { gitSource, MAX_PROVENANCE, type GitSourceOptions, type SubmoduleHook } from './history.js';
export { recursiveGitSource, MAX_SUBMODULE_DEPTH } from './recurse.js';
export { stagedSource, type StagedOptions } from './staged.js';
