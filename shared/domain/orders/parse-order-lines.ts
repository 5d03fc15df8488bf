import type { CatalogIndex } from './catalog-index.js';
import { htmlToText } from './html-to-text.js';
import { logicalLines } from './logical-lines.js';
import { MAX_BODY_CHARS, ownLines } from './mail-body.js';
import { readLine, type LineHit } from './read-line.js';

export { buildCatalogIndex, type CatalogIndex, type CatalogProduct } from './catalog-index.js';

/** One product line read from a mail. `confidence` is 1 for a full name or SKU with a digit quantity. */
export interface ParsedLine {
  readonly productId: string;
  readonly sku: string;
  readonly description: string;
  readonly quantity: number;
  readonly confidence: number;
  readonly warnings: readonly string[];
  /** The text the line was read from (several joined by " + " when merged). */
  readonly source: string;
}

/** Lines that were read with certainty enough, plus what a person should look at. */
export interface ParsedOrder {
  readonly lines: readonly ParsedLine[];
  readonly warnings: readonly string[];
}

export interface ParseOrderInput {
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
}

const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|antw|r)\s*(?:\[\d+\])?\s*:/i;
const FORWARD_PREFIX = /^\s*(?:(?:fwd?|wg|tr|fw)\s*(?:\[\d+\])?\s*:\s*)+/i;
const BULK = /\bunsubscribe\b|\bview (?:this email|it) in your browser\b|\bmanage (?:your )?(?:email )?preferences\b/i;
const MAX_HTML_CHARS = 1_000_000;

/**
 * Reads order lines from a customer mail with rules only (no model), against a prebuilt catalog
 * index. Never guesses: an ambiguous or unknown product, or an unclear quantity, becomes a warning
 * naming the text and no line. The same product mentioned more than once becomes one line:
 * quantities add up when the later mention says so ("2 more", "another 3", "also", "plus") or
 * differ (a list naming it twice; confidence drops and a warning asks to check); the same quantity
 * repeated without such a word is a restatement ("To confirm: 5 Gadget Pro") and counts once.
 * Quoted replies and signatures are ignored; bulk mail (an "unsubscribe" link) yields nothing.
 * The subject is read only when the body has no line and the mail is not a reply.
 */
export function parseOrderLines(input: ParseOrderInput, catalog: CatalogIndex): ParsedOrder {
  const warnings: string[] = [];
  let body = input.text !== undefined && input.text.trim() !== '' ? input.text : htmlToText((input.html ?? '').slice(0, MAX_HTML_CHARS));
  if (BULK.test(body)) return { lines: [], warnings: ['Looks like a newsletter or bulk mail; no lines read'] };
  if (body.length > MAX_BODY_CHARS) {
    body = body.slice(0, MAX_BODY_CHARS);
    warnings.push(`Only the first ${MAX_BODY_CHARS} characters of the body were read`);
  }
  const isSku = (upper: string): boolean => catalog.skus.has(upper);
  const hits: LineHit[] = [];
  const unquantified = new Set<number>();
  for (const line of logicalLines(ownLines(body), isSku)) {
    const reading = readLine(line, catalog);
    hits.push(...reading.hits);
    warnings.push(...reading.warnings);
    for (const p of reading.unquantified) unquantified.add(p);
  }
  const subject = input.subject ?? '';
  if (hits.length === 0 && subject.trim() !== '' && !REPLY_PREFIX.test(subject)) {
    const reading = readLine({ text: subject.replace(FORWARD_PREFIX, ''), source: subject.trim(), structured: false }, catalog);
    hits.push(...reading.hits);
    warnings.push(...reading.warnings);
  }
  const lines = mergeHits(hits, catalog);
  if (lines.length === 0 && unquantified.size > 0) {
    const names = [...unquantified].slice(0, 5).map((p) => catalog.products[p]?.name);
    warnings.push(`Mentions ${names.join(', ')} without a quantity; no lines read`);
  }
  return { lines, warnings: [...new Set(warnings)] };
}

function mergeHits(hits: readonly LineHit[], catalog: CatalogIndex): ParsedLine[] {
  const byProduct = new Map<number, { line: ParsedLine; seen: number[] }>();
  for (const hit of hits) {
    const product = catalog.products[hit.product];
    if (product === undefined) continue;
    const known = byProduct.get(hit.product);
    if (known === undefined) {
      const line = { productId: product.id, sku: product.sku, description: product.name, ...pick(hit) };
      byProduct.set(hit.product, { line, seen: [hit.quantity] });
      continue;
    }
    const restated = !hit.additive && known.seen.includes(hit.quantity);
    const warnings = [...known.line.warnings, ...hit.warnings];
    let { quantity, confidence } = known.line;
    if (restated) {
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
    known.line = { ...known.line, quantity, confidence, warnings, source: `${known.line.source} + ${hit.source}` };
  }
  return [...byProduct.values()].map((entry) => entry.line);
}

function pick(hit: LineHit): Pick<ParsedLine, 'quantity' | 'confidence' | 'warnings' | 'source'> {
  return { quantity: hit.quantity, confidence: hit.confidence, warnings: hit.warnings, source: hit.source };
}
