// Mirror clones for `keyhound repos`: clone a repository once into the cache, fetch it on
// later runs. The one place keyhound reaches a git remote, so it relaxes exactly one of the
// safety settings of sources/git/exec.ts — the transport, for the protocols a LIST may name —
// and keeps the rest: no hooks, no fsmonitor, no credential helper, no askpass, no prompt.
// The plumbing is simple-git (loaded only by `repos`), with exec.ts's environment and settings.
// Credentials in an http(s) URL never reach git's argv or the mirror's config: they go as an
// Authorization header for that origin, in git's environment (transportAuth).
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { gitEnv, gitMessage, safeConfig } from '../sources/git/exec.js';
import { repoHash, repoSlug, type RepoEntry } from './repo-list.js';

/** The protocols a LIST may use; git's `ext::` and others stay forbidden. */
const PROTOCOLS = ['file', 'https', 'http', 'ssh', 'git'];

/** Transport settings on top of exec.ts's SAFE_CONFIG (later -c wins). */
const TRANSPORT_CONFIG = [
  ...PROTOCOLS.map((p) => `protocol.${p}.allow=always`),
  // ssh may run (it is the transport) but never asks: no password, no host-key prompt.
  'core.sshCommand=ssh -o BatchMode=yes',
  'submodule.recurse=false',
  'transfer.fsckObjects=false',
];

/** `$XDG_CACHE_HOME/keyhound/repos`, else `~/.cache/keyhound/repos`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'keyhound', 'repos');
}

/** The cache directory of one repository: a readable slug plus a stable hash of its name. */
export function cachePath(cacheDir: string, repo: string): string {
  return join(cacheDir, `${repoSlug(repo)}-${repoHash(repo).slice(0, 16)}.git`);
}

export class MirrorError extends Error {}

/**
 * The URL git is given, without the userinfo of an http(s) URL, and that userinfo as the
 * environment that makes git send it: `http.<origin>/.extraHeader` (only to that origin, so
 * not along a redirect elsewhere) through GIT_CONFIG_COUNT/KEY/VALUE. Other URLs as they are
 * (ssh's `user@` names an account, not a secret).
 */
export function transportAuth(url: string): { url: string; env: Record<string, string> } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, env: {} };
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || (!u.username && !u.password)) return { url, env: {} };
  const basic = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  u.username = '';
  u.password = '';
  return { url: u.toString(), env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `http.${u.origin}/.extraHeader`, GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` } };
}

/** A mirror of `entry` in the cache, cloned or fetched; returns its path. */
export async function mirror(entry: RepoEntry, cacheDir: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const dir = cachePath(cacheDir, entry.repo);
  const { url, env } = transportAuth(entry.url);
  if (existsSync(join(dir, 'HEAD'))) {
    // the LIST's URL of today, without credentials (a cache from before kept them here)
    await runTransport(dir, ['config', 'remote.origin.url', url], timeoutMs, signal, {});
    await runTransport(dir, ['fetch', '--prune', '--quiet', '--no-write-fetch-head', 'origin'], timeoutMs, signal, env);
    return dir;
  }
  mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
  // `--` first: a URL beginning with '-' is a URL, not an option. No templates: no hooks copied.
  await runTransport(dirname(dir), ['clone', '--mirror', '--quiet', '--template=', '--', url, dir], timeoutMs, signal, env);
  return dir;
}

/**
 * git through simple-git with the transport allowed, killed after `timeoutMs` (or on `signal`);
 * a failure is a MirrorError (redacted by the caller). simple-git's own guards stay on except
 * where keyhound's settings trip them: they *disable* the helper, askpass, hooks, fsmonitor,
 * proxy, pager and gpg, allow only the listed protocols (never `ext::`), and pass an URL's
 * credentials as one header in the environment (GIT_CONFIG_COUNT).
 */
async function runTransport(cwd: string, args: string[], timeoutMs: number, signal: AbortSignal | undefined, auth: Record<string, string>): Promise<void> {
  const { simpleGit } = await import('simple-git');
  const env = { ...gitEnv(), GIT_ALLOW_PROTOCOL: PROTOCOLS.join(':'), GIT_ASKPASS: '', SSH_ASKPASS: '', ...auth };
  const deadline = AbortSignal.timeout(timeoutMs);
  const git = simpleGit({
    baseDir: cwd,
    config: [...safeConfig(), ...TRANSPORT_CONFIG],
    abort: signal ? AbortSignal.any([signal, deadline]) : deadline,
    unsafe: {
      allowUnsafeAskPass: true,
      allowUnsafeCredentialHelper: true,
      allowUnsafeHooksPath: true,
      allowUnsafeFsMonitor: true,
      allowUnsafeGitProxy: true,
      allowUnsafePager: true,
      allowUnsafeGpgProgram: true,
      allowUnsafeDiffExternal: true,
      allowUnsafeSshCommand: true,
      allowUnsafeProtocolOverride: true,
      allowUnsafeTemplateDir: true,
      // set by transportAuth alone (gitEnv() drops every inherited GIT_CONFIG_*): one http.extraHeader
      allowUnsafeConfigEnvCount: true,
    },
  }).env(env);
  try {
    await git.raw(args);
  } catch (e) {
    if (deadline.aborted) throw new MirrorError(`${args[0]} timed out after ${Math.round(timeoutMs / 1000)} s`);
    if (signal?.aborted) throw new MirrorError('interrupted');
    const message = e instanceof Error ? e.message : String(e);
    throw new MirrorError(`${args[0]} failed: ${gitMessage(message) || 'git failed'}`);
  }
}
