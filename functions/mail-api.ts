import { NotFoundError } from '../shared/domain/errors.js';
import { toTimelineView, type TimelineType } from '../shared/domain/activities/timeline.js';
import { toMessageView, toThreadView } from '../shared/domain/threads/activity-views.js';
import {
  companyActivityOp, contactActivityOp, getAttachmentOp, getMessageOp, listThreadsOp,
} from '../shared/http/contracts/mail.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { pageLimit, readCursor, writeCursor } from '../shared/http/page-cursor.js';
import { createCompanyStore } from '../shared/store/company-store.js';
import { createContactStore } from '../shared/store/contact-store.js';
import { mailRuntime } from '../shared/store/mail-runtime.js';
import { createTimelineStore } from '../shared/store/timeline-store.js';
import { inboxOperations } from '../shared/wiring/inbox-operations.js';
import { readFullMail } from '../shared/adapters/mime/full-mail.js';
import { redactMailView } from '../shared/domain/rules/mail-privacy.js';
import type { AuthContext } from '../shared/http/auth.js';
import { loadMailVisibility } from '../shared/store/mail-visibility.js';
import { visibleMessage } from '../shared/wiring/visible-mail.js';

const ATTACHMENT_URL_SECONDS = 300;

const activityOf = (kind: 'contact' | 'company') => async (r: { auth: AuthContext; params: { id: string }; query: { type?: TimelineType[]; limit?: number; cursor?: string } }) => {
  const rt = await mailRuntime();
  const owner = kind === 'contact' ? await createContactStore(rt.table).getContact(r.auth.spaceId, r.params.id) : await createCompanyStore(rt.table).getCompany(r.auth.spaceId, r.params.id);
  if (!owner) throw new NotFoundError(kind, r.params.id);
  const op = kind === 'contact' ? contactActivityOp : companyActivityOp;
  const startKey = await readCursor(op, r);
  const page = await createTimelineStore(rt.table).listTimeline(r.auth.spaceId, { kind, id: r.params.id }, {
    limit: pageLimit(r.query.limit), ...(r.query.type ? { types: r.query.type } : {}), ...(startKey ? { startKey } : {}),
  });
  const levels = await (await loadMailVisibility(rt.table, r.auth.spaceId, r.auth)).ofThreads(page.items.flatMap((e) => (e.kind === 'mail' ? [e.mail.threadId] : [])));
  const items = page.items.flatMap((e) => {
    if (e.kind !== 'mail') return [toTimelineView(e)];
    const level = levels.get(e.mail.threadId) ?? 'none';
    return level === 'none' ? [] : [redactMailView(toTimelineView(e), level)];
  });
  return { body: { items, nextCursor: (await writeCursor(op, r, page.lastKey)) ?? null } };
};


/** The activity API: timelines of contacts and companies (mail, logged activities, orders), threads, messages and attachment downloads. */
export const handler = httpHandler(
  implement(contactActivityOp, activityOf('contact')),
  implement(companyActivityOp, activityOf('company')),
  implement(listThreadsOp, async ({ auth, query }) => {
    const rt = await mailRuntime();
    const page = await rt.threads.listThreads(auth.spaceId, pageLimit(query.limit), await readCursor(listThreadsOp, { auth, query }));
    const levels = await (await loadMailVisibility(rt.table, auth.spaceId, auth)).ofThreads(page.items.map((t) => t.id));
    const items = page.items.flatMap((t) => {
      const level = levels.get(t.id) ?? 'none';
      return level === 'none' ? [] : [redactMailView(toThreadView(t), level)];
    });
    return { body: { items, nextCursor: (await writeCursor(listThreadsOp, { auth, query }, page.lastKey)) ?? null } };
  }),
  ...inboxOperations,
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
);
