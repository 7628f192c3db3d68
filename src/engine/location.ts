// The one place offsets become 1-based line and column numbers (columns in UTF-16 code
// units, as SARIF's default columnKind). Built lazily: most texts have no hit at all.
import type { Span } from '../types.js';

export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      let i = -1;
      while ((i = this.text.indexOf('\n', i + 1)) !== -1) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  /** 0-based line index holding `offset`. */
  lineOf(offset: number): number {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.lineStarts()[line] + 1 };
  }

  span(start: number, end: number): Span {
    const a = this.position(start);
    const b = this.position(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** The text of the line holding `offset`, without its newline. */
  lineText(offset: number): string {
    const s = this.lineStarts();
    const line = this.lineOf(offset);
    const end = line + 1 < s.length ? s[line + 1] - 1 : this.text.length;
    return this.text.slice(s[line], end);
  }
}
