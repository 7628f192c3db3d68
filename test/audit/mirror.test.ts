// Mirrors of repositories behind HTTP basic auth (`https://user:token@host/…` in a LIST): the
// clone and the fetch authenticate, and the token is written nowhere — not in the mirror's
// config, not in any file of the cache — also for a cache an older keyhound left it in.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { cachePath, mirror, MirrorError, transportAuth } from '../../src/audit/mirror.js';
import { repoEntry } from '../../src/audit/repo-list.js';
import { cleanupRepos, GitRepo, tempDir } from '../helpers/git-repo.js';

const USER = 'ci-bot';
const TOKEN = 'tok-3f9a1c7e5b2d8046';
let server: Server;
let base = '';
let root = '';
let origin: GitRepo;
/** Authorization headers the server saw, in order. */
const seen: Array<string | undefined> = [];

/** git's smart HTTP through `git http-backend` (CGI), behind basic auth. */
function serve(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  seen.push(req.headers.authorization);
  if (req.headers.authorization !== `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`) {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
    return;
  }
  const url = new URL(req.url!, 'http://127.0.0.1');
  const cgi = spawn('git', ['http-backend'], {
    env: { ...process.env, GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: '1', PATH_INFO: url.pathname, QUERY_STRING: url.search.slice(1), REQUEST_METHOD: req.method!, CONTENT_TYPE: req.headers['content-type'] ?? '', REMOTE_USER: USER },
  });
  req.pipe(cgi.stdin);
  const chunks: Buffer[] = [];
  cgi.stdout.on('data', (c: Buffer) => chunks.push(c));
  cgi.on('close', () => {
    const out = Buffer.concat(chunks);
    const end = out.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of out.subarray(0, end).toString('latin1').split('\r\n')) {
      const [k, ...v] = line.split(': ');
      if (k!.toLowerCase() === 'status') status = parseInt(v.join(': '), 10);
      else headers[k!] = v.join(': ');
    }
    res.writeHead(status, headers).end(out.subarray(end + 4));
  });
}

/** Every file under `dir` that holds `needle`. */
function filesHolding(dir: string, needle: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesHolding(p, needle));
    else if (readFileSync(p).includes(needle)) out.push(p);
  }
  return out;
}

beforeAll(async () => {
  root = tempDir('keyhound-http-root-');
  const work = GitRepo.init();
  work.commitFiles({ 'README.md': 'one\n' }, 'first');
  mkdirSync(join(root, 'app.git'));
  origin = GitRepo.init({ bare: true, dir: join(root, 'app.git') });
  work.git('push', '-q', origin.dir, 'HEAD:refs/heads/main');
  server = createServer(serve);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  cleanupRepos();
});

describe('transportAuth', () => {
  test('http(s) userinfo becomes a header for that origin; the URL loses it', () => {
    expect(transportAuth('https://a%40b:p%3Ass@git.example.com:8443/org/app.git')).toEqual({
      url: 'https://git.example.com:8443/org/app.git',
      env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.https://git.example.com:8443/.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from('a@b:p:ss').toString('base64')}` },
    });
  });

  test('URLs without userinfo, and ssh, stay as they are', () => {
    for (const url of ['https://git.example.com/org/app.git', 'ssh://git@git.example.com/org/app.git', 'git@git.example.com:org/app.git', '/srv/app.git']) {
      expect(transportAuth(url)).toEqual({ url, env: {} });
    }
  });
});

describe('mirror over HTTP basic auth', () => {
  test('clones and fetches with the token, and writes it nowhere in the cache', async () => {
    const cache = tempDir('keyhound-cache-');
    const entry = repoEntry(`http://${USER}:${TOKEN}@${base.slice('http://'.length)}/app.git`);
    const dir = await mirror(entry, cache, 30_000);
    expect(dir).toBe(cachePath(cache, entry.repo));
    const mirrored = new GitRepo(dir);
    expect(mirrored.git('config', 'remote.origin.url').trim()).toBe(`${base}/app.git`);
    expect(mirrored.git('rev-parse', 'refs/heads/main').trim()).toBe(origin.git('rev-parse', 'refs/heads/main').trim());
    // a new commit upstream arrives with the next run's fetch
    const work = GitRepo.clone(origin);
    work.commitFiles({ 'README.md': 'two\n' }, 'second');
    work.git('push', '-q', 'origin', 'HEAD:refs/heads/main');
    await mirror(entry, cache, 30_000);
    expect(mirrored.git('rev-parse', 'refs/heads/main').trim()).toBe(origin.git('rev-parse', 'refs/heads/main').trim());
    expect(filesHolding(cache, TOKEN)).toEqual([]);
    expect(filesHolding(cache, Buffer.from(`${USER}:${TOKEN}`).toString('base64'))).toEqual([]);
  });

  test('a cache that kept the credentials in its config loses them on the next fetch', async () => {
    const cache = tempDir('keyhound-cache-');
    const entry = repoEntry(`http://${USER}:${TOKEN}@${base.slice('http://'.length)}/app.git`);
    const dir = await mirror(entry, cache, 30_000);
    new GitRepo(dir).git('config', 'remote.origin.url', entry.url); // as keyhound before this change left it
    await mirror(entry, cache, 30_000);
    expect(new GitRepo(dir).git('config', 'remote.origin.url').trim()).toBe(`${base}/app.git`);
    expect(filesHolding(cache, TOKEN)).toEqual([]);
  });

  test('a wrong token fails with git\'s reason and no prompt', async () => {
    const before = seen.length;
    const entry = repoEntry(`http://${USER}:wrong-token@${base.slice('http://'.length)}/app.git`);
    const failed = mirror(entry, tempDir('keyhound-cache-'), 30_000);
    await expect(failed).rejects.toThrow(MirrorError);
    await expect(failed).rejects.toThrow(/clone failed: .*(401|Authentication failed|could not read Username .*terminal prompts disabled)/);
    // the server was asked, with the (wrong) header every time, and nothing printed the token
    const asked = seen.slice(before);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((h) => h === `Basic ${Buffer.from(`${USER}:wrong-token`).toString('base64')}`)).toBe(true);
    await expect(failed).rejects.not.toThrow(/wrong-token/);
  });
});
