import { startsAsReply, stripSubjectPrefixes } from '../mail/normalize-subject.js';
import type { CatalogIndex } from './catalog-index.js';
import { logicalLines } from './logical-lines.js';
import { orderBody } from './order-body.js';
import { MAX_BODY_CHARS, splitBody, type BodyLine } from '../mail/mail-body.js';
import type { MatchKind } from './match-evidence.js';
import { readLine, type LineHit } from './read-line.js';
import { REQUEST } from './line-words.js';
import { listsSetApart } from './list-lead-in.js';
import { clip } from './resolve-item.js';
import { excludedProducts, mentionedWords, questionWords, scaledProducts } from './quoted-words.js';
import { answeredOffer, answeredQuestion, inlineAnswers, inlineItemAnswers, type ReadQuoted } from './reply-answers.js';
import { asksForItems, pointsAtQuoted, UNASKED_CONFIDENCE } from './request-cues.js';
import { stripBullet } from './mask-noise.js';

export { buildCatalogIndex, type CatalogIndex, type CatalogProduct } from './catalog-index.js';
export type { MatchKind } from './match-evidence.js';
export { orderBody } from './order-body.js';

/** One product line read from a mail, with the words it came from and why they name the product. */
export interface ParsedLine {
  readonly productId: string;
  readonly sku: string;
  readonly description: string;
  readonly quantity: number;
  readonly confidence: number;
  readonly warnings: readonly string[];
  /** The words the line was read from: offsets into `ParsedOrder.body.text` (the first mention when merged). */
  readonly source: { readonly text: string; readonly start: number; readonly end: number };
  readonly match: MatchKind;
}

/** Lines that were read with certainty enough, plus what a person should look at. */
export interface ParsedOrder {
  readonly lines: readonly ParsedLine[];
  readonly warnings: readonly string[];
  /** Which part of the mail was read, and its text as the parser saw it. */
  readonly body: { readonly from: 'text' | 'html'; readonly text: string };
}

export interface ParseOrderInput {
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
}

const BULK = /\bunsubscribe\b|\bview (?:this email|it) in your browser\b|\bmanage (?:your )?(?:email )?preferences\b/i;
const FORWARD_SUBJECT = /^\s*(?:(?:re|aw|sv)\s*:\s*)*(?:fwd?|fw|wg|tr)\s*:/i;
/** A forwarder's request with nothing of their own to order points at the forwarded message. */
const ASKS_FOR_FORWARDED = /\b(?:sort|do|action|supply|send|handle|arrange|fulfil|fulfill|deal with|raise|process|order|place|put through|book)\s+(?:this|these|that|them|it)\b|\bas per\b|\bplease (?:supply|action|send|deliver)\b(?!\s+\S*\d)|\bapproved\b/i;
/**
 * Phrases each starting with a word boundary, as one pattern that tests the boundary once for all
 * (V8 tries every alternative at every position): for `test`, where the order of alternatives does not matter.
 */
function anyPhrase(parts: readonly string[], flags: string): RegExp {
  const bounded = parts.map((p) => (p.startsWith(String.raw`\b`) ? p.slice(2) : null));
  if (bounded.includes(null)) throw new Error('anyPhrase: every part starts with \\b');
  return new RegExp(String.raw`\b(?:${bounded.join('|')})`, flags);
}

/** A supplier's confirmation, invoice or dispatch note sent to us: lists goods, orders nothing. */
const NOT_AN_ORDER = anyPhrase([
  String.raw`\b(?:we confirm (?:your|the) order|order confirmation|auftragsbestätigung|please find (?:your|the|our) invoice|remittance advice|delivery note)\b`,
  String.raw`\b(?:(?:we|i)(?:'ve| have)? received (?:everything|all (?:the|of)|the (?:goods|items|following|below|lot))|goods received)\b`,
  String.raw`\b(?:has been dispatched|ha(?:s|ve) (?:been )?shipped|(?:is|are) on (?:its|their|the) way|out for delivery|items in this shipment|ready for (?:collection|pick-?up))\b`,
  String.raw`\b(?:payment due|amount due|total due|balance due|due date|tax invoice|invoice (?:no|number|date)|statement of account)\b`,
  String.raw`\b(?:undeliverable|delivery status notification|delivery has failed|mail delivery (?:failed|subsystem)|address not found|could not be delivered|wasn'?t delivered)\b`,
  String.raw`\b(?:out of (?:the )?office|automatic reply|auto-?reply|abwesenheitsnotiz)\b`,
  String.raw`\b(?:stock up now|offer ends|limited time|shop now|buy now)\b`,
  String.raw`\b(?:faktura|fakturanummer|rechnungsnummer|facture n°|att betala|betalas inom|zahlbar bis|zahlbar innerhalb)\b`,
], 'i');
const ASKS = /\bplease (?:send|supply|deliver|add|order)\b|\bcan (?:we|i) (?:have|get|order)\b|\bwe need\b/i;

/**
 * Reads order lines from a customer mail with rules only (no model), against a prebuilt catalog
 * index. Never guesses: an ambiguous or unknown product, or an unclear quantity, becomes a warning
 * naming the text and no line. Quoted and forwarded material counts only when the customer's own
 * words point at it ("same again", "please process the order below"), minus what they exclude
 * ("without the lids") and with their own quantities winning. The same product mentioned more
 * than once becomes one line (see mergeHits). Bulk mail yields nothing. The subject is read only
 * when the body has no line and the mail is not a reply.
 */
export function parseOrderLines(input: ParseOrderInput, catalog: CatalogIndex): ParsedOrder {
  const warnings: string[] = [];
  const body = orderBody(input);
  if (BULK.test(body.text)) return { lines: [], warnings: ['Looks like a newsletter or bulk mail; no lines read'], body };
  let text = body.text;
  if (text.length > MAX_BODY_CHARS) {
    text = text.slice(0, MAX_BODY_CHARS);
    warnings.push(`Only the first ${MAX_BODY_CHARS} characters of the body were read`);
  }
  const split = splitBody(text);
  const ownText = split.own.map((l) => l.text).join('\n');
  if (NOT_AN_ORDER.test(ownText) && !ASKS.test(ownText)) return { lines: [], warnings: [], body: { from: body.from, text: split.text } };
  const own = readLines(split.own, catalog, questionWords(split.referenced, catalog), true);
  let hits = own.hits;
  warnings.push(...own.warnings);
  const forwardAsked = (split.forwarded || FORWARD_SUBJECT.test(input.subject ?? '')) && own.hits.length === 0 && ASKS_FOR_FORWARDED.test(ownText)
    && !NOT_AN_ORDER.test(split.referenced.map((l) => l.text).join('\n'));
  if (split.referenced.length > 0 && (pointsAtQuoted(ownText) || split.bare || forwardAsked)) {
    const referenced = readLines(split.referenced, catalog);
    const excluded = excludedProducts(ownText, catalog);
    // the customer's own quantity wins over the quoted one, unless it adds to it ("plus 2 more decaf";
    // "another 300 …, same as before" repeats the quoted 300)
    const addsTo = (h: LineHit): boolean => h.additive && /\b(?:more|extra|additional|on top)\b/i.test(split.text.slice(Math.max(0, h.span.start - 20), h.span.end));
    const mine = new Set(own.hits.filter((h) => !addsTo(h)).map((h) => h.product));
    // "same again but double the boxes": only a whole result scales, otherwise the quoted quantity stands
    const scaled = scaledProducts(ownText, catalog);
    const scale = (h: LineHit): LineHit => {
      const factor = scaled.get(h.product);
      if (factor === undefined || !Number.isInteger(h.quantity * factor)) return h;
      return { ...h, quantity: h.quantity * factor, confidence: Math.min(h.confidence, 0.9), warnings: [...h.warnings, `Quoted quantity ${h.quantity} scaled by ${factor} as the reply asks`] };
    };
    hits = [...referenced.hits.filter((h) => !excluded.has(h.product) && !mine.has(h.product)).map(scale), ...own.hits];
    warnings.push(...referenced.warnings);
  }
  if (split.referenced.length > 0) {
    const read: ReadQuoted = (lines, answer) => readLines(lines, catalog, answer).hits;
    const said = new Set(hits.map((h) => h.product));
    const answers = [...inlineAnswers(split, catalog, read), ...inlineItemAnswers(split, catalog, read), ...answeredQuestion(split, ownText, catalog, read)];
    hits = [...answers.filter((h, k) => !said.has(h.product) && answers.findIndex((o) => o.product === h.product) === k), ...hits];
    const mine = new Set(hits.map((h) => h.product));
    const offered = answeredOffer(split, split.own, catalog, read, hits.length > 0);
    hits = [...offered.filter((h) => !mine.has(h.product)), ...hits];
  }
  const subject = input.subject ?? '';
  if (hits.length === 0 && subject.trim() !== '' && !startsAsReply(subject)) {
    const line = stripSubjectPrefixes(subject);
    const reading = readLine({ text: line, start: -1, span: { start: -1, end: -1 }, structured: false, rewritten: true }, catalog);
    hits = reading.hits;
    warnings.push(...reading.warnings);
  }
  const lines = mergeHits(hits, catalog, split.text, subject);
  const unquantified = lines.length === 0 ? own.unquantified : new Set<number>();
  if (unquantified.size > 0) {
    const names = [...unquantified].slice(0, 5).map((p) => catalog.products[p]?.name);
    warnings.push(`Mentions ${names.join(', ')} without a quantity; no lines read`);
  }
  return { lines, warnings: [...new Set(warnings)], body: { from: body.from, text: split.text } };
}

/** A line with neither digits nor number or amount words cannot hold an order line (checked cheaply first). */
const MAY_COUNT = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen|gross|couple|pair|same|few|several|some|many|bunch|lot)\b/i;

/**
 * Reads logical lines. A line that cannot count anything is read only when it asks for something
 * (it may name a product without a quantity, which the mail reports when it has no line). In the
 * customer's `own` lines, a list under a lead-in that asks a price or speaks of a past order is skipped.
 */
function readLines(lines: readonly BodyLine[], catalog: CatalogIndex, answer: readonly string[] = [], own = false): { hits: LineHit[]; warnings: string[]; unquantified: Set<number> } {
  const hits: LineHit[] = [];
  const warnings: string[] = [];
  const unquantified = new Set<number>();
  let carried: readonly string[] = answer;
  let skipped: string | undefined;
  // only the customer's own words set a list apart: a quote they point at heads its list "Quote for …:"
  const apart = own ? listsSetApart(lines) : new Map<number, string>();
  for (const line of logicalLines(lines, catalog.isSku)) {
    if (line.text.trim() === '') {
      carried = answer;
      skipped = undefined;
      continue;
    }
    const lead = apart.size === 0 ? undefined : apart.get(line.span.start);
    if (lead !== undefined) {
      if (MAY_COUNT.test(line.text)) warnings.push(`"${clip(line.text)}" is listed under "${clip(lead)}"; not added`);
      continue;
    }
    if (!line.rewritten && !MAY_COUNT.test(line.text) && !REQUEST.test(line.text) && !hasSku(line.text, catalog)) {
      skipped = line.text; // its words matter only if the next line is read
      continue;
    }
    if (skipped !== undefined) carried = [...mentionedWords(skipped, catalog), ...answer];
    skipped = undefined;
    const reading = readLine(line, catalog, carried);
    carried = [...reading.context.slice(0, 12), ...answer];
    hits.push(...(reading.hits.length === 0 || asksForItems(line, stripBullet(line.text).listItem, wordCount(line.text)) ? reading.hits : reading.hits.map(unasked)));
    warnings.push(...reading.warnings);
    for (const p of reading.unquantified) unquantified.add(p);
  }
  return { hits, warnings, unquantified };
}

const wordCount = (text: string): number => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;

function unasked(hit: LineHit): LineHit {
  if (hit.confidence <= UNASKED_CONFIDENCE) return hit;
  return { ...hit, confidence: UNASKED_CONFIDENCE, warnings: [...hit.warnings, 'Read from a sentence that asks for nothing; check it is an order'] };
}

const SKU_LIKE = /[\p{L}\p{N}][\p{L}\p{N}._/-]*/gu;

function hasSku(text: string, catalog: CatalogIndex): boolean {
  SKU_LIKE.lastIndex = 0;
  for (let m = SKU_LIKE.exec(text); m !== null; m = SKU_LIKE.exec(text)) if (catalog.isSku(m[0])) return true;
  return false;
}

/**
 * One line per product: quantities add up when the later mention says so ("2 more", "another 3")
 * or differ (a list naming it twice; confidence drops and a warning asks to check); the same
 * quantity repeated without such a word is a restatement ("To confirm: 5 Gadget Pro") and counts once,
 * unless both mentions are list items or table rows (a list naming it twice means both).
 */
function mergeHits(hits: readonly LineHit[], catalog: CatalogIndex, text: string, subject: string): ParsedLine[] {
  const byProduct = new Map<number, { line: ParsedLine; seen: number[]; listed: boolean }>();
  for (const hit of hits) {
    const product = catalog.products[hit.product];
    if (product === undefined) continue;
    const known = byProduct.get(hit.product);
    if (known === undefined) {
      const source = hit.span.start < 0
        ? { text: subject.trim(), start: -1, end: -1 }
        : { text: text.slice(hit.span.start, hit.span.end), start: hit.span.start, end: hit.span.end };
      const line: ParsedLine = {
        productId: product.id, sku: product.sku, description: product.name, quantity: hit.quantity,
        confidence: hit.confidence, warnings: hit.warnings, source, match: hit.match,
      };
      byProduct.set(hit.product, { line, seen: [hit.quantity], listed: hit.listed });
      continue;
    }
    const restated = !hit.additive && !(hit.listed && known.listed) && known.seen.includes(hit.quantity);
    const warnings = [...known.line.warnings, ...hit.warnings];
    let { quantity, confidence } = known.line;
    if (hit.replaces === true) {
      quantity = hit.quantity;
      known.seen.length = 0;
    } else if (restated) {
      warnings.push(`"${product.name}" is mentioned again with the same quantity; counted once`);
    } else {
      quantity += hit.quantity;
      if (!hit.additive) {
        confidence *= 0.7;
        warnings.push(`"${product.name}" is mentioned more than once; quantities added (${[...known.seen, hit.quantity].join(' + ')})`);
      }
    }
    confidence = Math.round(Math.min(confidence, hit.confidence) * 100) / 100;
    known.seen.push(hit.quantity);
    known.line = { ...known.line, quantity, confidence, warnings };
  }
  return [...byProduct.values()].map((entry) => entry.line);
}
