import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createMemoryRawMailer } from '../../../../shared/adapters/mailer/memory-raw-mailer.js';
import { createMemoryQueue } from '../../../../shared/adapters/queue/sqs-queue.js';
import type { Capture } from '../../../../shared/domain/contacts/capture.js';
import type { Contact } from '../../../../shared/domain/contacts/contact.js';
import { threadIdFor } from '../../../../shared/domain/mail/resolve-thread.js';
import { emailContact, type EmailContactDeps } from '../../../../shared/domain/threads/email-contact.js';
import type { AppendSentJob } from '../../../../shared/domain/threads/pipeline-jobs.js';
import { createMemorySendRecords } from '../../../../shared/store/memory-send-records.js';
import { aContact } from '../../../support/builders.js';
import { SPACE, syncWorld } from './sync-fixtures.js';

function contactWorld(contact: Contact, capture?: Partial<Capture>) {
  const world = syncWorld();
  world.mailboxes.set('mb-1', { ...world.record, addresses: ['sales@acme-supplies.example'], folders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }] });
  const mailer = createMemoryRawMailer();
  const actions = createMemoryQueue<AppendSentJob>();
  let n = 0;
  const deps: EmailContactDeps = {
    contacts: { getContact: async (_s, id) => (id === contact.id ? contact : undefined) },
    captures: { getCapture: async () => (capture ? capture as Capture : undefined) },
    mailboxes: { getMailbox: async (_s, id) => world.mailboxes.get(id)!, listMailboxes: async () => [...world.mailboxes.values()] },
    blobs: world.blobs, mailer, smtp: { mailerFor: async () => mailer }, mailboxActions: actions, sends: createMemorySendRecords(),
    signatures: { getMailSignature: async () => ({ text: 'Acme Supplies' }) },
    sender: { address: 'billing@mailbridge.example' }, now: () => new Date('2026-11-29T12:00:00Z'), newId: () => `ID${++n}ABCDEFGH`,
  };
  return { deps, mailer, actions };
}

const input = (contactId: string) => ({ spaceId: SPACE, userId: 'u1', contactId, correlationId: 'c1', subject: 'Your quote', text: 'Here it is.' });

describe('emailContact', () => {
  it('mails the contact\'s primary address on a new thread, signed, Reply-To the mailbox, and files it in Sent', async () => {
    const contact = aContact({ emails: ['jane@northwind.example', 'j.doe@northwind.example'] });
    const w = contactWorld(contact);

    const sent = await emailContact(w.deps, input(contact.id));

    const parsed = await simpleParser(w.mailer.sent[0]!.raw);
    expect(sent).toMatchObject({ to: ['jane@northwind.example'], subject: 'Your quote', mailboxId: 'mb-1', threadId: threadIdFor(SPACE, sent.messageId) });
    expect(w.mailer.sent[0]!.recipients).toEqual(['jane@northwind.example']);
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.replyTo?.value.map((a) => a.address)).toEqual(['sales@acme-supplies.example']);
    expect(parsed.text).toBe('Here it is.\n\n-- \nAcme Supplies\n');
    expect(w.actions.sent).toEqual([expect.objectContaining({ action: 'append-sent', mailboxId: 'mb-1' })]);
  });

  it('refuses a primary address that bounced and sends nothing', async () => {
    const contact = aContact({ emails: ['jane@northwind.example'], bouncedEmails: [{ email: 'jane@northwind.example', status: '5.1.1', at: '2026-11-01T00:00:00Z', messageId: 'b1' } as never] });
    const w = contactWorld(contact);

    await expect(emailContact(w.deps, input(contact.id))).rejects.toMatchObject({ code: 'address-bounced' });
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('refuses an address waiting for review and sends nothing', async () => {
    const contact = aContact({ emails: ['jane@northwind.example'] });
    const w = contactWorld(contact, { state: 'pending', address: 'jane@northwind.example' });

    await expect(emailContact(w.deps, input(contact.id))).rejects.toMatchObject({ code: 'contact-pending-review' });
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('answers not-found for an unknown contact and a contact without an address gets a validation problem', async () => {
    const contact = aContact({ emails: [] });
    const w = contactWorld(contact);

    await expect(emailContact(w.deps, input('nope'))).rejects.toMatchObject({ code: 'not-found' });
    await expect(emailContact(w.deps, input(contact.id))).rejects.toMatchObject({ code: 'validation-failed', errors: [{ pointer: '#/id' }] });
    expect(w.mailer.sent).toHaveLength(0);
  });
});
