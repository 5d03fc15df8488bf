/** Longest token kept in the index (sort keys stay far below DynamoDB's 1 KB). */
export const MAX_TOKEN_CHARS = 64;
/** Longest `q` accepted by list endpoints. */
export const MAX_QUERY_CHARS = 256;

/** Case- and accent-insensitive form used for tokens and queries: "Renée  O'Brien" → "renee o'brien". */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const clip = (t: string): string => [...t].slice(0, MAX_TOKEN_CHARS).join('');

/** Each word of a text plus the whole text, so both "doe" and "jane d" find "Jane Doe". */
export function wordTokens(text: string | undefined): string[] {
  if (!text) return [];
  const whole = normalizeSearchText(text);
  if (!whole) return [];
  const words = whole.split(/[\s,;/()]+/).map((w) => w.replace(/^[^\p{L}\p{N}\p{So}]+|[^\p{L}\p{N}\p{So}]+$/gu, '')).filter(Boolean);
  return [whole, ...words];
}

/** An address is found by its full form, its local part and its domain. */
export function emailTokens(email: string): string[] {
  const at = email.lastIndexOf('@');
  return at < 0 ? [email] : [email, email.slice(0, at), email.slice(at + 1)];
}

/** Sorted, unique, clipped tokens. */
export function tokenSet(tokens: readonly string[]): string[] {
  return [...new Set(tokens.map(clip).filter(Boolean))].sort();
}

/** Order of index items `<token>#<id>`: UTF-8 bytes, as DynamoDB sorts keys ("jo a#" < "jo#"). */
export const indexOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(`${a}#`), Buffer.from(`${b}#`));

/**
 * The token a record is listed under for a query: the first of its tokens starting with `q`, in
 * index order. The index holds one item per token; emitting a record only at the first one it meets
 * keeps it from appearing twice across pages, and a stale index item (token no longer held) is skipped.
 */
export function firstMatchingToken(tokens: readonly string[], q: string): string | undefined {
  return tokens.filter((t) => t.startsWith(q)).sort(indexOrder)[0];
}
