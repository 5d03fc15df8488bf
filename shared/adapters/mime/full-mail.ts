import { parseMime } from './mailparser-mime.js';
import type { ParsedBlob } from '../../domain/threads/parse-message.js';
import type { Blobs, MessageRecord } from '../../domain/threads/ports.js';

export interface FullMail {
  readonly text: string;
  readonly html?: string;
}

/**
 * The whole text and html of a stored message. The item keeps the start of the text; the rest is
 * in the parsed blob when the parser had to put one in the bucket (its summary did not fit in the
 * link job), and otherwise comes from parsing the raw mail again: the raw mail is the one copy kept.
 */
export async function readFullMail(
  blobs: Pick<Blobs, 'get'>, message: Pick<MessageRecord, 'parsedKey' | 'rawKey' | 'text' | 'textTruncated' | 'hasHtml'>,
): Promise<FullMail> {
  if (message.parsedKey) {
    const blob = JSON.parse((await blobs.get(message.parsedKey)).toString('utf8')) as ParsedBlob;
    return { text: blob.mail.text, ...(blob.mail.html !== undefined ? { html: blob.mail.html } : {}) };
  }
  if (!message.textTruncated && !message.hasHtml) return { text: message.text };
  const { mail } = await parseMime(await blobs.get(message.rawKey), {});
  return { text: mail.text, ...(mail.html !== undefined ? { html: mail.html } : {}) };
}
