// The unit of work, the same on the main thread and in a worker: decode a chunk, detect in
// each text it yields, return hits with their provenance plus warnings and counters.
import type { Chunk, ScanWarning } from '../../types.js';
import { loadRules, type RuleSet } from '../../rules/load.js';
import { Engine } from '../detect.js';
import type { PlacedHit } from '../aggregate.js';
import { expand, type DecodeLimits } from '../../decode/index.js';
import { displayPath } from '../../sources/provenance.js';

export interface RunnerConfig {
  extraRules: string[];
  builtinRules: boolean;
  limits: DecodeLimits;
  inlineAllow: boolean;
  extraCanaries: Array<[string, string]>;
}

export interface WorkResult {
  hits: PlacedHit[];
  warnings: ScanWarning[];
  counts: Record<string, number>;
}

export class ChunkRunner {
  private readonly engine: Engine;
  private readonly canaries: ReadonlyMap<string, string>;

  constructor(private readonly cfg: RunnerConfig, ruleSet: RuleSet) {
    this.engine = new Engine(ruleSet);
    this.canaries = new Map(cfg.extraCanaries);
  }

  static async create(cfg: RunnerConfig, ruleSet?: RuleSet): Promise<ChunkRunner> {
    return new ChunkRunner(cfg, ruleSet ?? (await loadRules({ extra: cfg.extraRules, builtin: cfg.builtinRules })));
  }

  async run(chunk: Chunk): Promise<WorkResult> {
    const result: WorkResult = { hits: [], warnings: [], counts: {} };
    const ctx = {
      warn: (w: ScanWarning) => void result.warnings.push(w),
      count: (key: string, n = 1) => void (result.counts[key] = (result.counts[key] ?? 0) + n),
    };
    try {
      for await (const tc of expand(chunk, this.cfg.limits, ctx)) {
        const hits = this.engine.detect(tc.text, {
          path: tc.provenance[0] ? displayPath(tc.provenance[0]) : undefined,
          lines: tc.lines,
          inlineAllow: this.cfg.inlineAllow,
          extraCanaries: this.canaries,
        });
        for (const hit of hits) result.hits.push({ hit, provenance: tc.provenance, ...(tc.encoding ? { encoding: tc.encoding } : {}) });
      }
    } catch (e) {
      // One bad chunk must not end the scan: say which, keep going.
      ctx.warn({ kind: 'decode', path: chunk.provenance[0] ? displayPath(chunk.provenance[0]) : chunk.id, message: `could not scan: ${(e as Error).message}` });
    }
    return result;
  }
}
