import { systemRuntime } from '../../domain/audit/system-runtime.js';
import { NotFoundError } from '../../domain/errors.js';
import { linkByHand, unlinkByHand, type LinkOwner } from '../../domain/threads/manual-link.js';
import { requireCustomer } from '../../deps/customer-records.js';
import { manualLinkDeps } from '../../deps/manual-link-deps.js';
import { visibleMessage, visibleThread } from '../../deps/visible-mail.js';
import { captureReviewDeps } from '../../deps/capture-deps.js';
import { contactFromMessage } from '../../domain/threads/contact-from-message.js';
import type { AuthContext } from '../auth.js';
import { actorOf } from '../actor.js';
import { contactFromMessageOp, linkThreadOp, unlinkThreadOp } from '../contracts/links.js';
import { implement, type Operation } from '../http-handler.js';

/** The thread, when the caller sees all of it, and the record, when it exists. @throws NotFoundError alike for each. */
async function target(auth: AuthContext, threadId: string, owner: LinkOwner) {
  const { thread, level } = await visibleThread(auth, threadId);
  if (level !== 'everything') throw new NotFoundError('thread', threadId);
  await requireCustomer(owner.kind, auth.spaceId, owner.id);
  const deps = await manualLinkDeps();
  return { deps, threadId: thread.id, messageIds: await deps.threadMessageIds(auth.spaceId, thread.id) };
}

/** Staff link and unlink a thread (or one message) to a contact or company by hand, or make a contact of a message's sender. */
export const linkRoutes: Operation[] = [
  implement(linkThreadOp, async (r) => {
    const owner: LinkOwner = r.body.contactId ? { kind: 'contact', id: r.body.contactId } : { kind: 'company', id: r.body.companyId! };
    const { deps, threadId, messageIds } = await target(r.auth, r.params.id, owner);
    if (r.body.messageId && !messageIds.includes(r.body.messageId)) throw new NotFoundError('message', r.body.messageId);
    const input = { threadId, owner, messageIds: r.body.messageId ? [r.body.messageId] : messageIds };
    const messages = await linkByHand(deps, systemRuntime, actorOf(r), input);
    return { body: { threadId, kind: owner.kind, ownerId: owner.id, messages } };
  }),
  implement(unlinkThreadOp, async (r) => {
    const owner: LinkOwner = { kind: r.params.kind, id: r.params.ownerId };
    const { deps, threadId, messageIds } = await target(r.auth, r.params.id, owner);
    const messages = await unlinkByHand(deps, systemRuntime, actorOf(r), { threadId, owner, messageIds });
    return { body: { threadId, kind: owner.kind, ownerId: owner.id, messages } };
  }),
  implement(contactFromMessageOp, async (r) => {
    const { message, level } = await visibleMessage(r.auth, r.params.id);
    if (level !== 'everything') throw new NotFoundError('message', r.params.id);
    return { body: await contactFromMessage({ crm: captureReviewDeps(), links: await manualLinkDeps() }, systemRuntime, actorOf(r), message) };
  }),
];
