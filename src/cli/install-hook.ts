// `keyhound install-hook [repo]`: a plain git pre-commit hook that runs `keyhound staged
// --quiet`. Never overwrites a hook it did not write without --force (that one is kept beside
// it and put back by --uninstall); --uninstall removes only a hook it wrote.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIO } from './io.js';
import { EXIT } from './exit.js';
import { GitUsageError } from '../sources/git/exec.js';
import { HOOK_MARKER, hookScript, hooksDir } from '../integrations/git-hook.js';

export interface InstallHookArgs {
  repo: string;
  force: boolean;
  uninstall: boolean;
}

/** bin/keyhound.js of this installation (dist/cli/ → ../../bin). */
const SCRIPT = fileURLToPath(new URL('../../bin/keyhound.js', import.meta.url));

export async function installHookCommand(args: InstallHookArgs, io: CliIO): Promise<number> {
  let dir: string;
  try {
    dir = await hooksDir(args.repo);
  } catch (e) {
    if (e instanceof GitUsageError) throw Object.assign(new Error(e.message), { exitCode: EXIT.ERROR });
    throw e;
  }
  const hook = join(dir, 'pre-commit');
  const kept = `${hook}.before-keyhound`;
  const ours = existsSync(hook) && readFileSync(hook, 'utf8').includes(HOOK_MARKER);
  return args.uninstall ? uninstall(hook, kept, ours, io) : install(hook, kept, ours, args.force, io);
}

function install(hook: string, kept: string, ours: boolean, force: boolean, io: CliIO): number {
  if (existsSync(hook) && !ours) {
    if (!force) {
      io.stderr(
        `keyhound: ${hook} exists and was not written by keyhound: left alone.\n` +
          `Add 'keyhound staged --quiet' to it yourself, or run again with --force (it is kept as ${kept}).\n`,
      );
      return EXIT.ERROR;
    }
    renameSync(hook, kept);
  }
  mkdirSync(join(hook, '..'), { recursive: true });
  writeFileSync(hook, hookScript(process.execPath, SCRIPT), { mode: 0o755 });
  chmodSync(hook, 0o755); // an existing file keeps its mode under writeFileSync
  io.stdout(`keyhound: ${ours ? 'updated' : 'installed'} the pre-commit hook: ${hook}\n`);
  return EXIT.OK;
}

function uninstall(hook: string, kept: string, ours: boolean, io: CliIO): number {
  if (!existsSync(hook)) {
    io.stdout(`keyhound: no pre-commit hook at ${hook}: nothing to remove\n`);
    return EXIT.OK;
  }
  if (!ours) {
    io.stderr(`keyhound: ${hook} was not written by keyhound: left alone\n`);
    return EXIT.ERROR;
  }
  unlinkSync(hook);
  const restored = existsSync(kept);
  if (restored) renameSync(kept, hook);
  io.stdout(`keyhound: removed the pre-commit hook ${hook}${restored ? ' (the previous hook is back)' : ''}\n`);
  return EXIT.OK;
}
