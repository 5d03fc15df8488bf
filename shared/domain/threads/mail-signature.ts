/** The longest signature a Space may keep (a few lines of name, title, phone and address). */
export const MAIL_SIGNATURE_MAX_CHARS = 2_000;

export interface VersionedSignature {
  /** Plain text; empty when the Space has none. */
  readonly text: string;
  /** 0 until an admin saves the first one. */
  readonly version: number;
}

/**
 * The body of a mail from the record with the Space's signature under the usual `-- ` separator
 * (RFC 3676), which mail clients recognise and strip when quoting. Without a signature the text is
 * left as it is.
 */
export function withSignature(text: string, signature: string): string {
  const sig = signature.replace(/\r\n?/g, '\n').trim();
  if (!sig) return text;
  return `${text.replace(/\s+$/, '')}\n\n-- \n${sig}\n`;
}
