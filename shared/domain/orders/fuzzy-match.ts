/** Restricted Damerau-Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

function isSwap(a: string, b: string): boolean {
  const i = [...a].findIndex((c, k) => c !== b[k]);
  return i >= 0 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Every string obtained by deleting at most one character (SymSpell's neighbourhood, distance 1). */
export function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

// module constants: esbuild rewrites a literal with \p{…} inside a function into `new RegExp` per call
const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;
const LETTER_WORD = /^\p{L}{3,}$/u;

/** Minimum token length for typo tolerance: shorter words have too many neighbours. */
export const MIN_FUZZY_LENGTH = 5;

/**
 * Deletion index over the catalog vocabulary: `lookup` lists the vocabulary words within one edit
 * (insert, delete, substitute, swap) of a word, alphabetically; the caller decides between several
 * ("cabel" is one edit from both "cable" and "label") by what else the line says. With none that
 * close, words equal once doubled letters are single ("cupp" → cup), then for words of six letters
 * or more, words two edits away that start with the same letter ("carmal" → caramel).
 */
export function createFuzzyIndex(vocabulary: readonly string[]): (word: string) => readonly string[] {
  const byDeletion = new Map<string, string[]>();
  for (const word of vocabulary) {
    if (word.length < MIN_FUZZY_LENGTH - 1 || !PLAIN_WORD.test(word)) continue;
    for (const d of deletions(word)) {
      const list = byDeletion.get(d);
      if (list === undefined) byDeletion.set(d, [word]);
      else if (!list.includes(word)) list.push(word);
    }
  }
  const cache = new Map<string, readonly string[]>();
  const words = [...new Set([...byDeletion.values()].flat())];
  const bySingle = new Map<string, string[]>();
  for (const w of vocabulary) {
    if (!LETTER_WORD.test(w)) continue;
    const single = w.replace(/(.)\1+/g, '$1');
    bySingle.set(single, [...(bySingle.get(single) ?? []), w]);
  }
  /** Doubled letters ("cupps", "nutts") and two edits in a long word with the right first letter ("carmal"). */
  const farther = (word: string): string[] => {
    const out = (bySingle.get(word.replace(/(.)\1+/g, '$1')) ?? []).filter((w) => w !== word);
    if (out.length > 0 || word.length < 6) return out;
    return words.filter((w) => w[0] === word[0] && w.length >= 6 && Math.abs(w.length - word.length) <= 2 && editDistance(word, w, 2) <= 2);
  };
  /** Catalog words one edit away, with the rules of the module comment. */
  const nearby = (word: string): string[] => {
    const found = new Set<string>();
    for (const d of deletions(word)) {
      for (const candidate of byDeletion.get(d) ?? []) {
        // a four-letter word may only lack a letter or swap two ("smal", "hdim"): substitutions there hit real words
        const short = word.length < MIN_FUZZY_LENGTH;
        if (short && candidate.length !== word.length + 1 && !(candidate.length === word.length && isSwap(word, candidate))) continue;
        if (candidate.length >= MIN_FUZZY_LENGTH - (short ? 1 : 0) && editDistance(word, candidate) <= 1) found.add(candidate);
      }
    }
    if (found.size === 0) for (const candidate of farther(word)) found.add(candidate);
    return [...found].sort();
  };
  // every word of a mail that is not a catalog word asks: short ones too, so all answers are cached
  return (word) => {
    const known = cache.get(word);
    if (known !== undefined) return known;
    const result = word.length < MIN_FUZZY_LENGTH - 1 ? (bySingle.get(word.replace(/(.)\1+/g, '$1')) ?? []).filter((w) => w !== word) : nearby(word);
    if (cache.size > 50_000) cache.clear(); // bounded: a warm Lambda sees unbounded vocabularies
    cache.set(word, result);
    return result;
  };
}
