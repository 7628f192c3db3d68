// Kept so the sources and reporters that import it from here need not change: the display
// path is pure and lives in src/provenance.ts, where the engine can import it too.
export { displayPath, outermost } from '../provenance.js';
