// Measures src/ with the TypeScript compiler's own parser, so a function's span is exact
// (not guessed from braces): every function, method, constructor, accessor and arrow
// function, with its first and last line. Used by test/sizes.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface FunctionSize { file: string; name: string; line: number; lines: number; excused: boolean }
export interface FileSize { file: string; lines: number; excused: boolean }

/** A `// size: why` comment among the file's leading comments (before its first statement). */
const REASON = /^\s*\/\/\s*size:\s*\S/m;

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
    return parent.name.getText(sf);
  }
  return '(anonymous)';
}

/** Leading comments of a function, or of the statement that declares it (`const f = () => …`). */
function leadingText(node: ts.Node, sf: ts.SourceFile): string {
  let at: ts.Node = node;
  while (at.parent && !ts.isSourceFile(at.parent) && !ts.isBlock(at.parent) && !ts.isClassLike(at.parent)) at = at.parent;
  const text = sf.getFullText();
  return (ts.getLeadingCommentRanges(text, at.getFullStart()) ?? []).map((r) => text.slice(r.pos, r.end)).join('\n');
}

export function measure(file: string, root: string): { file: FileSize; functions: FunctionSize[] } {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const rel = path.relative(root, file);
  const first = sf.statements[0];
  const head = first ? text.slice(0, first.getStart(sf)) : text;
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const functions: FunctionSize[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const start = lineOf(node.getStart(sf));
      const lines = lineOf(node.getEnd()) - start + 1;
      functions.push({ file: rel, name: nameOf(node, sf), line: start, lines, excused: REASON.test(leadingText(node, sf)) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  return { file: { file: rel, lines, excused: REASON.test(head) }, functions };
}
