import { htmlToText } from '../mail/html-to-text.js';

/** Which part of a mail the order parser read, and its text as the parser saw it. */
export interface OrderBody {
  readonly from: 'text' | 'html';
  readonly text: string;
}

const MAX_HTML_CHARS = 1_000_000;

/**
 * The body the parser reads: the text part, or the HTML part through htmlToText when the text part
 * is missing, lacks numbers the HTML shows (a stub or a summary), or is flattened (the HTML has a
 * table whose first row of two cells no text line keeps apart with a tab or a pipe: mail clients'
 * and mailparser's text of an HTML table glues or stacks its cells, and a pipe in a signature says
 * nothing about the table).
 */
export function orderBody(input: { readonly text?: string; readonly html?: string }): OrderBody {
  const text = input.text ?? '';
  const html = input.html ?? '';
  if (html.trim() === '') return { from: 'text', text };
  if (text.trim() === '') return { from: 'html', text: htmlToText(html.slice(0, MAX_HTML_CHARS)) };
  const table = /<t[dh][\s>]/i.test(html);
  // most text parts carry every number of their HTML; only then can the text part be read alone
  if (!table && !/\d/.test(html)) return { from: 'text', text };
  const fromHtml = htmlToText(html.slice(0, MAX_HTML_CHARS));
  // an HTML-only mail's stored text is this same conversion: it was read from the HTML
  if (sameWords(text, fromHtml)) return { from: 'html', text: fromHtml };
  if (lacksNumbersOf(text, fromHtml)) return { from: 'html', text: fromHtml };
  if (!table) return { from: 'text', text };
  return keepsCellsApart(text, fromHtml) ? { from: 'text', text } : { from: 'html', text: fromHtml };
}

const NUMBER = /\d+/g;

/**
 * A text part that lacks numbers its HTML shows ("see the table below", a client's "view this
 * message in HTML" stub, a summary such as "3 lines, about £70") is not the mail the customer saw.
 */
function lacksNumbersOf(text: string, fromHtml: string): boolean {
  const counts = new Map<string, number>();
  for (const n of text.match(NUMBER) ?? []) counts.set(n, (counts.get(n) ?? 0) + 1);
  for (const n of fromHtml.match(NUMBER) ?? []) {
    const left = counts.get(n) ?? 0;
    if (left === 0) return true;
    counts.set(n, left - 1);
  }
  return false;
}

/** Whether both say the same once trimmed and each run of white space is one space (compared in place: no copies of the bodies). */
function sameWords(a: string, b: string): boolean {
  let i = skipSpaces(a, 0);
  let j = skipSpaces(b, 0);
  while (i < a.length && j < b.length) {
    const space = isSpace(a.charCodeAt(i));
    if (space !== isSpace(b.charCodeAt(j))) return false;
    if (space) {
      i = skipSpaces(a, i);
      j = skipSpaces(b, j);
    } else if (a.charCodeAt(i++) !== b.charCodeAt(j++)) {
      return false;
    }
  }
  return skipSpaces(a, i) >= a.length && skipSpaces(b, j) >= b.length;
}

function skipSpaces(text: string, from: number): number {
  let k = from;
  while (k < text.length && isSpace(text.charCodeAt(k))) k++;
  return k;
}

/** The characters \s matches (and trim removes). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Whether a line of the text part holds the first two cells of the HTML's first row of two, a tab or pipe between them. */
function keepsCellsApart(text: string, fromHtml: string): boolean {
  const row = fromHtml.split('\n').find((l) => l.includes(' | ') && !l.startsWith('>'));
  const [a, b] = (row ?? '').split(' | ').map((c) => c.replace(/\s+/g, ' ').trim()).filter((c) => c !== '');
  if (a === undefined || b === undefined) return true;
  for (const line of text.split('\n')) {
    const flat = line.replace(/[^\S\t]+/g, ' ');
    const i = flat.indexOf(a);
    const j = i < 0 ? -1 : flat.indexOf(b, i + a.length);
    if (j >= 0 && /[\t|]/.test(flat.slice(i + a.length, j))) return true;
  }
  return false;
}
