import { replyDeps } from '../../deps/reply-deps.js';
import { replyToThread } from '../../domain/threads/reply-to-thread.js';
import { emailContactOp, replyToThreadOp } from '../contracts/replies.js';
import { emailContact } from '../../domain/threads/email-contact.js';
import { complaintWarnings } from '../../domain/threads/complaint-warnings.js';
import type { SentMail } from '../../domain/threads/send-from-record.js';
import { implement, type Operation } from '../http-handler.js';
import { idempotencyKeyInput } from '../idempotency-key.js';
import { NotFoundError } from '../../domain/errors.js';
import { visibleThread } from '../../deps/visible-mail.js';

/** Replies and new emails from the record: a reply needs the whole thread visible (private mail seen in part cannot be answered). */
export const replyRoutes: Operation[] = [
  implement(replyToThreadOp, async ({ auth, params, body, headers, requestId }) => {
    const { thread, level } = await visibleThread(auth, params.id);
    if (level !== 'everything') throw new NotFoundError('thread', params.id);
    const sent = await replyToThread(await replyDeps(), {
      spaceId: auth.spaceId, userId: auth.userId, threadId: thread.id, correlationId: requestId, text: body.text,
      ...idempotencyKeyInput(headers),
      ...(body.to ? { to: body.to } : {}), ...(body.cc ? { cc: body.cc } : {}), ...(body.subject ? { subject: body.subject } : {}),
      attachments: (body.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
    });
    return { status: 201, body: await sentView(auth.spaceId, sent) };
  }),
  implement(emailContactOp, async ({ auth, params, body, headers, requestId }) => {
    const sent = await emailContact(await replyDeps(), {
      spaceId: auth.spaceId, userId: auth.userId, contactId: params.id, correlationId: requestId, subject: body.subject, text: body.text,
      ...idempotencyKeyInput(headers), ...(body.cc ? { cc: body.cc } : {}), ...(body.mailboxId ? { mailboxId: body.mailboxId } : {}),
      attachments: (body.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
    });
    return { status: 201, body: await sentView(auth.spaceId, sent) };
  }),
];

/** The answer to a sent mail, with a warning per recipient who once reported our mail as spam. */
async function sentView(spaceId: string, sent: SentMail) {
  const warnings = await complaintWarnings((await replyDeps()).complaints, spaceId, [...sent.to, ...sent.cc]);
  return { ...sent, to: [...sent.to], cc: [...sent.cc], status: 'sent' as const, ...(warnings.length > 0 ? { warnings } : {}) };
}
