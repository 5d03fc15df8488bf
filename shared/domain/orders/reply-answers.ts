import type { BodyLine, SplitBody } from '../mail/mail-body.js';
import type { CatalogIndex } from './catalog-index.js';
import { findQuantities } from './line-segments.js';
import { FILLERS } from './line-words.js';
import { resolveWords } from './match-evidence.js';
import type { LineHit } from './read-line.js';
import { clip } from './resolve-item.js';
import { answerWords, mentionedWords, withoutOptions } from './quoted-words.js';
import { STOPWORDS, tokenize } from './tokens.js';

// A reply's short answers to the questions of the mail it quotes: "Black please." under "black or
// white?", "Yes please" under "Would you like your usual 6 decaf?", "Three thousand please." under
// "Napkins are back in stock - how many would you like?".

/** Reads quoted lines, completing their items with the answer's words. */
export type ReadQuoted = (lines: readonly BodyLine[], answer: readonly string[]) => LineHit[];

/** "Yes please", "Yes, same.", "ok go on then": the reply takes the offer as made. */
const ACCEPTS = /^\W*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|please do|go on then|go for it|sounds good|absolutely|definitely)\b/i;
/** "Yes please, and add 2 caramel": an acceptance that goes on to new items of its own. */
const ACCEPTS_AND = /^\W*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|go for it)\b[\s,!.-]*(?:please|pls|thanks?|thank you)?[\s,!.-]*(?:$|and\b|also\b|plus\b|\+|&)/i;
const DECLINES = /\b(?:no|not|nope|don'?t|hold off|later|next (?:week|month|time))\b/i;
const QUESTION = /[^.!?\n]*\?/g;
const HOW_MANY = /\bhow many\s+([^?]*?)(?=\s+(?:would|do|does|should|shall|will|can|did|are|were|for|with|to)\b|\?|$)/i;

/**
 * "Black please." under our "the 20 x 2m USB-C cables - black or white?": the reply's words settle
 * a quoted question's item. Only items of quoted questions that needed those words count.
 */
export function answeredQuestion(split: SplitBody, ownText: string, catalog: CatalogIndex, read: ReadQuoted): LineHit[] {
  const words = answerWords(ownText, catalog);
  if (words.length === 0 || words.length > 6) return [];
  // the options offered ("black or white") are blanked so that the reply's choice decides
  const asked = split.referenced.filter((l) => l.text.includes('?')).map((l) => ({ ...l, text: withoutOptions(l.text) }));
  if (asked.length === 0) return [];
  return read(asked, words).filter((h) => h.completed);
}

/** Each own line (not blank) with the quoted line right above it, when no own line came between them. */
function* linesUnderQuoted(split: SplitBody): Generator<{ line: BodyLine; above: BodyLine }> {
  const quoted = split.referenced.filter((l) => l.text.trim() !== '');
  let q = -1;
  let lastOwn = -1;
  for (const line of split.own) {
    if (line.text.trim() === '') continue;
    while (q + 1 < quoted.length && (quoted[q + 1] as BodyLine).start < line.start) q++;
    const above = quoted[q];
    const fresh = above !== undefined && above.start > lastOwn;
    lastOwn = line.start;
    if (fresh) yield { line, above };
  }
}

/**
 * Answers written between the quoted lines ("12oz, white" right under "Which cups, 8oz or 12oz,
 * for the 600?"; "12" right under "How many napkins?"): each question is read with the answer right below it.
 */
export function inlineAnswers(split: SplitBody, catalog: CatalogIndex, read: ReadQuoted): LineHit[] {
  const hits: LineHit[] = [];
  for (const { line, above: question } of linesUnderQuoted(split)) {
    if (!question.text.includes('?')) continue;
    const counted = countAnswer(line, question, catalog);
    if (counted !== null) {
      hits.push(counted);
      continue;
    }
    const words = answerWords(line.text, catalog);
    if (words.length === 0 || words.length > 6) continue;
    hits.push(...read([{ ...question, text: withoutOptions(question.text) }], words).filter((h) => h.completed));
  }
  return hits;
}

/** "ok", "same", "fine" under a quoted item: keep it as quoted. */
const KEEPS = /^\W*(?:ok(?:ay)?|yes|yep|same|fine|keep|as is|correct|that'?s fine)\b[\s\w,.!-]*$/i;
const CHANGE_WORDS = new Set(['time', 'week', 'instead', 'now', 'make', 'change', 'round']);

/**
 * Answers written under quoted item lines ("> 6 x house blend" / "8 this time"; "> 2 x decaf" /
 * "ok"): each keeps the quoted item, or changes its quantity. An item answered with anything else
 * ("none this week", "no") is not ordered, and an item left unanswered is not either. Only a reply
 * that answers two or more quoted items this way counts: "Yes please" under a quoted list is not an
 * answer to its last line.
 */
export function inlineItemAnswers(split: SplitBody, catalog: CatalogIndex, read: ReadQuoted): LineHit[] {
  const hits: LineHit[] = [];
  let answered = 0;
  for (const { line, above: item } of linesUnderQuoted(split)) {
    if (item.text.includes('?')) continue;
    const found = read([item], []);
    const hit = found[0];
    if (found.length !== 1 || hit === undefined) continue;
    answered++;
    if (KEEPS.test(line.text) && !/\d/.test(line.text)) {
      hits.push(hit);
      continue;
    }
    const tokens = tokenize(line.text, () => false, (w) => catalog.postings.has(w));
    const quantities = [...findQuantities(tokens).values()];
    const n = quantities[0];
    if (quantities.length !== 1 || n === undefined || n.value < 1 || n.approximate === true || n.fractional === true) continue;
    const rest = tokens.filter((t, i) => (i < n.from || i > n.to) && !FILLERS.has(t.norm) && !STOPWORDS.has(t.norm) && !CHANGE_WORDS.has(t.norm));
    if (rest.length > 0) continue;
    hits.push({ ...hit, quantity: n.value, span: { start: line.start, end: line.start + line.text.length },
      warnings: [...hit.warnings, `Read "${clip(line.text.trim())}" as the new quantity of the quoted "${clip(item.text.trim())}"`] });
  }
  return answered >= 2 ? hits : [];
}

/**
 * A reply that answers the quoted mail's questions as a whole: "Yes please" takes the items its
 * questions offer with their quantities ("Would you like your usual 6 decaf this week?"), also beside
 * new items (`more`: "Yes please, and add 2 caramel"), and a bare quantity ("Three thousand please.")
 * goes to the one product a question names without one.
 */
export function answeredOffer(split: SplitBody, ownLines: readonly BodyLine[], catalog: CatalogIndex, read: ReadQuoted, more = false): LineHit[] {
  const said = ownLines.filter((l) => l.text.trim() !== '');
  const first = said[0];
  if (first === undefined) return [];
  const questions = split.referenced.filter((l) => l.text.includes('?'));
  const last = questions[questions.length - 1];
  if (last === undefined) return [];
  const counted = more ? null : countAnswer(first, last, catalog);
  if (counted !== null) return [counted];
  if (!(more ? ACCEPTS_AND : ACCEPTS).test(first.text) || DECLINES.test(first.text) || said.length > 3) return [];
  return questions.flatMap((line) => {
    const asked = [...line.text.matchAll(QUESTION)].map((m) => ({ start: line.start + (m.index ?? 0), end: line.start + (m.index ?? 0) + m[0].length }));
    return read([line], []).filter((h) => asked.some((s) => h.span.start >= s.start && h.span.start < s.end));
  });
}

/** "Three thousand please." under a question naming one product and no quantity. */
function countAnswer(answer: BodyLine, question: BodyLine, catalog: CatalogIndex): LineHit | null {
  const tokens = tokenize(answer.text, () => false, (w) => catalog.postings.has(w));
  const quantities = [...findQuantities(tokens).values()];
  const q = quantities[0];
  if (quantities.length !== 1 || q === undefined || q.value < 1 || q.approximate === true || q.fractional === true) return null;
  const rest = tokens.filter((t, i) => (i < q.from || i > q.to) && !FILLERS.has(t.norm) && !STOPWORDS.has(t.norm));
  if (rest.length > 0) return null;
  const asked = withoutOptions(question.text);
  const qTokens = tokenize(asked, () => false, (w) => catalog.postings.has(w));
  if (findQuantities(qTokens).size > 0) return null;
  // "How many M8 washers would you like with the nuts?": the product counted is the one after "how many"
  const counted = HOW_MANY.exec(asked)?.[1];
  const named = counted === undefined ? undefined : resolveWords(mentionedWords(counted, catalog), catalog);
  const found = named !== undefined && named.products.length === 1 ? named : resolveWords(mentionedWords(asked, catalog), catalog);
  const product = found.products.length === 1 ? found.products[0] : undefined;
  if (product === undefined) return null;
  return {
    product, quantity: q.value, confidence: 0.85, match: found.alias ? 'alias' : 'name_tokens', additive: false, listed: false, completed: true,
    warnings: [`Read "${clip(answer.text.trim())}" as the quantity asked for in "${clip(question.text.trim())}"`],
    span: { start: answer.start, end: answer.start + answer.text.length },
  };
}
