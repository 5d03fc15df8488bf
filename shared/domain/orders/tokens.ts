/** One token of a line: positions index the (masked) line so the source text can be cut out. */
export interface Token {
  readonly raw: string;
  /** Lower case, singular (`widgets` → `widget`); digits-bearing words stay as written. */
  readonly norm: string;
  readonly start: number;
  readonly end: number;
  readonly kind: TokenKind;
  /** Integer value for `int` and `times` tokens. */
  readonly value?: number;
}

/** `times` is a "3x"/"x3" token; `decimal` a non-whole number such as "2.5". */
export type TokenKind = 'word' | 'int' | 'times' | 'decimal' | 'sku';

const WORD = /[\p{L}\p{N}]+(?:['’.,/_-][\p{L}\p{N}]+)*/gu;
const INT = /^\d{1,9}$/;
const THOUSANDS = /^\d{1,3}(?:,\d{3})+$|^\d{1,3}(?:\.\d{3})+$/;
const DECIMAL = /^\d+[.,]\d+$/;
const TIMES = /^(\d{1,5})[x×]$|^[x×](\d{1,5})$/i;
const PART = /[\p{L}\p{N}]+/gu;

/** Lower-cases and strips a plural `s` with the few English rules that matter for product names. */
export function normalizeWord(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  if (/\d/.test(w) || w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:ss|us|is)$/.test(w)) return w;
  if (/(?:ches|shes|xes|zes|sses)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) w = w.slice(0, -1);
  return w;
}

/** Splits a line into word, number and SKU tokens; `isSku` recognises catalog SKUs whole. */
export function tokenize(line: string, isSku: (upper: string) => boolean): Token[] {
  const tokens: Token[] = [];
  for (const m of line.matchAll(WORD)) {
    const raw = m[0];
    const start = m.index;
    if (isSku(raw.toUpperCase())) {
      tokens.push({ raw, norm: raw.toUpperCase(), start, end: start + raw.length, kind: 'sku' });
    } else if (INT.test(raw) || THOUSANDS.test(raw)) {
      const value = Number(raw.replace(/[.,]/g, ''));
      tokens.push({ raw, norm: raw, start, end: start + raw.length, kind: 'int', value });
    } else if (DECIMAL.test(raw)) {
      tokens.push({ raw, norm: raw, start, end: start + raw.length, kind: 'decimal' });
    } else if (/[.,/_-]/.test(raw)) {
      for (const p of raw.matchAll(PART)) pushWord(tokens, p[0], start + p.index);
    } else {
      pushWord(tokens, raw, start);
    }
  }
  return tokens;
}

function pushWord(tokens: Token[], raw: string, start: number): void {
  const end = start + raw.length;
  const times = TIMES.exec(raw);
  if (times) {
    tokens.push({ raw, norm: raw.toLowerCase(), start, end, kind: 'times', value: Number(times[1] ?? times[2]) });
  } else if (INT.test(raw)) {
    tokens.push({ raw, norm: raw, start, end, kind: 'int', value: Number(raw) });
  } else {
    tokens.push({ raw, norm: normalizeWord(raw), start, end, kind: 'word' });
  }
}

/** Words that join or surround product names but never name a product themselves. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'with', 'for', 'to', 'in', 'on', 'at', 'by', 'from', '&',
]);
