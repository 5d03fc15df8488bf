import { ConflictError } from '../errors.js';
import { linkKey } from '../threads/link-provenance.js';
import type { MessageLinkWriter, MessageRecord } from '../threads/ports.js';
import { activityEntryOf } from '../threads/relink-message.js';

export type LinkOwner = { readonly kind: 'contact' | 'company'; readonly id: string };

export interface DropRuleLinksDeps {
  readonly messages: { findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined> };
  readonly links: MessageLinkWriter;
  /** Takes the mail out of its addresses' index, so a contact created later does not relink it. */
  readonly addressIndex: { removeAddressMessages(spaceId: string, addresses: readonly string[], date: string, messageId: string): Promise<void> };
}

/** Reads again after losing a race this many times. */
const MAX_ATTEMPTS = 5;

/**
 * What a `no_link` rule does to mail linked before it was saved: drops every link the linker made
 * (links staff made by hand stay) and records the rule on the message (`unlinkedByRule`, so a
 * re-apply after the rule is gone links it again), as one compare-and-set on the link revision
 * read, so a link or unlink by hand meanwhile makes it read and decide again. Returns the owners it dropped.
 * @throws ConflictError when the message's links kept changing under it.
 */
export async function dropRuleLinks(deps: DropRuleLinksDeps, spaceId: string, id: string, rule: string): Promise<LinkOwner[]> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const m = await deps.messages.findMessage(spaceId, id);
    if (!m) return [];
    const byHand = (kind: LinkOwner['kind'], owner: string) => m.linkProvenance?.[linkKey(kind, owner)]?.kind === 'manual';
    const drop: LinkOwner[] = [
      ...m.contactIds.filter((c) => !byHand('contact', c)).map((c) => ({ kind: 'contact' as const, id: c })),
      ...m.companyIds.filter((c) => !byHand('company', c)).map((c) => ({ kind: 'company' as const, id: c })),
    ];
    if (drop.length === 0 && m.unlinkedByRule !== undefined) return [];
    const dropped = new Set(drop.map((o) => linkKey(o.kind, o.id)));
    const written = await deps.links.writeLinks(spaceId, m, {
      state: {
        contactIds: m.contactIds.filter((c) => byHand('contact', c)), companyIds: m.companyIds.filter((c) => byHand('company', c)),
        linkProvenance: Object.fromEntries(Object.entries(m.linkProvenance ?? {}).filter(([key]) => !dropped.has(key))),
        unlinked: m.unlinked ?? {},
      },
      entry: activityEntryOf(m), put: [], remove: drop, unlinkedByRule: rule,
    });
    if (!written) continue;
    await deps.addressIndex.removeAddressMessages(spaceId, m.participants, m.date, m.id);
    return drop;
  }
  throw new ConflictError('The message links kept changing; the job step is retried', { messageId: id });
}
