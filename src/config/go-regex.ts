// Go (RE2) regex syntax → JavaScript, for gitleaks configs. What maps is rewritten; what JS
// lacks (or means differently) is a warning naming the construct, never a silent change.
// Facts: the RE2 syntax reference (the re2 project wiki, "Syntax") against ECMAScript RegExp.

export interface Translated {
  /** undefined: it could not be made a valid JS regex (see warnings). */
  pattern?: string;
  /** Flags the pattern's leading (?flags) group asked for: i, m, s. */
  flags: string;
  warnings: string[];
}

const POSIX: Record<string, string> = {
  alnum: 'a-zA-Z0-9', alpha: 'a-zA-Z', ascii: '\\x00-\\x7f', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: ' \\t\\n\\r\\f\\v', upper: 'A-Z',
  word: '\\w', xdigit: '0-9A-Fa-f',
};

export function goRegexToJs(go: string): Translated {
  const warnings: string[] = [];
  let flags = '';
  let src = go;
  // A leading (?i), (?s), (?m), (?is)…: JavaScript takes them as flags of the whole regex.
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    src = src.slice(lead[0].length);
    for (const f of lead[1]!) {
      if (f === 'U') warnings.push(`(?U) (ungreedy) has no JavaScript equivalent: repeats stay greedy`);
      else if (!flags.includes(f)) flags += f;
    }
  }
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === 'z') {
        out += '$';
        if (flags.includes('m')) warnings.push(`\\z under (?m): JavaScript's $ then also matches at line ends`);
      } else if (n === 'A') out += '^';
      else if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = src.slice(i + 2, end < 0 ? src.length : end);
        out += lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      } else if (n === 'p' || n === 'P' || (n === 'x' && src[i + 2] === '{')) {
        warnings.push(`\\${n}${n === 'x' ? '{…}' : ''} (Unicode classes, \\x{…}) needs JavaScript's u flag, which changes other escapes: rewrite it`);
        return { flags, warnings };
      } else out += c + (n ?? '');
      i++;
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      if (src[i + 2] === 'P' && src[i + 3] === '<') {
        out += '(?<';
        i += 3;
        continue;
      }
      const inline = /^\(\?([imsU-]+)(:|\))/.exec(src.slice(i));
      if (inline) {
        warnings.push(`inline flags (?${inline[1]}${inline[2]}${inline[2] === ':' ? '…)' : ''} inside the pattern: JavaScript has only whole-regex flags, so ${inline[1]!.includes('i') ? 'the whole pattern now ignores case' : 'they are dropped'}`);
        if (inline[1]!.includes('i') && !inline[1]!.startsWith('-') && !flags.includes('i')) flags += 'i';
        if (inline[2] === ':') out += '(?:';
        i += inline[0].length - 1;
        continue;
      }
    }
    if (c === '[') {
      const cls = bracket(src, i, warnings);
      out += cls.text;
      i = cls.end;
      continue;
    }
    out += c;
  }
  try {
    new RegExp(out, flags);
  } catch (e) {
    warnings.push(`not a valid JavaScript regex after translation: ${(e as Error).message}`);
    return { flags, warnings };
  }
  return { pattern: out, flags, warnings };
}

/** A bracket expression from `[` at `at`: POSIX classes expanded, a leading `]` escaped. */
function bracket(src: string, at: number, warnings: string[]): { text: string; end: number } {
  let i = at + 1;
  let text = '[';
  if (src[i] === '^') (text += '^'), i++;
  // RE2 takes a ']' right after '[' or '[^' as a literal; in JavaScript '[]' is an empty class.
  if (src[i] === ']') (text += '\\]'), i++;
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      text += c + (src[i + 1] ?? '');
      i++;
    } else if (c === '[' && src[i + 1] === ':') {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
      const set = m ? POSIX[m[2]!] : undefined;
      if (!m || set === undefined) {
        text += '\\[';
        continue;
      }
      if (m[1]) warnings.push(`negated POSIX class [:^${m[2]}:] has no JavaScript form inside a bracket: it is left out`);
      else text += set;
      i += m[0].length - 1;
    } else if (c === '[') text += '\\[';
    else if (c === ']') return { text: text + ']', end: i };
    else text += c;
  }
  return { text, end: src.length - 1 };
}
