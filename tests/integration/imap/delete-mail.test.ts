import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapflowMailbox } from '../../../shared/adapters/imap/imapflow-mailbox.js';
import type { MailboxRecord } from '../../../shared/domain/mailbox/mailbox-record.js';
import { deleteFromMailbox } from '../../../shared/domain/threads/delete-from-mailbox.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMailboxConfig, aRawMessage } from './imap-fixtures.js';

const users = ['with-trash', 'expunge'].map((user) => ({ user, password: 'pw' }));
const mailbox = createImapflowMailbox({ allowPrivateHosts: true });
let dovecot: DovecotServer;

/** Message-IDs per folder as the server holds them. */
const idsIn = async (user: string, folder: string): Promise<string[]> => {
  const out = await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', user, 'hdr.message-id', 'mailbox', folder, 'all']);
  return out.trim().split('\n').map((l) => /<([^>]+)>/.exec(l)?.[1]).filter((id): id is string => id !== undefined).sort();
};

beforeAll(async () => { dovecot = await startDovecot({ users, trash: true }); });
afterAll(async () => { await dovecot?.stop(); });

describe('deleting mail from the mailbox (real Dovecot)', () => {
  it('moves the mail to the \\Trash folder from every synced folder and leaves other mail alone', async () => {
    await dovecot.appendMessages('with-trash', 'INBOX', [aRawMessage({ id: 'keep@x' }), aRawMessage({ id: 'gone@x' })]);
    await dovecot.appendMessage('with-trash', 'Sent', aRawMessage({ id: 'gone@x' }));
    const config = aMailboxConfig(dovecot.port, { username: 'with-trash', folders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }] });
    const record = { ...config, spaceId: 's1', id: 'mb1', password: 'pw' } as unknown as MailboxRecord;
    const deps = {
      mailboxes: { getMailbox: async () => record }, secrets: { seal: async () => { throw new Error('unused'); }, open: async () => 'pw' }, imap: mailbox,
      log: { info() {}, warn() {}, error() {} },
    };

    const outcome = await deleteFromMailbox(deps, { spaceId: 's1', mailboxId: 'mb1', messageIds: ['gone@x'], correlationId: 'c1' });

    expect(outcome).toEqual({
      status: 'deleted', removed: 2, movedTo: 'Trash',
      folders: [{ path: 'INBOX', uids: [2], uidValidity: expect.stringMatching(/^\d+$/) }, { path: 'Sent', uids: [1], uidValidity: expect.stringMatching(/^\d+$/) }],
    });
    expect(await idsIn('with-trash', 'INBOX')).toEqual(['keep@x']);
    expect(await idsIn('with-trash', 'Sent')).toEqual([]);
    expect(await idsIn('with-trash', 'Trash')).toEqual(['gone@x', 'gone@x']);
  });

  it('flags \\Deleted and expunges when no Trash folder is given, so the mail is gone for good', async () => {
    await dovecot.appendMessages('expunge', 'INBOX', [aRawMessage({ id: 'a@x' }), aRawMessage({ id: 'b@x' }), aRawMessage({ id: 'c@x' })]);
    const session = await mailbox.openSession(aMailboxConfig(dovecot.port, { username: 'expunge' }), 'pw');
    try {
      const done = await session.deleteByMessageId('INBOX', ['b@x', 'missing@x']);
      const again = await session.deleteByMessageId('INBOX', ['b@x']);

      expect(done).toEqual({ uids: [2], uidValidity: expect.stringMatching(/^\d+$/) });
      expect(again).toEqual({ uids: [], uidValidity: done.uidValidity });
    } finally {
      await session.close();
    }
    expect(await idsIn('expunge', 'INBOX')).toEqual(['a@x', 'c@x']);
    expect(await idsIn('expunge', 'Trash')).toEqual([]);
  });
});
