/**
 * The customer's own words in a mail: quoted replies, forwarded headers and signatures removed.
 * Cut points (everything after them is dropped): "On … wrote:" (also wrapped over two lines, and
 * the German/French/Dutch forms), "-----Original Message-----", an Outlook "From: …" header followed
 * by "Sent:"/"Date:", a "________" separator, the "-- " signature line, "Sent from my …", and a
 * closing line made only of a sign-off ("Best regards,", "Thanks,", "Cheers" …) and optionally a name.
 * Lines starting with ">" are skipped. A closing at the very top of a mail ("Thanks!") before the
 * order would cut the order too: a known limit, rare in practice.
 */
const WROTE = /^(?:on\b.*\bwrote|am\b.*\bschrieb|le\b.*\ba écrit|op\b.*\bschreef|\d{4}[-/.]\d\d?[-/.]\d\d?\b.*\bwrote)\s*:?\s*$/i;
const WROTE_TAIL = /\b(?:wrote|schrieb|a écrit|schreef)\s*:\s*$/i;
const ORIGINAL = /^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine)\s*-{2,}\s*$/i;
const FORWARDED = /^\s*-{2,}\s*(?:forwarded message|begin forwarded message)\b.*$|^\s*begin forwarded message:\s*$/i;
const OUTLOOK_FROM = /^\s*\*?(?:from|von|de)\s*:\*?\s+\S/i;
const OUTLOOK_SENT = /^\s*\*?(?:sent|date|gesendet|envoyé|to|subject)\s*:\*?\s/i;
const HEADER_LINE = /^\s*(?:from|to|cc|date|sent|subject)\s*:/i;
const SEPARATOR = /^\s*_{8,}\s*$/;
const SIGNATURE = /^--\s?$|^sent from my\b|^get outlook for\b|^sent from (?:outlook|mail for windows)\b/i;
const CLOSING = new RegExp(
  '^(?:best regards|kind regards|warm regards|warmest regards|best wishes|regards|many thanks|' +
    'thanks in advance|thanks again|thanks so much|thank you|thanks|thx|cheers|sincerely|' +
    'yours sincerely|yours truly|yours|best|all the best|br|kr|mfg|viele grüße|cordialement)' +
    '[\\s,.!:-]*',
  'iu',
);
/** After a sign-off only a name may follow: capitalised words (checked without the `i` flag). */
const NAME_ONLY = /^(?:\p{Lu}[\p{L}'.-]*\s*){0,3}$/u;

/** Largest body the parser reads; an order never needs more, and it bounds the work per mail. */
export const MAX_BODY_CHARS = 100_000;

/** Splits the body into lines and drops quoted replies, forwarded headers and signatures. */
export function ownLines(body: string): string[] {
  const lines = body.replace(/\r\n?/g, '\n').replace(/[\u00a0\u2007\u202f]/g, ' ').replace(/[\u200b-\u200d\ufeff]/g, '').split('\n');
  const out: string[] = [];
  let inForwardHeader = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const trimmed = line.trim();
    if (inForwardHeader) {
      if (trimmed === '') inForwardHeader = false;
      else if (HEADER_LINE.test(trimmed)) continue;
      else inForwardHeader = false;
    }
    if (trimmed.startsWith('>')) continue;
    if (FORWARDED.test(trimmed)) {
      inForwardHeader = true;
      continue;
    }
    if (isCutPoint(trimmed, lines, i)) break;
    out.push(line);
  }
  return out;
}

function isCutPoint(trimmed: string, lines: readonly string[], i: number): boolean {
  if (WROTE.test(trimmed) || ORIGINAL.test(trimmed) || SEPARATOR.test(trimmed) || SIGNATURE.test(trimmed)) return true;
  if (/^(?:on|am|le|op)\s/i.test(trimmed) && WROTE_TAIL.test(lines[i + 1] ?? '')) return true;
  const closing = trimmed.length <= 40 ? CLOSING.exec(trimmed) : null;
  if (closing !== null && NAME_ONLY.test(trimmed.slice(closing[0].length))) return true;
  if (OUTLOOK_FROM.test(trimmed)) {
    for (let j = i + 1; j < Math.min(lines.length, i + 5); j++) if (OUTLOOK_SENT.test(lines[j] as string)) return true;
  }
  return false;
}
