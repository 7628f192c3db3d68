// The common command lines without yargs: loading yargs (and string-width's emoji tables)
// was ~40% of a `keyhound staged` run, and of the fixed start-up of `scan` and `git`. Only
// plain forms are taken — `staged [repo]`, `git [repo]`, `scan [paths..]` with long or
// one-letter flags the option table defines, booleans, strings, string arrays and choices.
// Anything else (numbers, sizes, --help, `--`, an unknown or repeated flag, a choice not
// listed, a word after an array option's value) returns null and yargs parses it, so its
// errors and help stay the only ones. The result is the object yargs would make
// (test/cli/fast-args.test.ts compares them).
import type { Argv } from 'yargs';

interface Spec {
  type?: 'string' | 'boolean' | 'number';
  array?: boolean;
  alias?: string;
  default?: unknown;
  choices?: readonly unknown[];
  coerce?: unknown;
}

type Args = { _: string[]; $0: string; [k: string]: unknown };

/** The option table a yargs builder function defines, read by calling it on a recorder. */
function optionTable(define: (y: Argv) => unknown): { specs: Map<string, Spec>; positional: [string, Spec] | undefined } {
  const specs = new Map<string, Spec>();
  let positional: [string, Spec] | undefined;
  const recorder = {
    option: (name: string, spec: Spec) => (specs.set(name, spec), recorder),
    options: (all: Record<string, Spec>) => (Object.entries(all).forEach(([k, v]) => specs.set(k, v)), recorder),
    positional: (name: string, spec: Spec) => ((positional = [name, spec]), recorder),
  };
  define(recorder as unknown as Argv);
  return { specs, positional };
}

const camel = (kebab: string) => kebab.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** A command's option table, by the command's word (`staged`, `git`, `scan`). */
export type CommandOptions = Record<string, (y: Argv) => unknown>;

/** `keyhound <command> …` parsed as yargs would, or null when yargs must parse it. */
export function fastArgs(argv: string[], commands: CommandOptions): Args | null {
  const command = argv[0];
  const define = command === undefined || !Object.hasOwn(commands, command) ? undefined : commands[command];
  if (command === undefined || !define) return null;
  const { specs, positional } = optionTable(define);
  if (!positional) return null;
  const byAlias = new Map([...specs].flatMap(([name, s]) => (s.alias ? [[s.alias, name] as const] : [])));
  const given = new Map<string, unknown>();
  let afterArray = false;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('-')) {
      // yargs may read a numeric word as a number, and gives the words after an array
      // option's value to that option: leave those to it.
      if (afterArray || (given.has(positional[0]) && !positional[1].array) || /^(\d|\.\d)/.test(word)) return null;
      given.set(positional[0], positional[1].array ? [...((given.get(positional[0]) as string[] | undefined) ?? []), word] : word);
      continue;
    }
    const m = /^--([a-z][a-z-]*)(=.*)?$/.exec(word) ?? /^-([a-zA-Z])()$/.exec(word);
    if (!m) return null;
    const long = word.startsWith('--');
    let name = long ? m[1] : byAlias.get(m[1]);
    let negated = false;
    if (long && name?.startsWith('no-') && !specs.has(name) && specs.get(name.slice(3))?.type === 'boolean') {
      name = name.slice(3);
      negated = true;
    }
    const spec = name === undefined ? undefined : specs.get(name);
    if (!spec || name === undefined) return null;
    afterArray = spec.array === true;
    const inline = m[2] ? m[2].slice(1) : undefined;
    if (spec.type === 'boolean') {
      if (inline !== undefined || given.has(name)) return null;
      given.set(name, !negated);
      continue;
    }
    if (negated || spec.coerce !== undefined || (spec.type !== 'string' && !spec.choices)) return null;
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return null;
    if (spec.choices && !spec.choices.includes(value)) return null;
    if (spec.array) given.set(name, [...((given.get(name) as string[] | undefined) ?? []), value]);
    else if (given.has(name)) return null;
    else given.set(name, value);
  }
  return asYargsWould(command, specs, positional, given);
}

/** Defaults, then what was given, each under its kebab-case, camelCase and alias keys. */
function asYargsWould(command: string, specs: Map<string, Spec>, positional: [string, Spec], given: Map<string, unknown>): Args {
  const args: Args = { _: [command], $0: 'keyhound' };
  const put = (name: string, spec: Spec, value: unknown) => {
    args[name] = value;
    args[camel(name)] = value;
    if (spec.alias) args[spec.alias] = value;
  };
  for (const [name, spec] of [...specs, positional]) {
    if (given.has(name)) put(name, spec, given.get(name));
    else if (spec === positional[1] && spec.array) put(name, spec, []);
    else if (spec.default !== undefined) put(name, spec, Array.isArray(spec.default) ? [...spec.default] : spec.default);
  }
  return args;
}
