import { INQUIRY, PROBLEM, REQUEST, STRONG_REQUEST } from './line-words.js';
import type { LogicalLine } from './logical-lines.js';

// Whether the customer's words ask for anything: what makes a line trustworthy, and what makes a
// pointer at quoted material ("the order below") a request rather than a description.

/** The customer's own words point at the quoted or forwarded material as the order. */
const REFERS = /\b(?:same again|same as (?:last|before)|as before|as quoted|go ahead|process|repeat|order (?:this|these)|send (?:this|these)|as follows|wie unten|rest (?:as is|(?:is )?the same|unchanged)|otherwise (?:the )?same)\b/i;
/** Words that point at it, but also describe it in a complaint or a question ("the order below arrived"). */
const DESCRIBES = /\b(?:below|last order)\b/i;
/** "please ignore my last email": the quoted mail is withdrawn, whatever else the reply says. */
const SETS_ASIDE = /\b(?:ignore|disregard|scrap|forget)\b[^.!?\n]{0,20}\b(?:last|previous|earlier|other|below|that|(?:the|my) (?:email|mail|order|message))\b/i;
/** "add 6 nuts to the order below": the quoted order stands; only the new items are ordered. */
const ADDS_TO = /\b(?:add|include|put)\b[^.!?\n]*\b(?:to|on|onto|with) (?:the|my|our|this|that) (?:order |list )?(?:below|last order)\b/i;
const SENTENCE = /[^.!?\n]+[.!?]*/g;

/**
 * A sentence pointing at the quoted mail counts; one that only says "below" or "last order" counts
 * unless it speaks of a past order or a problem, or asks a price, and asks for nothing ("the order
 * below arrived but 3 were torn", "the invoice below shows 12 vests but we ordered 10?"), or adds
 * to that order ("add 6 nuts to the order below"). "Ignore my last email" withdraws it.
 */
export function pointsAtQuoted(ownText: string): boolean {
  if (SETS_ASIDE.test(ownText)) return false;
  if (REFERS.test(ownText)) return true;
  if (!DESCRIBES.test(ownText)) return false;
  for (const m of ownText.matchAll(SENTENCE)) {
    const s = m[0];
    if (!DESCRIBES.test(s) || ADDS_TO.test(s)) continue;
    const aside = PROBLEM.test(s) || (INQUIRY.test(s) && !STRONG_REQUEST.test(s));
    if (!aside || STRONG_REQUEST.test(s) || /\bplease\b/i.test(s)) return true;
  }
  return false;
}

/** Highest confidence of a line read from a sentence that asks for nothing and is no list, table or short item line. */
export const UNASKED_CONFIDENCE = 0.7;

/**
 * A line is trusted when a request and a catalog product both hold: the line asks ("please",
 * "we need", "could you"), or its structure is an order's (a table row, labelled record, list
 * item, or a short line of items such as "20 hdmi 5m, 10 hdmi 2m"). A long sentence that asks for
 * nothing (a complaint, a remark) still gives its line, with lower confidence and a warning.
 */
export function asksForItems(line: LogicalLine, listItem: boolean, tokenCount: number): boolean {
  return line.structured || line.rewritten || listItem || tokenCount <= SHORT_LINE || REQUEST.test(line.text);
}
/** Most words a short item line has ("20 hdmi 5m, 10 hdmi 2m"). */
export const SHORT_LINE = 8;
