import { createMemorySmsSender } from '../../../../shared/adapters/sms/memory-sms-sender.js';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import type { Contact } from '../../../../shared/domain/contacts/contact.js';
import { phoneNumbersOf } from '../../../../shared/domain/sms/phone-number.js';
import type { OptOutRecord, SmsThreadWriter } from '../../../../shared/domain/sms/ports.js';
import type { SentSms } from '../../../../shared/domain/sms/send-sms.js';
import { DEFAULT_HELP_TEXT } from '../../../../shared/domain/sms/sms-keywords.js';
import type { MessageRecord, ThreadContribution } from '../../../../shared/domain/threads/ports.js';
import { MessageExistsError } from '../../../../shared/domain/threads/thread-errors.js';
import { createMemorySendRecords } from '../../../../shared/store/memory-send-records.js';

export const SPACE = 'sp1';
export const SPACE_NUMBER = '+12065550123';

/** In-memory ports of the SMS use cases, with what they wrote. */
export function smsWorld(contacts: Contact[] = []) {
  const messages = new Map<string, MessageRecord>();
  const threads = new Map<string, ThreadContribution[]>();
  const timelines: { owner: string; messageId: string }[] = [];
  const optOuts = new Map<string, OptOutRecord>();
  const audit: AuditEntry[] = [];
  const sender = createMemorySmsSender();
  let clock = Date.parse('2026-11-29T10:00:00Z');
  let ids = 0;
  const writer: SmsThreadWriter = {
    threads: { async addToThread(_s, threadId, c) { threads.set(threadId, [...(threads.get(threadId) ?? []), c]); } },
    activities: { async putActivities(_s, owners, entry) { for (const o of owners) timelines.push({ owner: `${o.kind}#${o.id}`, messageId: entry.messageId }); } },
    messages: {
      async findMessage(_s, id) { return messages.get(id); },
      async createMessage(record) {
        if (messages.has(record.id)) throw new MessageExistsError({ contentSha256: record.contentSha256 });
        messages.set(record.id, record);
      },
    },
    directory: {
      async findContactIdsByPhone(_s, number) { return contacts.filter((c) => phoneNumbersOf(c.phones).includes(number)).map((c) => c.id); },
      async touchContactActivity() {},
    },
  };
  const store = {
    async getSmsSettings(spaceId: string) { return spaceId === SPACE ? { originationNumber: SPACE_NUMBER, helpText: DEFAULT_HELP_TEXT, version: 1 } : undefined; },
    async spacesOfNumber(number: string) { return number === SPACE_NUMBER ? [SPACE] : []; },
    async getOptOut(_s: string, number: string) { return optOuts.get(number); },
    async recordKeyword(_s: string, record: OptOutRecord, entry: AuditEntry) {
      if (audit.some((a) => a.id === entry.id)) return;
      optOuts.set(record.phoneNumber, record);
      audit.push(entry);
    },
  };
  const now = () => new Date(clock);
  return {
    messages, threads, timelines, optOuts, audit, sender, writer, store,
    tick(ms: number) { clock += ms; },
    sends: createMemorySendRecords<SentSms>(),
    runtime: { now, newId: () => `id-${++ids}` },
    contacts: { async getContact(_s: string, id: string) { return contacts.find((c) => c.id === id); } },
  };
}

export const aContact = (over: Partial<Contact> = {}): Contact => ({
  spaceId: SPACE, id: 'c1', name: 'Jane Doe', emails: [], phones: ['+44 7700 900123'], tags: [], status: 'active', version: 1,
  createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', roles: [], notes: '', ...over,
} as unknown as Contact);
