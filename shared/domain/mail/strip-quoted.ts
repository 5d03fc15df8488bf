import { ownLines } from './mail-body.js';

/**
 * The new text of a mail: the writer's own lines as the body splitter reads them (quoted and
 * forwarded material, signatures and device footers removed).
 */
export function stripQuotedAndSignature(text: string): string {
  return ownLines(text).join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Up to 200 characters of the new text, whitespace collapsed; the whole text when no new text. */
export function snippetOf(text: string, maxChars = 200): string {
  const fresh = collapse(stripQuotedAndSignature(text));
  const body = fresh || collapse(text.split('\n').filter((l) => !l.trim().startsWith('>')).join(' '));
  if (body.length <= maxChars) return body;
  const cut = body.slice(0, maxChars - 1).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut.replace(/\s+\S*$/, '') || cut}…`;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
