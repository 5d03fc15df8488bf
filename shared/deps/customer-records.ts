import { once } from '../config/config.js';
import { NotFoundError } from '../domain/errors.js';
import { createCompanyStore } from '../store/company-store.js';
import { createContactStore } from '../store/contact-store.js';
import { defaultTable } from '../store/dynamo.js';

/** The contact and company stores on the container's table. */
export const customerRecords = once(() => {
  const t = defaultTable();
  return { contacts: createContactStore(t), companies: createCompanyStore(t) };
});

/**
 * Checks that the contact or company a sub-list hangs off exists in the caller's Space.
 * @throws NotFoundError naming the kind and id when it does not.
 */
export async function requireCustomer(kind: 'contact' | 'company', spaceId: string, id: string): Promise<void> {
  const { contacts, companies } = customerRecords();
  const found = kind === 'contact' ? await contacts.getContact(spaceId, id) : await companies.getCompany(spaceId, id);
  if (!found) throw new NotFoundError(kind, id);
}
