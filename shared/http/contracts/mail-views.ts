import * as z from 'zod';
import { companyId, contactId, isoTime, mailboxId, messageId, orderId, threadId } from './common.js';

/** The response views of the mail API (shared/domain/threads/activity-views.ts). */
export const address = z.object({ address: z.string(), name: z.string().optional() }).meta({ id: 'Address' });
const direction = z.enum(['inbound', 'outbound']);
const automated = z.enum(['auto_reply', 'bounce', 'bulk', 'list']).nullable()
  .meta({ description: 'Why the mail is not customer mail (auto-reply, bounce, bulk, mailing list); null for customer mail' });
const convertible = z.boolean().meta({ description: 'Inbound customer mail without an order yet: POST /messages/{id}/draft-order accepts it' });

/** Present only when private mail rules hid part of this mail from the caller (docs/mail-rules.md). */
export const privacyField = z.enum(['metadata', 'subject']).optional()
  .meta({ description: 'Set when this mail is private to you: `metadata` (subject, snippet, body and attachments blanked) or `subject` (snippet, body and attachments blanked)' });

export const provenanceView = z.object({
  kind: z.enum(['exact_address', 'plus_address', 'company_domain', 'contact_company', 'thread_reply', 'id_tag', 'manual', 'rule', 'exact_phone']),
  ruleId: z.string().optional(), byUserId: z.string().optional(), at: isoTime,
}).nullable().meta({ id: 'LinkProvenance', description: 'Why the mail is linked to this record (exact address, address without its +tag, company domain, ...); null for mail linked before provenance was recorded' });

export const activityView = z.object({
  messageId, threadId, subject: z.string(), date: isoTime, sender: address, snippet: z.string(), direction, automated, convertible,
  orderId: orderId.nullable(), provenance: provenanceView, privacy: privacyField,
}).meta({ id: 'ActivityEntry' });

export const threadView = z.object({
  id: threadId, subject: z.string(), lastMessageAt: isoTime, messageCount: z.number().int().min(0),
  participants: z.array(z.string()).meta({ description: 'External addresses on the thread, sorted' }),
  snippet: z.string(), sender: address.nullable(), direction: direction.nullable(), orderId: orderId.nullable(),
  contactIds: z.array(contactId), companyIds: z.array(companyId), privacy: privacyField,
  channel: z.enum(['email', 'sms']).meta({ description: '`sms` for a conversation with one phone number, `email` for mail' }),
}).meta({ id: 'Thread' });

/** How staff work a thread (docs/inbox.md). */
export const inboxFields = {
  unread: z.boolean().meta({ description: 'Holds inbound mail nobody marked read' }),
  status: z.enum(['open', 'completed']),
  assigneeId: z.string().nullable(),
  restricted: z.boolean().meta({ description: 'Visible to the assignee and admins only' }),
  mailboxIds: z.array(mailboxId),
  version: z.number().int().min(0).meta({ description: 'Counts staff changes (assign, complete, reopen, read state); sync never moves it. The ETag.' }),
};

const messageFields = {
  id: messageId, threadId, subject: z.string(), date: isoTime, sender: address, to: z.array(address), cc: z.array(address),
  snippet: z.string(), direction, automated, convertible, orderId: orderId.nullable(), privacy: privacyField,
};
export const messageSummaryView = z.object({ ...messageFields, attachmentCount: z.number().int().min(0) }).meta({ id: 'MessageSummary' });
export const threadDetailView = z.object({
  ...threadView.shape, ...inboxFields, messages: z.array(messageSummaryView),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page of messages; null on the last page' }),
}).meta({ id: 'ThreadDetail' });

export const messageView = z.object({
  ...messageFields,
  attachmentCount: z.number().int().min(0),
  messageIdHeader: z.string().meta({ description: 'The normalized Message-ID header, or `sha256:<raw>` for mail without one' }),
  replyTo: z.array(address),
  contactIds: z.array(contactId), companyIds: z.array(companyId),
  links: z.array(z.object({ kind: z.enum(['contact', 'company']), id: z.string(), provenance: provenanceView }))
    .meta({ description: 'Each linked contact and company with why it is linked' }),
  staffUserIds: z.array(z.string()).meta({ description: 'Staff users whose address is on the mail (From, To or Cc)' }),
  parseStatus: z.enum(['parsed', 'unparsed']).meta({ description: '`unparsed`: the mail could not be parsed (bombs, broken MIME); headers only' }),
  text: z.string(),
  html: z.string().nullable().meta({ description: 'Sanitized HTML (no scripts, no remote content), or null' }),
  attachments: z.array(z.object({ index: z.number().int().min(0), filename: z.string(), contentType: z.string(), size: z.number().int().min(0) })),
}).meta({ id: 'Message' });

export const attachmentLinkView = z.object({
  url: z.string().meta({ format: 'uri', description: 'Presigned GET URL of this one attachment, downloads as a file' }),
  filename: z.string(),
  expiresInSeconds: z.number().int().min(1),
}).meta({ id: 'AttachmentLink' });

const at = '2026-11-02T09:15:00.000Z';
const jane = { address: 'jane.doe@northwind.example', name: 'Jane Doe' };
const ids = { messageId: '9f2c4e1a7b3d5f608192a3b4c5d6e7f8', threadId: '4b1d9e7c2a8f6e3d0c5b4a3928171605' };
export const activityExample = {
  ...ids, subject: 'Order: 5 Large Black Widgets', date: at, sender: jane, snippet: 'Hi, please bill me for 5 Large Black Widgets',
  direction: 'inbound', automated: null, convertible: true, orderId: null, provenance: { kind: 'exact_address', at },
};
export const threadExample = {
  id: ids.threadId, subject: 'Order: 5 Large Black Widgets', lastMessageAt: at, messageCount: 1, participants: [jane.address],
  snippet: activityExample.snippet, sender: jane, direction: 'inbound', orderId: null,
  contactIds: ['01JDQ3M6N8V4W2X5Y7Z9A1B3C5'], companyIds: ['01JDQ3KZ4T6V8W0X2Y4Z6A8B0C'], channel: 'email' as const,
};
const summaryExample = {
  id: ids.messageId, threadId: ids.threadId, subject: activityExample.subject, date: at, sender: jane, to: [{ address: 'sales@acme-supplies.example' }], cc: [],
  snippet: activityExample.snippet, direction: 'inbound', automated: null, convertible: true, orderId: null, attachmentCount: 0,
};
export const inboxExample = { unread: true, status: 'open', assigneeId: null, restricted: false, mailboxIds: ['01JDQ3N0P2Q4R6S8T0V2W4X6Y8'], version: 0 };
export const threadDetailExample = { ...threadExample, ...inboxExample, messages: [summaryExample], nextCursor: null };
export const messageExample = {
  ...summaryExample, messageIdHeader: 'CAF1x2y3@mail.northwind.example', replyTo: [], contactIds: threadExample.contactIds, companyIds: threadExample.companyIds,
  links: [
    { kind: 'contact', id: threadExample.contactIds[0], provenance: { kind: 'exact_address', at } },
    { kind: 'company', id: threadExample.companyIds[0], provenance: { kind: 'company_domain', at } },
  ],
  staffUserIds: [],
  parseStatus: 'parsed', text: 'Hi, please bill me for 5 Large Black Widgets.\n\nJane', html: null, attachments: [],
};
export const attachmentLinkExample = { url: 'https://mail-bucket.s3.amazonaws.com/att/9f2c.../0?X-Amz-Expires=300', filename: 'po-4711.pdf', expiresInSeconds: 300 };
