// Inputs for the benchmark, built under .bench/ (gitignored) and reused between runs.
// One module per kind of corpus under corpus/; this file only gathers them.
//
// The synthetic inputs are derived from this repo's own node_modules (real JavaScript,
// JSON, maps, type declarations) with a seeded PRNG, so a rebuild gives the same corpus.
// A stamp file next to each input records the generator version; bump it when the recipe
// changes and the next run rebuilds.
export { hasBinary, treeStats, walkFiles } from './corpus/util.js';
export { blobStats, historyInfo } from './corpus/fast-import.js';
export { ensureHistoryRepo } from './corpus/history.js';
export { ensureStagedRepo } from './corpus/staged.js';
export { ensureArtifacts } from './corpus/artifacts.js';
