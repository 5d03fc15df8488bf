import { auditOf, type Actor, type AuditEntry, type Runtime } from '../audit/audit-entry.js';
import { linkKey, type LinkProvenance } from './link-provenance.js';
import type { ActivityEntry, MessageRecord } from './ports.js';

export type LinkOwner = { readonly kind: 'contact' | 'company'; readonly id: string };

export interface ManualLinkDeps {
  readonly messages: {
    findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined>;
    setLinkState(spaceId: string, id: string, state: Pick<MessageRecord, 'contactIds' | 'companyIds' | 'linkProvenance' | 'unlinked'>): Promise<void>;
  };
  readonly threads: {
    addThreadLinks(spaceId: string, threadId: string, contactIds: readonly string[], companyIds: readonly string[]): Promise<void>;
    removeThreadLinks(spaceId: string, threadId: string, owner: LinkOwner): Promise<void>;
  };
  readonly activities: {
    putActivities(spaceId: string, owners: readonly (LinkOwner & { provenance?: LinkProvenance })[], entry: ActivityEntry): Promise<void>;
    deleteActivity(spaceId: string, owner: LinkOwner, date: string, messageId: string): Promise<void>;
  };
  readonly audits: { putAudit(entry: AuditEntry): Promise<void> };
  readonly touchContactActivity: (spaceId: string, contactId: string, at: string) => Promise<void>;
}

const entryOf = (m: MessageRecord): ActivityEntry => ({
  messageId: m.id, threadId: m.threadId, subject: m.subject, date: m.date, sender: m.from, snippet: m.snippet, direction: m.direction,
  ...(m.automated ? { automated: m.automated } : {}), ...(m.orderId ? { orderId: m.orderId } : {}),
});

const without = (ids: readonly string[], id: string) => ids.filter((x) => x !== id);

/**
 * Links messages of one thread to a contact or company by hand (provenance `manual` with the user),
 * clearing an earlier unlink of that owner, and writes one `linked` audit row on the thread.
 * Messages already linked to the owner keep their provenance. Returns how many messages it linked.
 */
export async function linkByHand(deps: ManualLinkDeps, rt: Runtime, actor: Actor, input: { threadId: string; messageIds: readonly string[]; owner: LinkOwner }): Promise<number> {
  const { spaceId } = actor;
  const key = linkKey(input.owner.kind, input.owner.id);
  const provenance: LinkProvenance = { kind: 'manual', byUserId: actor.userId, at: rt.now().toISOString() };
  let linked = 0;
  for (const id of input.messageIds) {
    const m = await deps.messages.findMessage(spaceId, id);
    if (!m) continue;
    const ids = input.owner.kind === 'contact' ? m.contactIds : m.companyIds;
    if (ids.includes(input.owner.id)) continue;
    await deps.activities.putActivities(spaceId, [{ ...input.owner, provenance }], entryOf(m));
    const { [key]: _cleared, ...unlinked } = m.unlinked ?? {};
    await deps.messages.setLinkState(spaceId, id, {
      contactIds: input.owner.kind === 'contact' ? [...m.contactIds, input.owner.id] : m.contactIds,
      companyIds: input.owner.kind === 'company' ? [...m.companyIds, input.owner.id] : m.companyIds,
      linkProvenance: { ...m.linkProvenance, [key]: provenance }, unlinked,
    });
    if (input.owner.kind === 'contact') await deps.touchContactActivity(spaceId, input.owner.id, m.date);
    linked += 1;
  }
  await deps.threads.addThreadLinks(spaceId, input.threadId, input.owner.kind === 'contact' ? [input.owner.id] : [], input.owner.kind === 'company' ? [input.owner.id] : []);
  await deps.audits.putAudit(auditOf(rt, actor, 'thread', input.threadId, 'linked', { details: { ...input.owner, messages: linked } }));
  return linked;
}

/**
 * Unlinks every message of a thread from a contact or company: the mail leaves the owner's timeline,
 * and each message remembers who unlinked it, so a relink of the address never links it again.
 * Writes one `unlinked` audit row on the thread. Returns how many messages were linked before.
 */
export async function unlinkByHand(deps: ManualLinkDeps, rt: Runtime, actor: Actor, input: { threadId: string; messageIds: readonly string[]; owner: LinkOwner }): Promise<number> {
  const { spaceId } = actor;
  const key = linkKey(input.owner.kind, input.owner.id);
  const at = rt.now().toISOString();
  let unlinked = 0;
  for (const id of input.messageIds) {
    const m = await deps.messages.findMessage(spaceId, id);
    if (!m) continue;
    const wasLinked = (input.owner.kind === 'contact' ? m.contactIds : m.companyIds).includes(input.owner.id);
    const { [key]: _dropped, ...linkProvenance } = m.linkProvenance ?? {};
    // The marker goes on every message of the thread, linked or not, so a later relink skips them all.
    await deps.messages.setLinkState(spaceId, id, {
      contactIds: input.owner.kind === 'contact' ? without(m.contactIds, input.owner.id) : m.contactIds,
      companyIds: input.owner.kind === 'company' ? without(m.companyIds, input.owner.id) : m.companyIds,
      linkProvenance, unlinked: { ...m.unlinked, [key]: { byUserId: actor.userId, at } },
    });
    if (wasLinked) await deps.activities.deleteActivity(spaceId, input.owner, m.date, m.id);
    if (wasLinked) unlinked += 1;
  }
  await deps.threads.removeThreadLinks(spaceId, input.threadId, input.owner);
  await deps.audits.putAudit(auditOf(rt, actor, 'thread', input.threadId, 'unlinked', { details: { ...input.owner, messages: unlinked } }));
  return unlinked;
}
