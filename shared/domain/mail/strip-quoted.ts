/** Lines that open a quoted earlier message: everything from here down is history. */
const QUOTE_HEADERS: readonly RegExp[] = [
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*(?:Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,}\s*$/i,
  /^_{20,}\s*$/,
];
/** "On <date>, <who> wrote:" and its translations; may wrap onto the next line. */
const WROTE = /(?:\bwrote|\bschrieb|a écrit|escribió|ha scritto|schreef|skrev|napisał)(?![a-z])[^\n]*:\s*$/i;
const WROTE_START = /^(?:On|Am|Le|El|Il|Op|Den|På|W dniu)\s/i;
/** Outlook's plain header block: From: followed within four lines by Sent: or Date:. */
const OUTLOOK_FROM = /^\*?(?:From|Von|De|Van|Da)\s*:\*?\s/i;
const OUTLOOK_SENT = /^\*?(?:Sent|Date|Gesendet|Envoyé|Enviado|Verzonden|Inviato)\s*:\*?\s/i;
/** Sign-offs that start a signature when only a few short lines follow them. */
const SIGN_OFF =
  /^(?:(?:best|kind|warm|many)?\s*regards|best(?: wishes)?|thanks?(?: you)?(?: so much| again)?|many thanks|cheers|sincerely|yours(?: truly| sincerely)?|mit freundlichen grüßen|viele grüße|cordialement|saludos|thx)\s*[,.!]?\s*$/i;
const DEVICE_FOOTER = /^(?:sent from my \w+|get outlook for \w+|sent from (?:mail|yahoo mail|outlook) for \w+)/i;
const MAX_SIGNATURE_LINES = 6;

/**
 * The new text of a mail: cuts at the first quote header ("On … wrote:", "-----Original
 * Message-----", Outlook's From:/Sent: block), drops "> " lines, and cuts the signature ("-- "
 * delimiter, or a sign-off like "Thanks," followed by at most six short lines) and device footers.
 */
export function stripQuotedAndSignature(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (opensQuote(lines, i)) break;
    if (line === '-- ' || trimmed === '--') break;
    if (trimmed.startsWith('>') || DEVICE_FOOTER.test(trimmed)) continue;
    if (SIGN_OFF.test(trimmed) && isTail(lines, i + 1)) break;
    kept.push(line);
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Up to 200 characters of the new text, whitespace collapsed; the whole text when no new text. */
export function snippetOf(text: string, maxChars = 200): string {
  const fresh = collapse(stripQuotedAndSignature(text));
  const body = fresh || collapse(text.split('\n').filter((l) => !l.trim().startsWith('>')).join(' '));
  if (body.length <= maxChars) return body;
  const cut = body.slice(0, maxChars - 1).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut.replace(/\s+\S*$/, '') || cut}…`;
}

function opensQuote(lines: readonly string[], i: number): boolean {
  const trimmed = (lines[i] ?? '').trim();
  if (QUOTE_HEADERS.some((re) => re.test(trimmed))) return true;
  if (WROTE_START.test(trimmed)) {
    const joined = [trimmed, lines[i + 1]?.trim() ?? '', lines[i + 2]?.trim() ?? ''];
    if (WROTE.test(joined[0] ?? '') || WROTE.test(`${joined[0]} ${joined[1]}`) || WROTE.test(joined.join(' '))) {
      return true;
    }
  }
  if (OUTLOOK_FROM.test(trimmed)) {
    return lines.slice(i + 1, i + 5).some((l) => OUTLOOK_SENT.test(l.trim()));
  }
  return false;
}

function isTail(lines: readonly string[], from: number): boolean {
  let count = 0;
  for (let k = from; k < lines.length; k++) {
    const trimmed = (lines[k] ?? '').trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('>') || trimmed === '--' || opensQuote(lines, k)) return true;
    count += 1;
    if (count > MAX_SIGNATURE_LINES || trimmed.length > 80) return false;
  }
  return true;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
