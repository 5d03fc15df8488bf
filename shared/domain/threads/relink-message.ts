import { ConflictError } from '../errors.js';
import { linkKey, type LinkProvenance } from './link-provenance.js';
import type { ActivityEntry, LinkChange, MessageLinkWriter, MessageRecord } from './ports.js';

export type RelinkOwner = { readonly kind: 'contact' | 'company'; readonly id: string; readonly provenance: LinkProvenance };

export interface RelinkMessageDeps {
  readonly messages: { findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined> };
  readonly links: MessageLinkWriter;
  readonly directory: { touchContactActivity(spaceId: string, contactId: string, at: string): Promise<void> };
}

/** Reads again after losing a race this many times; more means the message is being rewritten constantly. */
const MAX_ATTEMPTS = 5;

export const activityEntryOf = (m: MessageRecord): ActivityEntry => ({
  messageId: m.id, threadId: m.threadId, subject: m.subject, date: m.date, sender: m.from, snippet: m.snippet, direction: m.direction,
  ...(m.automated ? { automated: m.automated } : {}), ...(m.orderId ? { orderId: m.orderId } : {}),
});

/**
 * The owners a message is not linked to yet and staff did not unlink from it, and the link change
 * that adds them beside its links (with their provenance and timeline lines).
 */
export function addedLinks(m: MessageRecord, owners: readonly RelinkOwner[]): { fresh: RelinkOwner[]; contactIds: string[]; change: LinkChange } {
  const linked = (o: RelinkOwner) => (o.kind === 'contact' ? m.contactIds : m.companyIds).includes(o.id);
  const fresh = owners.filter((o) => !linked(o) && m.unlinked?.[linkKey(o.kind, o.id)] === undefined);
  const ids = (kind: 'contact' | 'company') => fresh.filter((o) => o.kind === kind).map((o) => o.id);
  return {
    fresh, contactIds: ids('contact'),
    change: {
      state: {
        contactIds: [...m.contactIds, ...ids('contact')], companyIds: [...m.companyIds, ...ids('company')],
        linkProvenance: { ...m.linkProvenance, ...Object.fromEntries(fresh.map((o) => [linkKey(o.kind, o.id), o.provenance])) },
        unlinked: m.unlinked ?? {},
      },
      entry: activityEntryOf(m), put: fresh, remove: [], linkThread: true,
    },
  };
}

/**
 * Links one stored message to the owners a relink found for it, leaving out those it is linked to
 * already and those staff unlinked from it. The write is conditioned on the message as read, so an
 * unlink (or any link change) between the read and the write makes it read and decide again.
 * Returns how many owners it added (0: nothing to do).
 * @throws ConflictError when the message's links kept changing under it.
 */
export async function relinkMessage(deps: RelinkMessageDeps, spaceId: string, id: string, owners: readonly RelinkOwner[]): Promise<number> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const m = await deps.messages.findMessage(spaceId, id);
    if (!m) return 0;
    const added = addedLinks(m, owners);
    if (added.fresh.length === 0) return 0;
    if (!(await deps.links.writeLinks(spaceId, m, added.change))) continue;
    await Promise.all(added.contactIds.map((c) => deps.directory.touchContactActivity(spaceId, c, m.date)));
    return added.fresh.length;
  }
  throw new ConflictError('The message links kept changing; retry the relink', { messageId: id });
}
