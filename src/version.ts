// The package version, read once from package.json (reported in JSON/SARIF and the User-Agent).
import { existsSync, readFileSync } from 'node:fs';

// From src/ or dist/ the package is one level up; from the bundle (dist/bundle/), two.
const here = import.meta.url;
const manifest = existsSync(new URL('../package.json', here)) ? new URL('../package.json', here) : new URL('../../package.json', here);
export const VERSION: string = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
