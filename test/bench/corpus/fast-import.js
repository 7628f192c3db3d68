// A `git fast-import` stream written to a file, and its import into a fresh repository,
// plus the summary figures (commits, refs, blobs) the git cases print.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sh, walkFiles } from './util.js';

export const AUTHORS = [
  'Ada Lovelace <ada@example.com>',
  'Grace Hopper <grace@example.com>',
  'Linus Benchmark <linus@example.org>',
  'Margaret Hamilton <mh@example.net>',
  'Ken Thompson <ken@example.com>',
  'Barbara Liskov <bl@example.org>',
];

export class FastImport {
  constructor(file) {
    this.fd = fs.openSync(file, 'w');
    this.mark = 0;
    this.bytes = 0;
  }
  write(x) {
    const b = typeof x === 'string' ? Buffer.from(x) : x;
    fs.writeSync(this.fd, b);
    this.bytes += b.length;
  }
  data(buf) {
    const b = typeof buf === 'string' ? Buffer.from(buf) : buf;
    this.write(`data ${b.length}\n`);
    this.write(b);
    this.write('\n');
  }
  /**
   * ops: [{ op: 'M', path, content, mode? } | { op: 'D', path } | { op: 'deleteall' }] → the commit's mark.
   * `who` is the author (and committer unless `committer` is given); times are epoch seconds.
   */
  commit({ ref, who, time, committer, committerTime, message, from, ops }) {
    const mark = ++this.mark;
    this.write(`commit ${ref}\nmark :${mark}\n`);
    this.write(`author ${who} ${time} +0000\ncommitter ${committer ?? who} ${committerTime ?? time} +0000\n`);
    this.data(message);
    if (from) this.write(`from ${from}\n`);
    for (const o of ops) {
      if (o.op === 'D') {
        this.write(`D ${o.path}\n`);
      } else if (o.op === 'deleteall') {
        this.write('deleteall\n');
      } else {
        this.write(`M ${o.mode ?? '100644'} inline ${o.path}\n`);
        this.data(o.content);
      }
    }
    this.write('\n');
    return mark;
  }
  tag(name, mark) {
    this.write(`reset refs/tags/${name}\nfrom :${mark}\n\n`);
  }
  close() {
    fs.closeSync(this.fd);
  }
}

/** A fresh repo at `repo` holding what the stream file describes (the stream is then removed). */
export function importStream(repo, streamFile) {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.mkdirSync(repo, { recursive: true });
  sh('git', ['init', '-q', repo]);
  sh('git', ['-C', repo, 'config', 'gc.auto', '0']);
  const fd = fs.openSync(streamFile, 'r');
  try {
    const r = spawnSync('git', ['-C', repo, 'fast-import', '--quiet'], { stdio: [fd, 'ignore', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git fast-import: exit ${r.status}\n${r.stderr}`);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(streamFile, { force: true });
  }
}

/** Blob count and total blob bytes of a repo's object store. */
export function blobStats(repo) {
  const out = sh('git', ['-C', repo, 'cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectsize)']);
  let blobs = 0;
  let bytes = 0;
  let objects = 0;
  for (const line of out.split('\n')) {
    if (!line) continue;
    objects++;
    const [type, size] = line.split(' ');
    if (type === 'blob') {
      blobs++;
      bytes += Number(size);
    }
  }
  return { objects, blobs, bytes };
}

/** What the git cases print about a repo: commits, refs, pack size and blob figures. */
export function historyInfo(repo) {
  const commits = Number(sh('git', ['-C', repo, 'rev-list', '--all', '--count']).trim());
  const refs = sh('git', ['-C', repo, 'for-each-ref', '--format=%(refname)']).split('\n').filter(Boolean).length;
  const packBytes = walkFiles(path.join(repo, '.git', 'objects')).reduce((s, f) => s + f.size, 0);
  return { commits, refs, packBytes, ...blobStats(repo) };
}
