import { createHash } from 'node:crypto';
import { addToLiveThread } from '../threads/add-to-live-thread.js';
import { linkKey, type LinkProvenance } from '../threads/link-provenance.js';
import type { MessageRecord } from '../threads/ports.js';
import { MessageExistsError } from '../threads/thread-errors.js';
import type { SmsThreadWriter } from './ports.js';

const hash32 = (...parts: string[]) => createHash('sha256').update(parts.join('\n'), 'utf8').digest('hex').slice(0, 32);

/** One SMS conversation per Space and customer number: every message to or from it joins this thread. */
export const smsThreadIdFor = (spaceId: string, customerNumber: string): string => hash32(spaceId, 'sms-thread', customerNumber);

/** A message's id from the provider's id, so a redelivered inbound SMS or a retried record lands once. */
export const smsMessageIdFor = (spaceId: string, providerId: string): string => hash32(spaceId, 'sms', providerId);

const SNIPPET_CHARS = 160;

export interface SmsToRecord {
  readonly spaceId: string;
  /** The provider's message id (inbound: `inboundMessageId`; outbound: SendTextMessage's MessageId). */
  readonly providerId: string;
  readonly direction: 'inbound' | 'outbound';
  /** The customer's number (E.164). */
  readonly customerNumber: string;
  /** The Space's number. */
  readonly spaceNumber: string;
  readonly body: string;
  readonly date: string;
  readonly contactIds: readonly string[];
  readonly provenance: Omit<LinkProvenance, 'at'>;
  readonly now: string;
}

/**
 * Keeps one SMS in the inbox like a mail: its thread (channel `sms`), the contacts' timelines and
 * the message item, written last so its existence means "recorded"; a repeat is a no-op.
 * @returns the message and thread ids
 */
export async function recordSms(deps: SmsThreadWriter, sms: SmsToRecord): Promise<{ id: string; threadId: string; duplicate: boolean }> {
  const id = smsMessageIdFor(sms.spaceId, sms.providerId);
  const numberThread = smsThreadIdFor(sms.spaceId, sms.customerNumber);
  const stored = await deps.messages.findMessage(sms.spaceId, id);
  if (stored) return { id, threadId: stored.threadId, duplicate: true };
  const subject = `SMS ${sms.customerNumber}`;
  const snippet = sms.body.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS);
  const from = { address: sms.direction === 'inbound' ? sms.customerNumber : sms.spaceNumber };
  const to = [{ address: sms.direction === 'inbound' ? sms.spaceNumber : sms.customerNumber }];
  const linked = sms.contactIds.map((c) => ({ kind: 'contact' as const, id: c, provenance: { ...sms.provenance, at: sms.now } }));
  // Staff deleted the number's thread: the customer's next SMS opens a new visible one.
  const threadId = await addToLiveThread(deps.threads, sms.spaceId, numberThread, {
    messageId: id, subject, date: sms.date, snippet, sender: from, direction: sms.direction,
    participants: [sms.customerNumber], contactIds: sms.contactIds, companyIds: [], channel: 'sms',
  });
  await deps.activities.putActivities(sms.spaceId, linked, {
    messageId: id, threadId, subject, date: sms.date, sender: from, snippet, direction: sms.direction, channel: 'sms',
  });
  await Promise.all(sms.contactIds.map((c) => deps.directory.touchContactActivity(sms.spaceId, c, sms.date)));
  const record: MessageRecord = {
    spaceId: sms.spaceId, id, messageId: `sms:${sms.providerId}`, threadId, mailboxId: '', folderRole: sms.direction === 'inbound' ? 'inbox' : 'sent',
    channel: 'sms', direction: sms.direction, from, to, cc: [], replyTo: [], subject, date: sms.date, snippet, text: sms.body,
    hasHtml: false, attachments: [], parseStatus: 'parsed', contactIds: sms.contactIds, companyIds: [],
    ...(linked.length > 0 ? { linkProvenance: Object.fromEntries(linked.map((o) => [linkKey(o.kind, o.id), o.provenance])) } : {}),
    rawKey: '', contentSha256: hash32(sms.body), participants: [sms.customerNumber], createdAt: sms.now,
  };
  try {
    await deps.messages.createMessage(record);
  } catch (error) {
    if (error instanceof MessageExistsError) return { id, threadId, duplicate: true };
    throw error;
  }
  return { id, threadId, duplicate: false };
}
