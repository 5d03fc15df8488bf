import { replyDeps } from '../../deps/reply-deps.js';
import { replyToThread } from '../../domain/threads/reply-to-thread.js';
import { replyToThreadOp } from '../contracts/replies.js';
import { implement, type Operation } from '../http-handler.js';
import { visibleThread } from './inbox-routes.js';

/** Replies from the record: the thread must be visible to the caller, as on every read route. */
export const replyRoutes: Operation[] = [
  implement(replyToThreadOp, async ({ auth, params, body, requestId }) => {
    const thread = await visibleThread(auth, params.id);
    const sent = await replyToThread(await replyDeps(), {
      spaceId: auth.spaceId, threadId: thread.id, correlationId: requestId, text: body.text,
      ...(body.to ? { to: body.to } : {}), ...(body.cc ? { cc: body.cc } : {}), ...(body.subject ? { subject: body.subject } : {}),
      attachments: (body.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
    });
    return { status: 201, body: { ...sent, to: [...sent.to], cc: [...sent.cc], status: 'sent' as const } };
  }),
];
