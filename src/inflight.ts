// What the scan was doing when it was interrupted, for the `interrupted` warning: the last
// content handed to be matched (a file, an archive member, a blob of which repository) and how
// much had been matched, so "results are partial" says partial of what.
import type { Chunk, Finding, ScanWarning } from './types.js';
import { displayPath } from './sources/provenance.js';

export class InFlight {
  private last: Chunk | undefined;
  private repo: string | undefined;
  private matched = 0;
  private stdinBytes = 0;

  /** A chunk was handed on to be matched. */
  submit(chunk: Chunk): void {
    this.last = chunk;
    if (chunk.gitBlob) this.repo = chunk.gitBlob.repo;
    if (chunk.provenance[0]?.kind === 'stdin') this.stdinBytes += chunk.bytes.byteLength;
  }

  /** Chunks matched (counted before their provenance is joined: a history's blobs may wait for it). */
  done(n: number): void {
    this.matched += n;
  }

  warning(): ScanWarning {
    const last = this.last;
    const partial = 'results are partial';
    if (!last) return { kind: 'interrupted', path: '(nothing read yet)', message: `scan interrupted before any content was read: ${partial}` };
    const first = last.provenance[0];
    if (first?.kind === 'stdin') {
      return { kind: 'interrupted', path: '(stdin)', message: `scan interrupted while reading stdin (${this.stdinBytes} bytes read and scanned): ${partial}` };
    }
    // A history: a blob's path is only known once the walk has ended, so name the repository.
    if (this.repo !== undefined && (last.gitBlob || first?.kind === 'git-message' || first?.kind === 'git-unreachable')) {
      const at = last.gitBlob ? `blob ${last.id.slice(0, 12)}` : first?.kind === 'git-message' ? `commit ${first.commit.slice(0, 12)}` : last.id.slice(0, 12);
      return {
        kind: 'interrupted',
        path: this.repo,
        message: `scan interrupted while scanning the history of ${this.repo} at ${at} (${this.matched} blobs and messages scanned): ${partial}`,
      };
    }
    const path = first ? displayPath(first) : last.readFrom ?? last.id;
    return { kind: 'interrupted', path, message: `scan interrupted while scanning ${path} (${this.matched} files scanned): ${partial}` };
  }
}

/** Interrupted while verifying: the scan is whole, but some keys were not checked. */
export function verifyInterrupted(findings: Finding[]): ScanWarning {
  const left = findings.filter((f) => f.verification?.reason === 'interrupted').length;
  return {
    kind: 'interrupted',
    path: '(verification)',
    message: `interrupted while verifying keys: ${left} of ${findings.length} finding(s) not verified (unknown: interrupted)`,
  };
}
