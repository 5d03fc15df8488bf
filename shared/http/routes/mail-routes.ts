import { readFullMail } from '../../adapters/mime/full-mail.js';
import { toTimelineView } from '../../domain/activities/timeline.js';
import { NotFoundError } from '../../domain/errors.js';
import { redactMailView, type MailVisibility } from '../../domain/rules/mail-privacy.js';
import { toMessageView, toThreadView } from '../../domain/threads/activity-views.js';
import { requireCustomer } from '../../deps/customer-records.js';
import { mailRuntime } from '../../deps/mail-runtime.js';
import { visibleMessage } from '../../deps/visible-mail.js';
import { loadMailVisibility } from '../../store/mail-visibility.js';
import { createTimelineStore } from '../../store/timeline-store.js';
import {
  companyActivityOp, contactActivityOp, getAttachmentOp, getMessageOp, listThreadsOp,
} from '../contracts/mail.js';
import { implement, type HttpRequest, type Operation } from '../http-handler.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';

const ATTACHMENT_URL_SECONDS = 300;

const activityOf = (kind: 'contact' | 'company') => {
  const op = kind === 'contact' ? contactActivityOp : companyActivityOp;
  return async (r: HttpRequest<typeof op>) => {
    const rt = await mailRuntime();
    await requireCustomer(kind, r.auth.spaceId, r.params.id);
    const startKey = await readCursor(op, r);
    const page = await createTimelineStore(rt.table).listTimeline(r.auth.spaceId, { kind, id: r.params.id }, {
      limit: pageLimit(r.query.limit), ...(r.query.type ? { types: r.query.type } : {}), ...(startKey ? { startKey } : {}),
    });
    const levels = await (await loadMailVisibility(rt.table, r.auth.spaceId, r.auth)).ofThreads(page.items.flatMap((e) => (e.kind === 'mail' ? [e.mail.threadId] : [])));
    const levelOf = (e: (typeof page.items)[number]): MailVisibility => (e.kind === 'mail' ? levels.get(e.mail.threadId) ?? 'none' : 'everything');
    return pageReply(op, r, { ...page, items: page.items.filter((e) => levelOf(e) !== 'none') }, (e) => redactMailView(toTimelineView(e), levelOf(e)));
  };
};

/** Timelines of contacts and companies (mail, logged activities, orders), threads, messages and attachment downloads. */
export const mailRoutes: Operation[] = [
  implement(contactActivityOp, activityOf('contact')),
  implement(companyActivityOp, activityOf('company')),
  implement(listThreadsOp, async (r) => {
    const rt = await mailRuntime();
    const page = await rt.threads.listThreads(r.auth.spaceId, pageLimit(r.query.limit), await readCursor(listThreadsOp, r));
    const levels = await (await loadMailVisibility(rt.table, r.auth.spaceId, r.auth)).ofThreads(page.items.map((t) => t.id));
    const levelOf = (id: string): MailVisibility => levels.get(id) ?? 'none';
    return pageReply(listThreadsOp, r, { ...page, items: page.items.filter((t) => levelOf(t.id) !== 'none') }, (t) => redactMailView(toThreadView(t), levelOf(t.id)));
  }),
  implement(getMessageOp, async ({ auth, params }) => {
    const rt = await mailRuntime();
    const { message, level } = await visibleMessage(auth, params.id);
    // A mail a rule kept as headers only shows no body, though the raw mail holds one; private mail is not read for a non-owner.
    const full = message.kept === 'headers' || level !== 'everything' ? undefined : await readFullMail(rt.blobs, message).catch(() => undefined);
    return { body: redactMailView(toMessageView(message, full ? { mail: full } : undefined), level) };
  }),
  implement(getAttachmentOp, async ({ auth, params }) => {
    const rt = await mailRuntime();
    const { message, level } = await visibleMessage(auth, params.id);
    const attachment = level === 'everything' ? message.attachments.find((a) => a.index === params.n) : undefined;
    if (!attachment || !attachment.key) throw new NotFoundError('attachment', String(params.n));
    const url = await rt.blobs.presignDownload(attachment.key, {
      filename: attachment.filename, contentType: attachment.contentType, expiresSeconds: ATTACHMENT_URL_SECONDS,
    });
    return {
      status: 302,
      headers: { location: url, 'x-content-type-options': 'nosniff' },
      body: { url, filename: attachment.filename, expiresInSeconds: ATTACHMENT_URL_SECONDS },
    };
  }),
];
