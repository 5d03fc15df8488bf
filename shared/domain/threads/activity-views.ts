import { linkKey } from './link-provenance.js';
import type { ParsedBlob } from './parse-message.js';
import type { ActivityEntry, MessageRecord, ThreadMessage, ThreadSummary } from './ports.js';
import { isConvertible } from './stored-message.js';

/** The automated kind as the API names it: stored kebab-case (`auto-reply`), shown snake_case like every API enum. */
const automatedView = (kind: string | undefined) => (kind ? kind.replaceAll('-', '_') : null);

/** One line of an activity timeline as the API shows it. */
export const toActivityView = (e: ActivityEntry) => ({
  messageId: e.messageId, threadId: e.threadId, subject: e.subject, date: e.date, sender: e.sender,
  snippet: e.snippet, direction: e.direction, automated: automatedView(e.automated),
  convertible: isConvertible({ direction: e.direction, ...(e.automated ? { automated: e.automated as 'bulk' } : {}), ...(e.orderId ? { orderId: e.orderId } : {}) }),
  orderId: e.orderId ?? null,
  provenance: e.provenance ?? null,
});

export const toThreadView = (t: ThreadSummary) => ({
  id: t.id, subject: t.subject, lastMessageAt: t.lastMessageAt, messageCount: t.messageCount, participants: t.participants,
  snippet: t.lastSnippet, sender: t.lastSender ?? null, direction: t.lastDirection ?? null, orderId: t.orderId ?? null,
  contactIds: t.contactIds, companyIds: t.companyIds, channel: t.channel ?? 'email' as const,
});

/** A message in a thread listing: the summary fields. */
export const toMessageSummaryView = (m: ThreadMessage) => ({
  id: m.id, threadId: m.threadId, subject: m.subject, date: m.date, sender: m.from, to: m.to, cc: m.cc,
  snippet: m.snippet, direction: m.direction, automated: automatedView(m.automated), convertible: isConvertible(m),
  orderId: m.orderId ?? null, attachmentCount: m.attachmentCount,
});

/** The full message: text and sanitized html from the parsed blob when it is there, attachments by index. */
export const toMessageView = (m: MessageRecord, blob?: { readonly mail: Pick<ParsedBlob['mail'], 'text' | 'html'> }) => ({
  ...toMessageSummaryView({ ...m, attachmentCount: m.attachments.length }),
  messageIdHeader: m.messageId, replyTo: m.replyTo, contactIds: m.contactIds, companyIds: m.companyIds,
  links: [
    ...m.contactIds.map((id) => ({ kind: 'contact' as const, id })), ...m.companyIds.map((id) => ({ kind: 'company' as const, id })),
  ].map((o) => ({ ...o, provenance: m.linkProvenance?.[linkKey(o.kind, o.id)] ?? null })),
  staffUserIds: m.staffUserIds ?? [],
  parseStatus: m.parseStatus,
  text: blob?.mail.text ?? m.text,
  html: blob?.mail.html ?? null,
  attachments: m.attachments.map((a) => ({ index: a.index, filename: a.filename, contentType: a.contentType, size: a.size })),
});
