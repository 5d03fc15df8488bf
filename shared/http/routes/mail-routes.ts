import { readFullMail } from '../../adapters/mime/full-mail.js';
import { toTimelineView } from '../../domain/activities/timeline.js';
import { NotFoundError } from '../../domain/errors.js';
import { toMessageView, toThreadView } from '../../domain/threads/activity-views.js';
import { requireCustomer } from '../../deps/customer-records.js';
import { mailRuntime } from '../../deps/mail-runtime.js';
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
    return pageReply(op, r, page, toTimelineView);
  };
};

const messageOf = async (spaceId: string, id: string) => {
  const found = await (await mailRuntime()).messages.findMessage(spaceId, id);
  if (!found) throw new NotFoundError('message', id);
  return found;
};

/** Timelines of contacts and companies (mail, logged activities, orders), threads, messages and attachment downloads. */
export const mailRoutes: Operation[] = [
  implement(contactActivityOp, activityOf('contact')),
  implement(companyActivityOp, activityOf('company')),
  implement(listThreadsOp, async (r) => {
    const rt = await mailRuntime();
    const page = await rt.threads.listThreads(r.auth.spaceId, pageLimit(r.query.limit), await readCursor(listThreadsOp, r));
    return pageReply(listThreadsOp, r, page, toThreadView);
  }),
  implement(getMessageOp, async ({ auth, params }) => {
    const rt = await mailRuntime();
    const message = await messageOf(auth.spaceId, params.id);
    // A mail a rule kept as headers only shows no body, though the raw mail holds one.
    const full = message.kept === 'headers' ? undefined : await readFullMail(rt.blobs, message).catch(() => undefined);
    return { body: toMessageView(message, full ? { mail: full } : undefined) };
  }),
  implement(getAttachmentOp, async ({ auth, params }) => {
    const rt = await mailRuntime();
    const message = await messageOf(auth.spaceId, params.id);
    const attachment = message.attachments.find((a) => a.index === params.n);
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
