import { describe, expect, it } from 'vitest';
import { auditTrailRow, messageTrail, newestFirst } from '../../../../shared/domain/threads/mail-trail.js';
import type { MessageRecord } from '../../../../shared/domain/threads/ports.js';

const aMessage = (over: Partial<MessageRecord> = {}): MessageRecord => ({
  spaceId: 's1', id: 'm1', messageId: 'm1@northwind.example', threadId: 't1', mailboxId: 'mb-1', folderRole: 'inbox', direction: 'inbound',
  from: { address: 'jane@northwind.example' }, to: [], cc: [], replyTo: [], subject: 'Order 12', date: '2026-11-29T17:00:00.000Z', snippet: '', text: '',
  hasHtml: false, attachments: [], parseStatus: 'ok', contactIds: ['c1'], companyIds: [], rawKey: 'raw/m1', contentSha256: 'x',
  participants: ['jane@northwind.example'], createdAt: '2026-11-29T17:00:02.000Z', ...over,
} as MessageRecord);

describe('messageTrail', () => {
  it('tells synced, linked at sync, relinked later, linked and unlinked by hand, and converted to order, newest first', () => {
    const m = aMessage({
      linkProvenance: {
        'contact#c1': { kind: 'exact_address', at: '2026-11-29T17:00:01.000Z' },
        'company#k1': { kind: 'company_domain', at: '2026-11-29T18:00:00.000Z' },
        'contact#c2': { kind: 'manual', byUserId: 'u1', at: '2026-11-29T18:10:00.000Z' },
      },
      unlinked: { 'contact#c3': { byUserId: 'u2', at: '2026-11-29T18:20:00.000Z' } },
    });

    const rows = newestFirst(messageTrail(m, { id: 'o1', createdAt: '2026-11-29T18:30:00.000Z', createdBy: 'u1', status: 'awaiting_payment' }));

    expect(rows.map((r) => [r.event, r.userId, r.source, r.details.id ?? r.details.orderId ?? r.details.mailboxId])).toEqual([
      ['converted-to-order', 'u1', 'order', 'o1'],
      ['unlinked', 'u2', 'message', 'c3'],
      ['linked', 'u1', 'message', 'c2'],
      ['relinked', null, 'message', 'k1'],
      ['synced', null, 'message', 'mb-1'],
      ['linked', null, 'message', 'c1'],
    ]);
  });

  it('calls outbound mail a reply, and reads a thread audit row with its changes and `delete` as deleted', () => {
    const [reply] = messageTrail(aMessage({ direction: 'outbound', folderRole: 'sent' }));
    const row = auditTrailRow({ id: 'a1', spaceId: 's1', entity: 'thread', entityId: 't1', action: 'delete', userId: 'u1', requestId: 'r1', at: '2026-11-29T19:00:00.000Z', details: { mode: 'crm', messages: 2 } });

    expect(reply).toMatchObject({ event: 'replied', details: { folderRole: 'sent', direction: 'outbound' } });
    expect(row).toEqual({ at: '2026-11-29T19:00:00.000Z', event: 'deleted', messageId: null, userId: 'u1', source: 'audit', details: { mode: 'crm', messages: 2 } });
  });

  it('names the IMAP folder, UID and UIDVALIDITY a synced message was fetched from, and none for mail that never came from IMAP', () => {
    const [synced] = messageTrail(aMessage({ imap: { folder: 'INBOX/Orders', uid: 42, uidValidity: '1700000000' } }));
    const [sms] = messageTrail(aMessage({ channel: 'sms' } as Partial<MessageRecord>));

    expect(synced!.imap).toEqual({ mailboxId: 'mb-1', folders: [{ path: 'INBOX/Orders', uids: [42], uidValidity: '1700000000' }] });
    expect(sms!.imap).toBeUndefined();
  });

  it('lifts the folders and UIDs a delete from the mailbox touched, and where they went, out of the audit row', () => {
    const imap = { mailboxId: 'mb-1', folders: [{ path: 'INBOX', uids: [3, 4], uidValidity: '17' }], movedTo: 'Trash' };
    const row = auditTrailRow({
      id: 'a2', spaceId: 's1', entity: 'thread', entityId: 't1', action: 'delete', userId: 'u1', requestId: 'r1', at: '2026-11-29T19:00:01.000Z',
      details: { mode: 'mailbox', step: 'removed-from-mailbox', mailboxId: 'mb-1', messages: 2, removedOnServer: 2, movedTo: 'Trash', imap },
    });

    expect(row.imap).toEqual(imap);
    expect(row.details).toEqual({ mode: 'mailbox', step: 'removed-from-mailbox', mailboxId: 'mb-1', messages: 2, removedOnServer: 2, movedTo: 'Trash' });
  });
});
