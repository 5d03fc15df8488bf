import { createS3Blobs } from '../adapters/blobs/s3-blobs.js';
import { requireEnv } from '../config/config.js';
import { NotFoundError } from '../domain/errors.js';
import type { DraftCustomer, DraftDeps, DraftMessageReader } from '../domain/orders/draft-from-message.js';
import type { ParsedBlob } from '../domain/threads/parse-message.js';
import type { Blobs } from '../domain/threads/ports.js';
import { defaultTable } from '../store/dynamo.js';
import { createContactStore } from '../store/contact-store.js';
import { createMessageStore, type MessageStore } from '../store/message-store.js';
import { createCatalogCache } from './catalog-lines.js';

let built: DraftDeps | undefined;

/**
 * A message reader whose messages carry the whole text and the HTML part: the item keeps only the
 * start of the text (`textTruncated`) and no HTML, so both come from the parsed blob in S3 then.
 */
export const withFullText = (messages: Pick<MessageStore, 'findMessage'>, blobs: Blobs): DraftMessageReader => ({
  async getMessage(spaceId, id) {
    const message = await messages.findMessage(spaceId, id);
    if (!message) throw new NotFoundError('message', id);
    if (!message.textTruncated && !message.hasHtml) return message;
    const blob = JSON.parse((await blobs.get(message.parsedKey)).toString('utf8')) as ParsedBlob;
    return { ...message, text: blob.mail.text, ...(blob.mail.html === undefined ? {} : { html: blob.mail.html }) };
  },
});

/** The draft's ports, built once per container (the catalog cache lives as long as the container). */
export async function draftDeps(): Promise<DraftDeps> {
  if (built) return built;
  const t = defaultTable();
  const contacts = createContactStore(t);
  const asCustomer = (c: unknown): DraftCustomer | undefined => (c ? (c as DraftCustomer) : undefined);
  built = {
    messages: withFullText(createMessageStore(t), createS3Blobs(requireEnv('mailBucket'))),
    catalog: createCatalogCache(t),
    contactById: async (s, id) => asCustomer(await contacts.getContact(s, id).catch(() => undefined)),
    contactByEmail: async (s, email) => asCustomer(await contacts.findContactByEmail(s, email)),
  };
  return built;
}
