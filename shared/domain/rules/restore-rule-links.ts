import { ConflictError } from '../errors.js';
import { linkKey } from '../threads/link-provenance.js';
import type { MatchedOwners } from '../threads/match-owners.js';
import type { ContactDirectory, MessageLinkWriter, MessageRecord } from '../threads/ports.js';
import { addedLinks, type RelinkOwner } from '../threads/relink-message.js';

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
    const added = addedLinks(m, owners);
    if (!(await deps.links.writeLinks(spaceId, m, { ...added.change, unlinkedByRule: null }))) continue;
    await Promise.all(added.contactIds.map((c) => deps.directory.touchContactActivity(spaceId, c, m.date)));
    return true;
  }
  throw new ConflictError('The message links kept changing; the job step is retried', { messageId: id });
}
