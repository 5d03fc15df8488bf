import { auditOf, type Actor, type AuditEntry, type Runtime } from '../audit/audit-entry.js';
import { ConflictError } from '../errors.js';
import { linkKey, type LinkProvenance } from './link-provenance.js';
import type { MessageLinkWriter, MessageRecord } from './ports.js';
import { activityEntryOf } from './relink-message.js';

export type LinkOwner = { readonly kind: 'contact' | 'company'; readonly id: string };

export interface ManualLinkDeps {
  readonly messages: { findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined> };
  /** Writes a message's links with its timeline lines, only if they did not change since read. */
  readonly links: MessageLinkWriter;
  readonly threads: {
    addThreadLinks(spaceId: string, threadId: string, contactIds: readonly string[], companyIds: readonly string[]): Promise<void>;
    removeThreadLinks(spaceId: string, threadId: string, owner: LinkOwner): Promise<void>;
  };
  readonly audits: { putAudit(entry: AuditEntry): Promise<void> };
  readonly touchContactActivity: (spaceId: string, contactId: string, at: string) => Promise<void>;
}

const without = (ids: readonly string[], id: string) => ids.filter((x) => x !== id);

/** Reads again after losing a race this many times (another link, unlink or relink of the same message). */
const MAX_ATTEMPTS = 5;

/**
 * Reads a message and writes the change `decide` makes of it, conditioned on the links as read;
 * a concurrent change of its links makes it read and decide again. `decide` returns undefined when
 * there is nothing to write. Resolves what was written (undefined: nothing, or no such message).
 */
async function changeLinks<T>(deps: ManualLinkDeps, spaceId: string, id: string,
  decide: (m: MessageRecord) => { change: Parameters<MessageLinkWriter['writeLinks']>[2]; result: T } | undefined): Promise<{ m: MessageRecord; result: T } | undefined> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const m = await deps.messages.findMessage(spaceId, id);
    const decided = m && decide(m);
    if (!m || !decided) return undefined;
    if (await deps.links.writeLinks(spaceId, m, decided.change)) return { m, result: decided.result };
  }
  throw new ConflictError('The message links kept changing; try again', { messageId: id });
}

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
    const done = await changeLinks(deps, spaceId, id, (m) => {
      if ((input.owner.kind === 'contact' ? m.contactIds : m.companyIds).includes(input.owner.id)) return undefined;
      const { [key]: _cleared, ...unlinked } = m.unlinked ?? {};
      return { result: true, change: {
        state: {
          contactIds: input.owner.kind === 'contact' ? [...m.contactIds, input.owner.id] : m.contactIds,
          companyIds: input.owner.kind === 'company' ? [...m.companyIds, input.owner.id] : m.companyIds,
          linkProvenance: { ...m.linkProvenance, [key]: provenance }, unlinked,
        },
        entry: activityEntryOf(m), put: [{ ...input.owner, provenance }], remove: [],
      } };
    });
    if (!done) continue;
    if (input.owner.kind === 'contact') await deps.touchContactActivity(spaceId, input.owner.id, done.m.date);
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
    const done = await changeLinks(deps, spaceId, id, (m) => {
      const wasLinked = (input.owner.kind === 'contact' ? m.contactIds : m.companyIds).includes(input.owner.id);
      const { [key]: _dropped, ...linkProvenance } = m.linkProvenance ?? {};
      // The marker goes on every message of the thread, linked or not, so a later relink skips them all.
      return { result: wasLinked, change: {
        state: {
          contactIds: input.owner.kind === 'contact' ? without(m.contactIds, input.owner.id) : m.contactIds,
          companyIds: input.owner.kind === 'company' ? without(m.companyIds, input.owner.id) : m.companyIds,
          linkProvenance, unlinked: { ...m.unlinked, [key]: { byUserId: actor.userId, at } },
        },
        entry: activityEntryOf(m), put: [], remove: wasLinked ? [input.owner] : [],
      } };
    });
    if (done?.result) unlinked += 1;
  }
  await deps.threads.removeThreadLinks(spaceId, input.threadId, input.owner);
  await deps.audits.putAudit(auditOf(rt, actor, 'thread', input.threadId, 'unlinked', { details: { ...input.owner, messages: unlinked } }));
  return unlinked;
}
