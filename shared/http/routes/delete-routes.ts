import { systemRuntime } from '../../domain/audit/system-runtime.js';
import { NotFoundError } from '../../domain/errors.js';
import { deleteMessage } from '../../domain/threads/delete-message.js';
import { deleteThread } from '../../domain/threads/delete-thread.js';
import { mailRuntime } from '../../deps/mail-runtime.js';
import { deleteMessageDeps, deleteThreadDeps } from '../../deps/mail-deletion-deps.js';
import { visibleMessage, visibleThread } from '../../deps/visible-mail.js';
import { getDeletableThread } from '../../store/mail-deletion.js';
import { getDeletableMessage } from '../../store/message-deletion.js';
import { actorWithRole } from '../actor.js';
import { deleteMessageOp, deleteThreadOp } from '../contracts/deletes.js';
import { implement, type Operation } from '../http-handler.js';
import { idempotencyKeyInput } from '../idempotency-key.js';
import { expectedVersion } from '../if-match.js';

/** Staff delete mail: hidden in the CRM, or also from the mailbox (docs/inbox.md, "Delete"). */
export const deleteRoutes: Operation[] = [
  implement(deleteThreadOp, async (r) => {
    const expected = expectedVersion(r.headers);
    const key = idempotencyKeyInput(r.headers);
    const rt = await mailRuntime();
    const read = await getDeletableThread(rt.table, r.auth.spaceId, r.params.id);
    if (!read) throw new NotFoundError('thread', r.params.id);
    // A thread deleted already is only found again by the replay of its own request (deleteThread checks the key).
    const thread = read.deletion ? read : (await visibleThread(r.auth, r.params.id)).thread;
    const result = await deleteThread(deleteThreadDeps(rt), systemRuntime, actorWithRole(r), {
      thread, messageIds: read.messageIds, deletedMessageIds: read.deletedMessageIds, expected, mode: r.query.mode, ...key,
    });
    return { body: result };
  }),
  implement(deleteMessageOp, async (r) => {
    const expected = expectedVersion(r.headers);
    const key = idempotencyKeyInput(r.headers);
    const rt = await mailRuntime();
    const message = await getDeletableMessage(rt.table, r.auth.spaceId, r.params.id);
    const read = message ? await getDeletableThread(rt.table, r.auth.spaceId, message.threadId) : undefined;
    if (!message || !read) throw new NotFoundError('message', r.params.id);
    // Deleted mail is only found again by the replay of its own request (deleteMessage checks the key).
    if (!message.deletion && !read.deletion) await visibleMessage(r.auth, r.params.id);
    const result = await deleteMessage(deleteMessageDeps(rt), systemRuntime, actorWithRole(r), { message, thread: read, expected, mode: r.query.mode, ...key });
    return { body: result };
  }),
];
