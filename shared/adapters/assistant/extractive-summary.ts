import { sentencesOf } from '../../domain/assistant/mail-facts.js';

const STOP = new Set(('a an and are as at be but by for from has have hi hello i if in is it its me my of on or our please regards so ' +
  'that the their them there these this to us was we were will with you your dear thanks thank best kind').split(' '));
const termsOf = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 2 && !STOP.has(w));

/**
 * The `count` sentences that carry the texts' most frequent words, in their original order: an
 * extractive summary (every sentence is quoted, none is written).
 */
export function extractiveSummary(texts: readonly string[], count = 3): string[] {
  const sentences = texts.flatMap((t) => sentencesOf(t)).filter((s) => termsOf(s).length >= 2);
  const freq = new Map<string, number>();
  for (const s of sentences) for (const w of new Set(termsOf(s))) freq.set(w, (freq.get(w) ?? 0) + 1);
  const scored = sentences.map((s, i) => {
    const terms = termsOf(s);
    return { s, i, score: terms.reduce((sum, w) => sum + (freq.get(w) ?? 0), 0) / Math.sqrt(terms.length) };
  });
  const seen = new Set<string>();
  return scored.sort((a, b) => b.score - a.score || a.i - b.i)
    .filter((x) => !seen.has(x.s.toLowerCase()) && seen.add(x.s.toLowerCase()))
    .slice(0, count).sort((a, b) => a.i - b.i).map((x) => x.s);
}
