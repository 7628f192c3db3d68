#!/usr/bin/env node
// V8 tiers hot code up to TurboFan after a small budget of work; its background compiles
// then cost ~0.3 s of CPU in a one-second scan, competing for the cores the scan uses. A 16x
// larger budget optimises only what stays hot: -10 to -15% wall on the benchmarks (a 60 MB
// history, a 74 MB tree), within noise on a 300 MB tree. Process-wide: workers inherit it.
import { setFlagsFromString } from 'node:v8';
setFlagsFromString('--interrupt-budget=1048576');
// dist/bundle/: the CLI and its worker bundled by .ci/build.mjs (~0.1 s less start-up than
// loading dist/cli/'s modules one by one).
process.exitCode = await (await import('../dist/bundle/main.js')).main(process.argv.slice(2));
