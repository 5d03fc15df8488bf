import type { Log } from '../../observability/logger.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import { linkKey, type LinkProvenance } from './link-provenance.js';
import { matchOwners } from './match-owners.js';
import type { ActivityEntry, ContactDirectory, MessageRecord, Page } from './ports.js';

export interface RelinkAddressDeps {
  readonly messages: {
    findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined>;
    addLinks(spaceId: string, id: string, contactIds: readonly string[], companyIds: readonly string[], linkProvenance?: Readonly<Record<string, LinkProvenance>>): Promise<void>;
  };
  readonly threads: { addThreadLinks(spaceId: string, threadId: string, contactIds: readonly string[], companyIds: readonly string[]): Promise<void> };
  readonly activities: {
    listAddressMessages(spaceId: string, address: string, startKey?: Record<string, unknown>): Promise<Page<string>>;
    putActivities(spaceId: string, owners: readonly { kind: 'contact' | 'company'; id: string; provenance?: LinkProvenance }[], entry: ActivityEntry): Promise<void>;
  };
  readonly directory: ContactDirectory;
  readonly log: Log;
  readonly now: () => Date;
}

/**
 * Gives a contact created (or given an address) after its mail arrived its history: every message
 * the address appeared on is linked to the contacts and companies that match now. Idempotent.
 */
export async function relinkAddress(deps: RelinkAddressDeps, input: { spaceId: string; address: string; correlationId: string }): Promise<number> {
  const { spaceId } = input;
  const address = normalizeEmail(input.address);
  let relinked = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.activities.listAddressMessages(spaceId, address, startKey);
    for (const id of page.items) {
      const message = await deps.messages.findMessage(spaceId, id);
      if (!message) continue;
      const owners = await matchOwners(deps.directory, spaceId, [address]);
      // An owner staff unlinked from this mail stays unlinked.
      const wanted = (kind: 'contact' | 'company', id: string) => message.unlinked?.[linkKey(kind, id)] === undefined;
      const newContacts = owners.contactIds.filter((c) => !message.contactIds.includes(c) && wanted('contact', c));
      const newCompanies = owners.companyIds.filter((c) => !message.companyIds.includes(c) && wanted('company', c));
      if (newContacts.length === 0 && newCompanies.length === 0) continue;
      const entry: ActivityEntry = {
        messageId: message.id, threadId: message.threadId, subject: message.subject, date: message.date, sender: message.from,
        snippet: message.snippet, direction: message.direction,
        ...(message.automated ? { automated: message.automated } : {}), ...(message.orderId ? { orderId: message.orderId } : {}),
      };
      const at = deps.now().toISOString();
      const linked = [
        ...newContacts.map((id) => ({ kind: 'contact' as const, id })),
        ...newCompanies.map((id) => ({ kind: 'company' as const, id })),
      ].map((o) => ({ ...o, provenance: { kind: owners.kinds.get(linkKey(o.kind, o.id))!, at } satisfies LinkProvenance }));
      await deps.activities.putActivities(spaceId, linked, entry);
      await deps.threads.addThreadLinks(spaceId, message.threadId, newContacts, newCompanies);
      await deps.messages.addLinks(spaceId, message.id, [...message.contactIds, ...newContacts], [...message.companyIds, ...newCompanies],
        { ...message.linkProvenance, ...Object.fromEntries(linked.map((o) => [linkKey(o.kind, o.id), o.provenance])) });
      await Promise.all(newContacts.map((c) => deps.directory.touchContactActivity(spaceId, c, message.date)));
      relinked += 1;
    }
    startKey = page.lastKey;
  } while (startKey);
  deps.log.info('address relinked', { spaceId, messages: relinked, correlationId: input.correlationId });
  return relinked;
}
