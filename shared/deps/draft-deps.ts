import { createS3Blobs } from '../adapters/blobs/s3-blobs.js';
import { once, requireEnv } from '../config/config.js';
import { NotFoundError } from '../domain/errors.js';
import type { DraftCustomer, DraftDeps, DraftMessageReader } from '../domain/orders/draft-from-message.js';
import type { Blobs } from '../domain/threads/ports.js';
import { defaultTable } from '../store/dynamo.js';
import { createContactStore } from '../store/contact-store.js';
import { createMessageStore, type MessageStore } from '../store/message-store.js';
import { createCatalogCache } from './catalog-lines.js';
import { readFullMail } from '../adapters/mime/full-mail.js';

/**
 * A message reader whose messages carry the whole text and the HTML part: the item keeps only the
 * start of the text (`textTruncated`) and no HTML, so both come from the bucket then (readFullMail).
 */
export const withFullText = (messages: Pick<MessageStore, 'findMessage'>, blobs: Blobs): DraftMessageReader => ({
  async getMessage(spaceId, id) {
    const message = await messages.findMessage(spaceId, id);
    if (!message) throw new NotFoundError('message', id);
    if (!message.textTruncated && !message.hasHtml) return message;
    const full = await readFullMail(blobs, message);
    return { ...message, text: full.text, ...(full.html === undefined ? {} : { html: full.html }) };
  },
});

/** The draft's ports, built once per container (the catalog cache lives as long as the container). */
export const draftDeps = once(async (): Promise<DraftDeps> => {
  const t = defaultTable();
  const contacts = createContactStore(t);
  const asCustomer = (c: unknown): DraftCustomer | undefined => (c ? (c as DraftCustomer) : undefined);
  return {
    messages: withFullText(createMessageStore(t), createS3Blobs(requireEnv('mailBucket'))),
    catalog: createCatalogCache(t),
    contactById: async (s, id) => asCustomer(await contacts.getContact(s, id).catch(() => undefined)),
    contactByEmail: async (s, email) => asCustomer(await contacts.findContactByEmail(s, email)),
  };
});
