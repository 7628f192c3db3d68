// `.keyhoundignore` at the scan root: the one-off "this is a test fixture". One entry a line:
//
//   <fingerprint>               # hides that secret everywhere
//   <fingerprint> <path glob>   # hides it only at paths the glob matches (relative to the root)
//
// `#` starts a comment; a comment on the entry's line, or else the comment line just above
// it, is the entry's reason. Fingerprints are content fingerprints (the JSON report's
// `fingerprint`): a different secret on the same line is not hidden.
import { globRegExp } from '../sources/glob.js';
import type { Finding, Location, Suppression } from '../types.js';
import { outerRelative, rootRelative } from './place.js';
import { splitComment, SuppressFileError, type Suppressor } from './suppressor.js';

interface IgnoreEntry {
  fingerprint: string;
  glob?: (path: string) => boolean;
  mark: Suppression;
}

export function parseIgnoreFile(text: string, file: string): Suppressor {
  const entries: IgnoreEntry[] = [];
  let above: string | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const { text: body, comment } = splitComment(raw);
    if (!body) {
      above = comment;
      return;
    }
    const [fp, ...rest] = body.split(/\s+/);
    if (!/^[0-9a-f]{64}$/.test(fp!)) {
      throw new SuppressFileError(`${file}:${i + 1}: expected a fingerprint (64 lowercase hex digits, the report's "fingerprint"), optionally followed by a path glob`);
    }
    const mark: Suppression = { kind: 'ignore', source: `${file}:${i + 1}` };
    const reason = comment ?? above;
    if (reason) mark.reason = reason;
    const pattern = rest.join(' ');
    const entry: IgnoreEntry = { fingerprint: fp!, mark };
    if (pattern) entry.glob = compileGlob(pattern, `${file}:${i + 1}`);
    entries.push(entry);
    above = undefined;
  });
  return ignoreSuppressor(entries);
}

function compileGlob(pattern: string, where: string): (path: string) => boolean {
  try {
    const re = globRegExp(pattern.replace(/^(\.\/)+/, ''));
    return (path) => re.test(path);
  } catch (e) {
    throw new SuppressFileError(`${where}: not a path glob (${(e as Error).message})`);
  }
}

function ignoreSuppressor(entries: IgnoreEntry[]): Suppressor {
  const byFingerprint = new Map<string, IgnoreEntry[]>();
  for (const e of entries) byFingerprint.set(e.fingerprint, [...(byFingerprint.get(e.fingerprint) ?? []), e]);
  return {
    entries: entries.map((e) => e.mark),
    whole: (f: Finding) => (byFingerprint.get(f.fingerprint) ?? []).filter((e) => !e.glob).map((e) => e.mark),
    at: (f: Finding, l: Location, root: string) => {
      const scoped = (byFingerprint.get(f.fingerprint) ?? []).filter((e) => e.glob);
      if (!scoped.length) return [];
      // An archive member matches by its own path (`a.zip!x/creds`) or by the archive's.
      const paths = [rootRelative(l, root), outerRelative(l, root)].filter((p): p is string => p !== undefined);
      return scoped.filter((e) => paths.some((p) => e.glob!(p))).map((e) => e.mark);
    },
  };
}
