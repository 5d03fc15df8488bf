import { ulid } from 'ulid';
import { createSesRawMailer } from '../adapters/mailer/ses-raw-mailer.js';
import { requireEnv } from '../config/config.js';
import { replyToThread, type ReplyDeps } from '../domain/threads/reply-to-thread.js';
import { replyToThreadOp } from '../http/contracts/replies.js';
import { implement } from '../http/http-handler.js';
import { mailRuntime } from '../store/mail-runtime.js';
import { createThreadMembers } from '../store/thread-members.js';
import { visibleThread } from './inbox-operations.js';

/** MAIL_FROM as `Name <address>` or a bare address. */
export function senderOf(mailFrom: string): ReplyDeps['sender'] {
  const bracketed = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(mailFrom);
  if (!bracketed) return { address: mailFrom.trim() };
  const name = bracketed[1]!.replace(/^"|"$/g, '');
  return name ? { address: bracketed[2]!.trim(), name } : { address: bracketed[2]!.trim() };
}

let deps: Promise<ReplyDeps> | undefined;
const replyDeps = (): Promise<ReplyDeps> => {
  deps ??= mailRuntime().then((rt) => ({
    members: createThreadMembers(rt.table), messages: rt.messages, mailboxes: rt.mailboxes, blobs: rt.blobs,
    mailer: createSesRawMailer(), mailboxActions: rt.syncQueue, sender: senderOf(requireEnv('mailFrom')), now: rt.now, newId: ulid,
  }), (error: unknown) => { deps = undefined; throw error; });
  return deps;
};

/** Replies from the record: the thread must be visible to the caller, as on every read route. */
export const replyOperations = [
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
