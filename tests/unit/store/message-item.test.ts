import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../shared/domain/threads/ports.js';
import { toMessageItem, toMessageRecord } from '../../../shared/store/message-store.js';

const aRecord = (over: Partial<MessageRecord> = {}): MessageRecord => ({
  spaceId: 's1', id: 'm1', messageId: 'm1@northwind.example', threadId: 't1', mailboxId: 'mb-1', folderRole: 'inbox', direction: 'inbound',
  from: { address: 'jane@northwind.example' }, to: [], cc: [], replyTo: [], subject: 'Order 12', date: '2026-11-29T17:00:00.000Z', snippet: '', text: '',
  hasHtml: false, attachments: [], parseStatus: 'parsed', contactIds: [], companyIds: [], rawKey: 'raw/m1', contentSha256: 'x',
  participants: ['jane@northwind.example'], createdAt: '2026-11-29T17:00:02.000Z', ...over,
} as MessageRecord);

describe('the IMAP origin on the message item', () => {
  it('is one short string on the item and reads back whole, a folder path with colons included', () => {
    const imap = { folder: 'INBOX:Orders/2026', uid: 4812, uidValidity: '1732000000' };

    const item = toMessageItem(aRecord({ imap }));

    expect(item.imap).toBe('1732000000:4812:INBOX:Orders/2026');
    expect(toMessageRecord(item).imap).toEqual(imap);
    expect(toMessageRecord(toMessageItem(aRecord({ imap: { folder: 'Sent', uid: 7 } }))).imap).toEqual({ folder: 'Sent', uid: 7 });
    expect('imap' in toMessageRecord(toMessageItem(aRecord()))).toBe(false);
  });
});
