/**
 * Numbers that are never quantities are blanked (replaced by spaces of the same length, so token
 * positions still point into the original line): URLs, email addresses, phone numbers (7+ digits),
 * dates ("2024-03-05", "05/03/2024", "5 March", "March 5th, 2024", "on the 5th", "by 04/12"), times, money
 * ("$25", "25.00 EUR"), percentages, reference numbers ("PO 4411", "invoice #123", "order no. 5",
 * "ref: A-77", "Pos 2", "DIN 934", "KW 49", "Org.nr 556677-8899", "HRB 12345"), street addresses ("221B Baker Street") and unit, suite,
 * block, gate and box numbers.
 * "order 5 widgets" keeps its number: "order" is a reference only with no./nr./number/#.
 */
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const STREET = '(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|square|sq|terrace|parkway|pkwy|highway|hwy|strasse|straße|weg)';
/** The spans above, one pattern each, in the order they are tried at a position. */
const SPANS = [
  String.raw`\b(?:https?://|www\.)\S+`,
  String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`,
  String.raw`\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d\d:\d\d(?::\d\d)?)?\b`,
  String.raw`\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b`,
  String.raw`\b\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+${MONTH}\b\.?(?:,?\s+\d{4}\b)?`,
  String.raw`\b${MONTH}\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?`,
  String.raw`\b\d{1,2}(?:st|nd|rd|th)\b`,
  String.raw`\b\d{1,2}[:.]\d{2}\s*(?:am|pm)\b`, String.raw`\b\d{1,2}:\d{2}\b`, String.raw`\b\d{1,2}\s*(?:am|pm)\b`,
  String.raw`[$€£¥]\s*\d(?:[\d,.]*\d)?`,
  String.raw`\b\d(?:[\d,.]*\d)?\s?(?:[€$£¥](?!\s*\d)|(?:usd|eur|gbp|chf|jpy|cad|aud|dollars|euros|pounds|pence)\b)`, String.raw`\b\d{1,3}p\b`,
  String.raw`\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+\d{1,2}[./]\d{1,2}\b`,
  String.raw`\b(?:by|on|before|until|till|from|due|for)\s+\d{1,2}[./]\d{1,2}\b(?![./]?\d)`,
  String.raw`(?:usd|eur|gbp|chf|jpy|cad|aud)\s*\d(?:[\d,.]*\d)?`,
  String.raw`\b\d+(?:[.,]\d+)?\s*(?:%|percent\b)`,
  String.raw`\b(?:p\.?o\.?|purchase order|invoice|inv|ref|reference|ticket|case|account|acct|customer|quote|quotation|tracking|vat|tax id|cvr|hrb|mva|ust-idnr)\.?\s*(?:no\.?|nr\.?|number|num|id|#)?\s*[:#.]?\s*[a-z]{0,4}[-/]?\d[\w/-]*`,
  String.raw`\b(?:order|item|line|page|step|version|model|company|org)\.?\s*(?:no\.?|nr\.?|number|#)\s*[:#]?\s*\w*\d[\w-]*`,
  String.raw`\bno\.\s*\d+\b`, String.raw`#\s*\d[\w-]*`,
  String.raw`\b(?:suite|ste|unit|floor|fl|apt|apartment|building|bldg|block|plot|studio|gate|room|p\.?o\.?\s*box)\.?\s*#?\s*\d+\w*`,
  String.raw`\b(?:pos|kw|cw|wk|week|din|iso|centre|center|code|nr)\.?\s*\d+\b`, String.raw`\b(?:item|line|position)\s+\d+\s*(?=:)`,
  String.raw`\b\d{1,5}[a-z]?\s+(?:[a-z\u00c0-\u024f'.-]+\s+){1,3}${STREET}\b\.?`,
  String.raw`(?:\+|\(|\b)\d[\d\s().\/-]{5,}\d\b`,
];
/** Every span, in order: for a line with an "@" (the e-mail pattern scans every word to its end). */
const NOISE = new RegExp(SPANS.join('|'), 'g');
/**
 * The same spans without the e-mail one, for the many lines with no "@", and with one word-boundary
 * test for all the patterns that start with one. The leftmost match stays the same: patterns only
 * swap places with patterns that cannot match at the same position (a word character against "$",
 * "#", "+" or "("; "usd" and the like against every word a "\b" pattern starts with).
 */
const NOISE_NO_AT = (() => {
  const phone = SPANS[SPANS.length - 1] as string;
  const phoneTail = phone.slice(String.raw`(?:\+|\(|\b)`.length);
  const rest = SPANS.slice(0, -1).filter((s) => !s.includes('@'));
  const bounded = [...rest.filter((s) => s.startsWith(String.raw`\b`)).map((s) => s.slice(2)), phoneTail];
  return new RegExp([String.raw`\b(?:${bounded.join('|')})`, ...rest.filter((s) => !s.startsWith(String.raw`\b`)), `[+(]${phoneTail}`].join('|'), 'g');
})();
const PHONE_DIGITS = 7;

/** Blanks the spans listed in the module comment; `isSku` protects digit-heavy catalog SKUs. */
export function maskNoise(line: string, isSku: (upper: string) => boolean): string {
  if (!/\d/.test(line)) return line;
  // One lower-cased, case-sensitive pass is much faster than /i; same length keeps positions valid.
  const lower = line.toLowerCase();
  if (lower.length !== line.length) return line; // rare (e.g. 'İ'): leave such a line unmasked
  let masked = '';
  let last = 0;
  const noise = lower.includes('@') ? NOISE : NOISE_NO_AT;
  noise.lastIndex = 0;
  // exec on the one global regex: matchAll would copy it for every line
  for (let m = noise.exec(lower); m !== null; m = noise.exec(lower)) {
    const span = line.slice(m.index, m.index + m[0].length);
    masked += line.slice(last, m.index) + blank(span, isSku);
    last = m.index + span.length;
  }
  return last === 0 ? line : masked + line.slice(last);
}

function blank(span: string, isSku: (upper: string) => boolean): string {
  if (/^[(+\d]/.test(span) && /^[\d\s().\/+-]+$/.test(span)) {
    const digits = span.replace(/\D/g, '').length;
    if (digits < PHONE_DIGITS || isSku(span.trim().toUpperCase())) return span;
  }
  return ' '.repeat(span.length);
}

const BULLET = /^\s*(?:[-*•·▪●◦‣–—+]|\(?\d{1,2}[.)](?!\d)|\(?[a-z][.)])\s+/i;

/** Removes a bullet or a list number ("1.", "2)", "(3)", "a)"): list numbers are not quantities. */
export function stripBullet(line: string): { text: string; listItem: boolean } {
  const m = BULLET.exec(line);
  return m === null ? { text: line, listItem: false } : { text: ' '.repeat(m[0].length) + line.slice(m[0].length), listItem: true };
}
