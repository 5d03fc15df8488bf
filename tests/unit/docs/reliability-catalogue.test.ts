import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CATALOGUE = 'docs/reliability.md';
const SCANNED = ['shared', 'functions', 'infra', 'tests'];

/** One row id: a group letter and a digit 1-9. */
const ID = /\b([SIMQDANK])([1-9])\b/g;
/** A run of ids after RELIABILITY or the catalogue's path: one id, a range, or a list joined by commas, slashes or "and". */
const AFTER_NAME = /(?:RELIABILITY|docs\/reliability\.md)\s+((?:[SIMQDANK][1-9]\b(?:\s*(?:[-–/,]|and)\s*)?)+)/g;
/** S3 is also Amazon S3: inside parentheses it counts only when it stands alone as a list item, not in "the S3 presigner". */
const S3_AS_ITEM = /(?:^|[(,;/\-–]\s*)S3\s*(?:$|[),;:/\-–])/;
/** A file without this anywhere cites nothing, so it need not be parsed (parsing every file takes seconds). */
const MAY_CITE = /\([^()]*\b[SIMQDANK][1-9]\b[^()]*\)|RELIABILITY|docs\/reliability\.md/;

interface Cited { id: string; at: string }

function sourceFiles(): string[] {
  return SCANNED.flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.split(/[\\/]/).includes('node_modules'))
    .map((f) => join(dir, f)))
    .sort();
}

/** The comments and test titles of a file, each with its offset in the file. */
function citableTexts(file: string, text: string): { text: string; pos: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out = new Map<number, string>();
  const addComments = (ranges: ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) out.set(r.pos, text.slice(r.pos, r.end));
  };
  const rootName = (e: ts.Expression): string | undefined => {
    if (ts.isIdentifier(e)) return e.text;
    if (ts.isPropertyAccessExpression(e)) return rootName(e.expression);
    if (ts.isCallExpression(e)) return rootName(e.expression); // it.each([...])('title', ...)
    return undefined;
  };
  const visit = (node: ts.Node) => {
    addComments(ts.getLeadingCommentRanges(text, node.getFullStart()));
    addComments(ts.getTrailingCommentRanges(text, node.getEnd()));
    if (ts.isCallExpression(node) && ['describe', 'it', 'test'].includes(rootName(node.expression) ?? '')) {
      const title = node.arguments[0];
      if (title && (ts.isStringLiteral(title) || ts.isNoSubstitutionTemplateLiteral(title) || ts.isTemplateExpression(title))) {
        out.set(title.getStart(source), title.getText(source));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  addComments(ts.getLeadingCommentRanges(text, source.endOfFileToken.getFullStart()));
  return [...out].map(([pos, t]) => ({ text: t, pos }));
}

/** "M1-M3" cites M1, M2 and M3. */
function expand(list: string, offset: number): { id: string; offset: number }[] {
  const ids = [...list.matchAll(ID)].map((m) => ({ id: m[0], offset: offset + m.index }));
  const ranges = [...list.matchAll(/\b([SIMQDANK])([1-9])\s*[-–]\s*\1([1-9])\b/g)];
  for (const r of ranges) {
    for (let n = Number(r[2]) + 1; n < Number(r[3]); n++) ids.push({ id: `${r[1]}${n}`, offset: offset + r.index });
  }
  return ids;
}

function citationsIn(file: string): Cited[] {
  const text = readFileSync(file, 'utf8');
  if (!MAY_CITE.test(text)) return [];
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
  const found = new Map<string, Cited>();
  const add = (id: string, offset: number) => {
    const at = `${file}:${lineOf(offset)}`;
    found.set(`${at} ${id}`, { id, at });
  };
  for (const { text: t, pos } of citableTexts(file, text)) {
    for (const group of t.matchAll(/\(([^()]*)\)/g)) {
      const inner = group[1]!;
      for (const { id, offset } of expand(inner, pos + group.index + 1)) {
        if (id !== 'S3' || S3_AS_ITEM.test(inner)) add(id, offset);
      }
    }
    for (const named of t.matchAll(AFTER_NAME)) {
      const list = named[1]!;
      for (const { id, offset } of expand(list, pos + named.index + named[0].length - list.length)) add(id, offset);
    }
  }
  return [...found.values()];
}

const catalogue = readFileSync(CATALOGUE, 'utf8');
const rows = [...catalogue.matchAll(/^\| *([SIMQDANK][1-9]) *\|(.*)$/gm)].map((m) => ({ id: m[1]!, cells: m[2]!.split(' | ') }));
const defined = new Set(rows.map((r) => r.id));

describe(`the reliability catalogue (${CATALOGUE})`, () => {
  it('defines each id once, with a failure, what must hold and where it is tested', () => {
    const duplicated = rows.map((r) => r.id).filter((id, i, all) => all.indexOf(id) !== i);
    const incomplete = rows.filter((r) => r.cells.length !== 3 || !/`tests\/|not yet tested/.test(r.cells[2]!)).map((r) => r.id);

    expect(rows.length).toBeGreaterThan(0);
    expect(duplicated).toEqual([]);
    expect(incomplete).toEqual([]);
  });

  it('defines every id a comment or test title cites', () => {
    const citations = sourceFiles().flatMap(citationsIn);
    const undefinedIds = citations.filter((c) => !defined.has(c.id)).map((c) => `${c.at} cites ${c.id}`);

    expect(citations.length).toBeGreaterThan(0);
    expect(undefinedIds).toEqual([]);
  }, 30_000);

  it('names only test files that exist', () => {
    const named = [...new Set([...catalogue.matchAll(/`(tests\/[^`\s]+)`/g)].map((m) => m[1]!))];
    const missing = named.filter((path) => !existsSync(path));

    expect(named.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});
