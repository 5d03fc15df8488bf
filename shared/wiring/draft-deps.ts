import type { DraftCustomer, DraftDeps } from '../domain/orders/draft-from-message.js';
import { defaultTable } from '../store/dynamo.js';
import { createContactStore } from '../store/contact-store.js';
import { createMessageStore } from '../store/message-store.js';
import { createCatalogCache } from './catalog-lines.js';

let built: DraftDeps | undefined;

/** The draft's ports, built once per container (the catalog cache lives as long as the container). */
export async function draftDeps(): Promise<DraftDeps> {
  if (built) return built;
  const t = defaultTable();
  const contacts = createContactStore(t);
  const asCustomer = (c: unknown): DraftCustomer | undefined => (c ? (c as DraftCustomer) : undefined);
  built = {
    messages: createMessageStore(t),
    catalog: createCatalogCache(t),
    contactById: async (s, id) => asCustomer(await contacts.getContact(s, id).catch(() => undefined)),
    contactByEmail: async (s, email) => asCustomer(await contacts.findContactByEmail(s, email)),
  };
  return built;
}
