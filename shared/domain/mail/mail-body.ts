/**
 * Splits a mail body into the customer's own lines and the material they quote or forward.
 * Quoted and forwarded material starts at: a ">" line, "On … wrote:" (also wrapped over two lines,
 * and the German/French/Dutch forms), "-----Original Message-----", a forwarded-message marker, an
 * Outlook "From: …" header followed by "Sent:"/"Date:", or a "________" separator; its header lines
 * (From/To/Date/Subject…) are dropped. Signatures ("-- ", "Sent from my …", a closing line made only
 * of a sign-off such as "Best regards," and optionally a name) end the own lines; what follows them
 * is skipped unless quoted or forwarded material starts below. Inside the referenced material, a
 * second level of quoting is dropped: only the latest message of a forwarded thread is kept.
 */
const WROTE = /^(?:on\b.*\bwrote|am\b.*\bschrieb\b.*|le\b.*\ba écrit|op\b.*\bschreef|el\s.*\sescribió|il\s.*\sha scritto|(?:den|på)\s.*\sskrev|w dniu\s.*\snapisała?|\d{4}[-/.]\d\d?[-/.]\d\d?\b.*\bwrote)\s*:\s*$|^on\b.*\bwrote\s*$/i;
const WROTE_TAIL = /\b(?:wrote|schrieb|a écrit|schreef|escribió|ha scritto|skrev|napisała?)\s*:\s*$/i;
/** The first words of a wrapped "On … wrote:" line in the languages above. */
const WROTE_START = /^(?:on|am|le|op|el|il|den|på|w dniu)\s/i;
const ORIGINAL = /^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine)\s*-{2,}\s*$/i;
const FORWARDED = /^\s*-{2,}\s*(?:forwarded message|begin forwarded message|weitergeleitete nachricht|message transféré)\b.*$|^\s*begin forwarded message:\s*$/i;
const OUTLOOK_FROM = /^\s*\*?(?:from|von|de)\s*:\*?\s+\S/i;
const OUTLOOK_SENT = /^\s*\*?(?:sent|date|gesendet|envoyé|to|subject)\s*:\*?\s/i;
const HEADER_LINE = /^\s*\*?(?:from|to|cc|date|sent|subject|von|an|datum|betreff|gesendet|de|à|objet)\s*:/i;
const SEPARATOR = /^\s*_{8,}\s*$/;
const SIGNATURE = /^--\s?$|^sent from my\b|^get outlook for\b|^sent from (?:outlook|mail for windows)\b/i;
const CLOSING = new RegExp(
  '^(?:best regards|kind regards|warm regards|warmest regards|best wishes|regards|many thanks|' +
    'thanks in advance|thanks again|thanks so much|thank you|thanks|thx|cheers|sincerely|' +
    'yours sincerely|yours faithfully|yours truly|yours|best|all the best|br|kr|mfg|viele grüße|cordialement|' +
    'mit freundlichen grüßen|liebe grüße|grazie|ta|diolch)' +
    '[\\s,.!:-]*',
  'iu',
);
/** After a sign-off only a name may follow: capitalised words (checked without the `i` flag). */
const NAME_ONLY = /^(?:\p{Lu}[\p{L}'.-]*\s*){0,3}$/u;

/** Largest body the parser reads; an order never needs more, and it bounds the work per mail. */
export const MAX_BODY_CHARS = 100_000;

/** One line of the body and where it starts in the normalised body text. */
export interface BodyLine {
  readonly text: string;
  readonly start: number;
}

export interface SplitBody {
  /** The body with CRLF, no-break spaces and zero-width characters normalised; offsets index it. */
  readonly text: string;
  readonly own: readonly BodyLine[];
  /** Quoted or forwarded material (latest message only, header lines and quote marks removed). */
  readonly referenced: readonly BodyLine[];
  /** Nothing at all, not even a greeting, was written above the quoted or forwarded material. */
  readonly bare: boolean;
  /** The material is a forwarded message (a forwarding marker starts it), not a quoted reply. */
  readonly forwarded: boolean;
}

/** Splits the body as the module comment describes. */
export function splitBody(body: string): SplitBody {
  const text = body.replace(/\r\n?/g, '\n').replace(/[\u00a0\u2007\u202f]/g, ' ').replace(/[\u200b-\u200d\ufeff]/g, ' ');
  const lines: BodyLine[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    lines.push({ text: line, start: at });
    at += line.length + 1;
  }
  const first = readLevel(lines);
  const second = readLevel(dropLeadingHeaders(unquoteWhole(first.referenced)));
  return { text, own: first.own, referenced: second.own, bare: first.referenced.length > 0 && !first.wrote, forwarded: first.forwarded };
}

/** The customer's own lines only (quoted, forwarded and signature lines removed). */
export function ownLines(body: string): string[] {
  return splitBody(body).own.map((l) => l.text);
}

function readLevel(lines: readonly BodyLine[]): { own: BodyLine[]; referenced: BodyLine[]; wrote: boolean; forwarded: boolean } {
  const own: BodyLine[] = [];
  const referenced: BodyLine[] = [];
  let mode: 'own' | 'signature' | 'referenced' = 'own';
  let wrote = false;
  let quotedBelow = false;
  let quotedSeen = false;
  let forwarded = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as BodyLine;
    const trimmed = line.text.trim();
    if (mode === 'referenced') {
      // below "On … wrote:" the quoted message keeps its "> " marks: one level is removed here
      const mark = quotedBelow && trimmed.startsWith('>') ? /^\s*>\s?/.exec(line.text) : null;
      // an unmarked line after the marked ones is the customer's again: written below the quote
      // (bottom-posting) or between its lines (answers inline)
      if (mark === null && quotedSeen && trimmed !== '') {
        mode = 'own';
        quotedBelow = false;
      } else {
        if (mark !== null) quotedSeen = true;
        referenced.push(mark === null ? line : { text: line.text.slice(mark[0].length), start: line.start + mark[0].length });
        continue;
      }
    }
    if (trimmed.startsWith('>')) {
      const quote = /^\s*(?:>\s?)+/.exec(line.text) as RegExpExecArray;
      for (; i < lines.length && (lines[i] as BodyLine).text.trim().startsWith('>'); i++) {
        const q = lines[i] as BodyLine;
        const prefix = /^\s*>\s?/.exec(q.text)?.[0].length ?? quote[0].length;
        referenced.push({ text: q.text.slice(prefix), start: q.start + prefix });
      }
      i--;
      continue;
    }
    if (startsReferenced(trimmed, lines, i)) {
      mode = 'referenced';
      if (referenced.length === 0) forwarded = FORWARDED.test(trimmed) || forwardHeader(lines, i);
      quotedBelow = WROTE.test(trimmed) || WROTE_TAIL.test(lines[i + 1]?.text ?? '');
      quotedSeen = false;
      if (!WROTE.test(trimmed) && quotedBelow) i++;
      continue;
    }
    if (trimmed !== '') wrote = true;
    if (mode === 'signature') continue;
    if (endsOwnText(trimmed, lines, i)) {
      mode = 'signature';
      continue;
    }
    own.push(line);
  }
  return { own, referenced: dropLeadingHeaders(referenced), wrote, forwarded };
}

/** An Outlook header block (after a separator line or not) whose subject says it was forwarded. */
function forwardHeader(lines: readonly BodyLine[], i: number): boolean {
  for (let j = i; j < Math.min(lines.length, i + 7); j++) {
    if (/^\s*\*?(?:subject|betreff|objet)\s*:\*?\s*(?:fwd?|fw|wg|tr)\s*:/i.test((lines[j] as BodyLine).text)) return true;
  }
  return false;
}

/** Only lines starting like one of the markers are tested against them (most lines are not). */
const MAY_START_REFERENCE = /^(?:[-_*>\d]|on\b|am\b|le\b|op\b|el\b|il\b|den\b|på\s|w\s|begin\b|from\b|von\b|de\b)/i;

function startsReferenced(trimmed: string, lines: readonly BodyLine[], i: number): boolean {
  if (!MAY_START_REFERENCE.test(trimmed)) return false;
  if (WROTE.test(trimmed) || ORIGINAL.test(trimmed) || SEPARATOR.test(trimmed) || FORWARDED.test(trimmed)) return true;
  if (WROTE_START.test(trimmed) && WROTE_TAIL.test(lines[i + 1]?.text ?? '')) return true;
  if (OUTLOOK_FROM.test(trimmed)) {
    for (let j = i + 1; j < Math.min(lines.length, i + 5); j++) if (OUTLOOK_SENT.test((lines[j] as BodyLine).text)) return true;
  }
  return false;
}

/** A "-- " delimiter or device footer, or a sign-off line that only a short tail follows. */
function endsOwnText(trimmed: string, lines: readonly BodyLine[], i: number): boolean {
  if (SIGNATURE.test(trimmed)) return true;
  const closing = trimmed.length <= 40 ? CLOSING.exec(trimmed) : null;
  return closing !== null && NAME_ONLY.test(trimmed.slice(closing[0].length)) && onlyShortTailAfter(lines, i);
}

const MAX_SIGNATURE_LINES = 6;

/** "Thanks!" opening a long request is not a sign-off: after one, at most six short lines remain. */
function onlyShortTailAfter(lines: readonly BodyLine[], i: number): boolean {
  let count = 0;
  for (let k = i + 1; k < lines.length; k++) {
    const trimmed = (lines[k] as BodyLine).text.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('>') || startsReferenced(trimmed, lines, k)) return true;
    count += 1;
    if (count > MAX_SIGNATURE_LINES || trimmed.length > 80) return false;
  }
  return true;
}

/**
 * A forwarded message that is quoted as a whole (Apple Mail's cited block under "Begin forwarded
 * message:") is one level of material, not a second level: its marks are removed once.
 */
function unquoteWhole(lines: readonly BodyLine[]): readonly BodyLine[] {
  const marked = lines.filter((l) => l.text.trim() !== '');
  if (marked.length === 0 || !marked.every((l) => l.text.trimStart().startsWith('>'))) return lines;
  return lines.map((l) => {
    const mark = /^\s*>\s?/.exec(l.text);
    return mark === null ? l : { text: l.text.slice(mark[0].length), start: l.start + mark[0].length };
  });
}

/** Drops blank lines, "wrote:"/forward markers and From/To/Date/Subject lines at the top. */
function dropLeadingHeaders(lines: readonly BodyLine[]): BodyLine[] {
  let i = 0;
  while (i < lines.length) {
    const t = (lines[i] as BodyLine).text.trim();
    if (t === '' || HEADER_LINE.test(t) || FORWARDED.test(t) || WROTE.test(t) || ORIGINAL.test(t) || SEPARATOR.test(t)) i++;
    else break;
  }
  return lines.slice(i);
}
