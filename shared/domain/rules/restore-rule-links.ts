import { ConflictError } from '../errors.js';
import { linkKey } from '../threads/link-provenance.js';
import type { MatchedOwners } from '../threads/match-owners.js';
import type { ContactDirectory, MessageLinkWriter, MessageRecord } from '../threads/ports.js';
import { activityEntryOf, type RelinkOwner } from '../threads/relink-message.js';

export interface RestoreRuleLinksDeps {
  readonly messages: { findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined> };
  readonly links: MessageLinkWriter;
  /** Puts the mail back into its addresses' index, so a contact created later relinks it as any other mail. */
  readonly addressIndex: { putAddressMessages(spaceId: string, addresses: readonly string[], date: string, messageId: string): Promise<void> };
  readonly directory: Pick<ContactDirectory, 'touchContactActivity'>;
}

/** Reads again after losing a race this many times. */
const MAX_ATTEMPTS = 5;

/** The owners a fresh link would give the mail, each with the provenance the linker would record. */
export const ownersOf = (matched: Pick<MatchedOwners, 'contactIds' | 'companyIds' | 'kinds'>, at: string): RelinkOwner[] => [
  ...matched.contactIds.map((id) => ({ kind: 'contact' as const, id })),
  ...matched.companyIds.map((id) => ({ kind: 'company' as const, id })),
].map((o) => ({ ...o, provenance: { kind: matched.kinds.get(linkKey(o.kind, o.id))!, at } }));

/**
 * Undoes a `no_link` rule that no longer applies to a mail it kept unlinked (`unlinkedByRule`): the
 * mail goes back into the address index and is linked to the owners it matches now, with the
 * provenance a fresh link records, beside any link made by hand and never to an owner staff
 * unlinked from it; the marker is cleared in the same compare-and-set on the link revision, so a
 * link change by hand meanwhile makes it read and decide again. Returns false when the mail carries
 * no marker (nothing to undo: mail that matched nobody is relinked by its address, not here).
 * @throws ConflictError when the message's links kept changing under it.
 */
export async function restoreRuleLinks(deps: RestoreRuleLinksDeps, spaceId: string, id: string, owners: readonly RelinkOwner[]): Promise<boolean> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const m = await deps.messages.findMessage(spaceId, id);
    if (!m?.unlinkedByRule) return false;
    // First, so a crash after the write below cannot leave the mail out of the index for good.
    await deps.addressIndex.putAddressMessages(spaceId, m.participants, m.date, m.id);
    const linked = (o: RelinkOwner) => (o.kind === 'contact' ? m.contactIds : m.companyIds).includes(o.id);
    const fresh = owners.filter((o) => !linked(o) && m.unlinked?.[linkKey(o.kind, o.id)] === undefined);
    const ids = (kind: 'contact' | 'company') => fresh.filter((o) => o.kind === kind).map((o) => o.id);
    const written = await deps.links.writeLinks(spaceId, m, {
      state: {
        contactIds: [...m.contactIds, ...ids('contact')], companyIds: [...m.companyIds, ...ids('company')],
        linkProvenance: { ...m.linkProvenance, ...Object.fromEntries(fresh.map((o) => [linkKey(o.kind, o.id), o.provenance])) },
        unlinked: m.unlinked ?? {},
      },
      entry: activityEntryOf(m), put: fresh, remove: [], linkThread: true, unlinkedByRule: null,
    });
    if (!written) continue;
    await Promise.all(ids('contact').map((c) => deps.directory.touchContactActivity(spaceId, c, m.date)));
    return true;
  }
  throw new ConflictError('The message links kept changing; the job step is retried', { messageId: id });
}
