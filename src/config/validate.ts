// A .keyhound.yaml checked against the published JSON Schema (keyhound.schema.json, with ajv),
// each problem named file:line: key, the line taken from the YAML node the problem is at.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError } from './error.js';

export { ConfigError } from './error.js';

/** In src/config/ and, copied by the build, dist/config/: '../config/' finds it from the bundle (dist/bundle/) too. */
export const SCHEMA_FILE = fileURLToPath(new URL('../config/keyhound.schema.json', import.meta.url));

/** A parsed YAML config, with what maps a path in it back to a line. */
export interface ParsedYaml {
  file: string;
  data: unknown;
  /** 1-based line of the node at `path` (keys: the key's own line); the nearest parent's if absent. */
  lineOf(path: ReadonlyArray<string | number>, key?: boolean): number;
}

let validator: ValidateFunction | undefined;

/** The schema compiled once per process (ajv: ~30 ms; only runs when a config exists). */
async function schemaValidator(): Promise<ValidateFunction> {
  if (validator) return validator;
  const mod = (await import('ajv')) as unknown as { default: new (o: object) => { compile(s: object): ValidateFunction } };
  const ajv = new mod.default({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
  return validator;
}

/** Parse `text` as YAML; a syntax error is a ConfigError naming its line. */
export function parseYamlConfig(file: string, text: string): ParsedYaml {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigError(doc.errors.map((e) => `${file}:${counter.linePos(e.pos[0]).line}: YAML error: ${e.message.split('\n')[0]}`));
  }
  const lineAt = (n: Node | undefined) => (n?.range ? counter.linePos(n.range[0]).line : 1);
  return {
    file,
    data: doc.toJS() ?? {},
    lineOf: (path, key = false) => lineAt(nodeAt(doc, path, key)),
  };
}

/** The deepest node along `path` (a key's node when `key`), so a missing child names its parent. */
function nodeAt(doc: Document, path: ReadonlyArray<string | number>, key: boolean): Node | undefined {
  let node = doc.contents as Node | null | undefined;
  let found: Node | undefined = node ?? undefined;
  for (let i = 0; i < path.length && node; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (key && i === path.length - 1) return pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node)) node = node.items[Number(seg)] as Node | undefined;
    else break;
    if (node) found = node;
  }
  return found;
}

/** Every schema problem of `parsed`, as `file:line: key: what` (empty: valid). */
export async function schemaProblems(parsed: ParsedYaml): Promise<string[]> {
  const validate = await schemaValidator();
  if (validate(parsed.data)) return [];
  return dedupe(validate.errors ?? []).map((e) => describe(e, parsed));
}

/** ajv reports every branch of a oneOf; the branch errors under a oneOf say less than it does. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const oneOf = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword !== 'oneOf' && oneOf.has(e.instancePath)) return false;
    const k = `${e.instancePath}\0${e.message}\0${JSON.stringify(e.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function describe(e: ErrorObject, parsed: ParsedYaml): string {
  const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const segs = path.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const name = (p: Array<string | number>) => p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('') || '(top level)';
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    const at = [...segs, extra];
    return `${parsed.file}:${parsed.lineOf(at, true)}: ${name(at)}: unknown key${known(e)}`;
  }
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return `${parsed.file}:${parsed.lineOf(segs)}: ${name([...segs, missing])}: required`;
  }
  const allowed = e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
  return `${parsed.file}:${parsed.lineOf(segs)}: ${name(segs)}: ${e.message ?? 'invalid'}${allowed}`;
}

/** The keys the schema knows where an unknown one was found (a misspelling is then obvious). */
function known(e: ErrorObject): string {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? ` (known: ${Object.keys(props).join(', ')})` : '';
}
