import { createS3Blobs } from '../adapters/blobs/s3-blobs.js';
import { requireEnv } from '../config/config.js';
import { NotFoundError } from '../domain/errors.js';
import type { DraftCustomer, DraftDeps } from '../domain/orders/draft-from-message.js';
import type { Blobs } from '../domain/threads/ports.js';
import type { MessageReader } from '../domain/threads/stored-message.js';
import { defaultTable } from '../store/dynamo.js';
import { createContactStore } from '../store/contact-store.js';
import { createMessageStore, type MessageStore } from '../store/message-store.js';
import { createCatalogCache } from './catalog-lines.js';
import { readFullMail } from './full-mail.js';

let built: DraftDeps | undefined;

/**
 * A MessageReader whose messages carry the whole text: the item keeps only its start
 * (`textTruncated`), so the rest comes from the bucket (readFullMail).
 */
export const withFullText = (messages: Pick<MessageStore, 'findMessage'>, blobs: Blobs): MessageReader => ({
  async getMessage(spaceId, id) {
    const message = await messages.findMessage(spaceId, id);
    if (!message) throw new NotFoundError('message', id);
    if (!message.textTruncated) return message;
    return { ...message, text: (await readFullMail(blobs, message)).text };
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
