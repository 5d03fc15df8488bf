import { z } from 'zod';
import { companyId, contactId, isoTime, messageId, orderId, threadId } from './common.js';

/** The response views of the mail API (shared/domain/threads/activity-views.ts). */
export const address = z.object({ address: z.string(), name: z.string().optional() }).meta({ id: 'Address' });
const direction = z.enum(['inbound', 'outbound']);
const automated = z.enum(['auto_reply', 'bounce', 'bulk', 'list']).nullable()
  .meta({ description: 'Why the mail is not customer mail (auto-reply, bounce, bulk, mailing list); null for customer mail' });
const convertible = z.boolean().meta({ description: 'Inbound customer mail without an order yet: POST /messages/{id}/draft-order accepts it' });

export const activityView = z.object({
  messageId, threadId, subject: z.string(), date: isoTime, sender: address, snippet: z.string(), direction, automated, convertible,
  orderId: orderId.nullable(),
}).meta({ id: 'ActivityEntry' });

export const threadView = z.object({
  id: threadId, subject: z.string(), lastMessageAt: isoTime, messageCount: z.number().int().min(0),
  participants: z.array(z.string()).meta({ description: 'External addresses on the thread, sorted' }),
  snippet: z.string(), sender: address.nullable(), direction: direction.nullable(), orderId: orderId.nullable(),
  contactIds: z.array(contactId), companyIds: z.array(companyId),
}).meta({ id: 'Thread' });

const messageFields = {
  id: messageId, threadId, subject: z.string(), date: isoTime, sender: address, to: z.array(address), cc: z.array(address),
  snippet: z.string(), direction, automated, convertible, orderId: orderId.nullable(),
};
export const messageSummaryView = z.object({ ...messageFields, attachmentCount: z.number().int().min(0) }).meta({ id: 'MessageSummary' });
export const threadDetailView = z.object({ ...threadView.shape, messages: z.array(messageSummaryView) }).meta({ id: 'ThreadDetail' });

export const messageView = z.object({
  ...messageFields,
  attachmentCount: z.number().int().min(0),
  messageIdHeader: z.string().meta({ description: 'The normalized Message-ID header, or `sha256:<raw>` for mail without one' }),
  replyTo: z.array(address),
  contactIds: z.array(contactId), companyIds: z.array(companyId),
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
  direction: 'inbound', automated: null, convertible: true, orderId: null,
};
export const threadExample = {
  id: ids.threadId, subject: 'Order: 5 Large Black Widgets', lastMessageAt: at, messageCount: 1, participants: [jane.address],
  snippet: activityExample.snippet, sender: jane, direction: 'inbound', orderId: null,
  contactIds: ['01JDQ3M6N8V4W2X5Y7Z9A1B3C5'], companyIds: ['01JDQ3KZ4T6V8W0X2Y4Z6A8B0C'],
};
const summaryExample = {
  id: ids.messageId, threadId: ids.threadId, subject: activityExample.subject, date: at, sender: jane, to: [{ address: 'sales@acme-supplies.example' }], cc: [],
  snippet: activityExample.snippet, direction: 'inbound', automated: null, convertible: true, orderId: null, attachmentCount: 0,
};
export const threadDetailExample = { ...threadExample, messages: [summaryExample] };
export const messageExample = {
  ...summaryExample, messageIdHeader: 'CAF1x2y3@mail.northwind.example', replyTo: [], contactIds: threadExample.contactIds, companyIds: threadExample.companyIds,
  parseStatus: 'parsed', text: 'Hi, please bill me for 5 Large Black Widgets.\n\nJane', html: null, attachments: [],
};
export const attachmentLinkExample = { url: 'https://mail-bucket.s3.amazonaws.com/att/9f2c.../0?X-Amz-Expires=300', filename: 'po-4711.pdf', expiresInSeconds: 300 };
