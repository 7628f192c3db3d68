// --output FILE: checked before the scan (a typo fails in a second, not after an hour) and
// written atomically with mode 0600 (a report holds redacted secrets and paths): a temp file
// in the same directory, fsynced, then renamed over FILE. Readers see the old file or the whole
// new one, never half a report.
import { accessSync, closeSync, constants, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT, UsageError } from './exit.js';

/** Where the report goes: `rename` targets a regular file; anything else is written in place. */
export interface OutputTarget {
  path: string;
  /** A FIFO, /dev/stdout or a terminal: cannot be replaced, so it is written directly. */
  inPlace: boolean;
}

/** Throws a UsageError (exit 2) unless FILE can be written; nothing is created. */
export function checkOutput(file: string): OutputTarget {
  if (file === '') throw new UsageError('--output needs a file name');
  let path = resolve(file);
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    // A symlink is followed: the file it names is replaced, not the link.
    path = realpathSync(path);
    existing = statSync(path);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw new UsageError(`--output ${file}: is a directory`);
  if (existing && !existing.isFile()) {
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      throw new UsageError(`--output ${file}: not writable (${(e as NodeJS.ErrnoException).code})`);
    }
    return { path, inPlace: true };
  }
  const dir = dirname(path);
  let d: ReturnType<typeof statSync>;
  try {
    d = statSync(dir);
  } catch {
    throw new UsageError(`--output ${file}: directory ${dirname(file)} does not exist`);
  }
  if (!d.isDirectory()) throw new UsageError(`--output ${file}: ${dirname(file)} is not a directory`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(`--output ${file}: directory ${dirname(file)} is not writable`);
  }
  return { path, inPlace: false };
}

/** Write the report; on any failure the temp file is removed and the error thrown. */
export function writeOutput(target: OutputTarget, text: string): void {
  const buf = Buffer.from(text);
  if (target.inPlace) {
    const fd = openSync(target.path, 'w');
    try {
      writeAllSync(fd, buf);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const tmp = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // 'wx': never follow or reuse a file someone placed at the temp name.
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeAllSync(fd, buf);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target.path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw Object.assign(new Error(`cannot write the report to ${target.path}: ${(e as Error).message}`), { exitCode: EXIT.ERROR });
  }
}

function writeAllSync(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
}
