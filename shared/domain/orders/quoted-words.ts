import type { BodyLine } from '../mail/mail-body.js';
import type { CatalogIndex } from './catalog-index.js';
import { tokenize } from './tokens.js';
import { isVariantWord } from './variant-words.js';

// The catalog words of quoted material and of the customer's short answers to it: what a reply
// points at, settles or leaves out.

const EXCLUDES = /\b(?:without|except(?: for)?|but not|minus|apart from|leave out|drop|skip|no)\s+(?:the\s+)?([\p{L}\d][\p{L}\d -]{1,40}?)(?=\s*(?:[,.;!?]|$|\bthis\b|\bplease\b|\bas\b))/giu;

/** Catalog words of a line read no further (no number in it), kept for an ellipsis on the next line. */
export function mentionedWords(text: string, catalog: CatalogIndex): string[] {
  if (text.length > 200) return [];
  return tokenize(text, () => false, (w) => catalog.postings.has(w)).map((t) => t.norm).filter((w) => catalog.postings.has(w));
}

/** The catalog and variant words of a short answer ("12oz, white", "Black please"). */
export function answerWords(text: string, catalog: CatalogIndex): string[] {
  return [...new Set(mentionedWords(text, catalog).concat(
    tokenize(text, () => false, (w) => catalog.postings.has(w)).map((t) => t.norm).filter(isVariantWord),
  ))];
}

/**
 * Blanks the options of a question ("black or white", "8oz, 12oz or 16oz"), keeping offsets; a
 * word listed before them that is no size, colour or spec stays ("cups, 8oz or 12oz").
 */
export function withoutOptions(text: string): string {
  return text.replace(/((?:[\p{L}\d]+\s*,\s*)*)([\p{L}\d]+\s+or\s+[\p{L}\d]+)/gu, (_m, listed: string, pair: string) =>
    listed.replace(/[\p{L}\d]+/gu, (w) => (/\d/.test(w) || isVariantWord(w.toLowerCase()) ? ' '.repeat(w.length) : w)) + ' '.repeat(pair.length));
}

/**
 * "Yes, 60 of the kraft ones" under "for the 12oz cups, white or kraft?": the catalog words of the
 * quoted questions, then of the rest of the quoted mail, may complete the customer's own items,
 * after every word of their own mail.
 */
export function questionWords(referenced: readonly BodyLine[], catalog: CatalogIndex): string[] {
  const words = new Set<string>();
  for (const line of referenced) {
    if (!line.text.includes('?')) continue;
    // the options offered ("8oz or 12oz?") settle nothing until the customer picks one
    for (const w of mentionedWords(withoutOptions(line.text), catalog)) words.add(w);
    if (words.size > 12) break;
  }
  // then the words of the rest of the quoted mail, nearest first ("send the 8 in grey" under "we are out of the blue 3m Cat6")
  for (const line of referenced) {
    if (words.size > 12) break;
    if (!line.text.includes('?')) for (const w of mentionedWords(line.text, catalog)) words.add(w);
  }
  return [...words];
}

/** Products the customer leaves out of the material they point at ("everything except the tape"). */
export function excludedProducts(ownText: string, catalog: CatalogIndex): Set<number> {
  const out = new Set<number>();
  for (const m of ownText.matchAll(EXCLUDES)) {
    const words = tokenize(m[1] as string, () => false, (w) => catalog.postings.has(w)).map((t) => t.norm).filter((w) => catalog.postings.has(w));
    if (words.length === 0) continue;
    catalog.tokensOf.forEach((tokens, p) => {
      if (words.every((w) => tokens.has(w))) out.add(p);
    });
  }
  return out;
}

const SCALES = /\b(double|twice|triple|treble|halve|half)\s+(?:of\s+)?(?:the\s+)?([\p{L}\d][\p{L}\d -]{1,40}?)(?=\s*(?:[,.;!?]|$|\bthis\b|\bplease\b|\bas\b|\bnext\b))/giu;
const FACTOR: Readonly<Record<string, number>> = { double: 2, twice: 2, triple: 3, treble: 3, halve: 0.5, half: 0.5 };

/** "same again but double the boxes": the quoted products the reply scales, and by how much. */
export function scaledProducts(ownText: string, catalog: CatalogIndex): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of ownText.matchAll(SCALES)) {
    const words = tokenize(m[2] as string, () => false, (w) => catalog.postings.has(w)).map((t) => t.norm).filter((w) => catalog.postings.has(w));
    if (words.length === 0) continue;
    const factor = FACTOR[(m[1] as string).toLowerCase()] as number;
    catalog.tokensOf.forEach((tokens, p) => {
      if (words.every((w) => tokens.has(w))) out.set(p, factor);
    });
  }
  return out;
}
