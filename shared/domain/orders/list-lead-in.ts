import type { BodyLine } from '../mail/mail-body.js';
import { INQUIRY, PROBLEM, STRONG_REQUEST } from './line-words.js';

const LAST_SENTENCE = /(?:^|[.!?]\s+)([^.!?]*[.!?:]*)\s*$/;
/** A list item or table row: a bullet, a number first, or cells apart by a tab or pipe. */
const LIST_LIKE = /^\s*(?:[-*•·▪●◦‣–—+]\s|\(?\d)|\t|\|/;

/**
 * "Could you quote for the following?", "These were missing from the delivery:": a line ending in
 * a colon or question mark whose last sentence asks about price or stock, or speaks of a past order
 * or a problem, sets the list under it apart (blank lines before the list allowed, up to the first
 * blank or other line after it): its items are not ordered. Returns the lead-in of each such list
 * line, by the line's start offset.
 */
export function listsSetApart(lines: readonly BodyLine[]): Map<number, string> {
  const apart = new Map<number, string>();
  let lead: string | undefined;
  let listed = false;
  for (const line of lines) {
    const trimmed = line.text.trim();
    if (trimmed === '') {
      if (listed) lead = undefined;
      continue;
    }
    if (lead !== undefined && LIST_LIKE.test(line.text)) {
      apart.set(line.start, lead);
      listed = true;
      continue;
    }
    lead = leadsNonOrderList(trimmed) ? trimmed : undefined;
    listed = false;
  }
  return apart;
}

function leadsNonOrderList(trimmed: string): boolean {
  if (!trimmed.endsWith(':') && !trimmed.endsWith('?')) return false;
  const last = LAST_SENTENCE.exec(trimmed)?.[1] ?? trimmed;
  return (INQUIRY.test(last) && !STRONG_REQUEST.test(last)) || PROBLEM.test(last);
}
