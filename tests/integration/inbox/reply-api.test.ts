import { simpleParser } from 'mailparser';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { localStack, useLocalStackEnv } from '../../support/local-stack.js';
import { aMail } from '../mail/mail-harness.js';
import { systemRuntime } from '../../../shared/domain/audit/system-runtime.js';
import { markEmailComplained } from '../../../shared/domain/contacts/mark-complained.js';
import { createContactStore } from '../../../shared/store/contact-store.js';
import { defaultTable } from '../../../shared/store/dynamo.js';

const imapUser = { user: 'reply-api', password: 'reply-api-password' };
const spaceId = newSpaceId();
let dovecot: DovecotServer;
let admin: Api;
let staff: Api;
let threadId: string;
const parentId = `${ulid()}@northwind.example`;

beforeAll(async () => {
  useLocalStackEnv();
  admin = apiAs(spaceId, 'admin');
  staff = apiAs(spaceId, 'staff', 'staff-1');
  dovecot = await startDovecot({ users: [imapUser] });
  await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ id: parentId.split('@')[0], subject: 'Order 77', from: 'Jane Doe <jane.doe@northwind.example>' }));
  const connected = await admin.post('/mailboxes', {
    host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: imapUser.user, password: imapUser.password,
    addresses: ['sales@acme-supplies.example'],
  });
  expect(connected.status).toBe(201);
  const threads = await eventually(() => staff.get('/threads?limit=10'), (r) => r.body.items?.length === 1, 80_000);
  expect(threads.body.items).toHaveLength(1);
  threadId = threads.body.items[0].id;
  // The linker writes the message item after the thread: wait until the message reads back.
  const detail = await eventually(() => staff.get(`/threads/${threadId}`), (r) => r.body.messages?.length === 1, 30_000);
  const message = await eventually(() => staff.get(`/messages/${detail.body.messages[0].id}`), (r) => r.status === 200, 30_000);
  expect(message.status).toBe(200);
}, 120_000);
afterAll(async () => { await dovecot?.stop(); });

const sentFolder = async () => (await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', imapUser.user, 'hdr.message-id', 'mailbox', 'Sent', 'all'])).trim();

describe('POST /threads/{id}/reply through the gateway and the function bundles', () => {
  it.each([
    ['to', { to: ['jane.doe@northwind.example\r\nBcc: spy@evil.example'] }, '#/to/0'],
    ['to as a list', { to: ['jane.doe@northwind.example, spy@evil.example'] }, '#/to/0'],
    ['to with a display name', { to: ['Jane <jane.doe@northwind.example>'] }, '#/to/0'],
    ['cc', { cc: ['x@northwind.example\nBcc: spy@evil.example'] }, '#/cc/0'],
    ['subject', { subject: 'Re: Order\r\nBcc: spy@evil.example' }, '#/subject'],
    ['subject (Unicode line separator)', { subject: 'Re: Order\u2028Bcc: spy@evil.example' }, '#/subject'],
    ['attachment filename', { attachments: [{ filename: 'a.pdf\r\nContent-Type: text/html', contentType: 'application/pdf', contentBase64: 'eA==' }] }, '#/attachments/0/filename'],
    ['attachment content type', { attachments: [{ filename: 'a.pdf', contentType: 'text/html\r\nBcc: spy@evil.example', contentBase64: 'eA==' }] }, '#/attachments/0/contentType'],
  ])('refuses a header injection in %s with 400 and sends nothing', async (_field, extra, pointer) => {
    const reply = await staff.post(`/threads/${threadId}/reply`, { text: 'Hello', ...extra });

    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ type: expect.stringMatching(/validation-failed$/), errors: [expect.objectContaining({ pointer })] });
    expect(await sentFolder()).toBe('');
  });

  it('answers 404 for a thread of another Space', async () => {
    const reply = await apiAs(newSpaceId(), 'staff').post(`/threads/${threadId}/reply`, { text: 'Hello' });

    expect(reply.status).toBe(404);
  });

  it('sends the reply, files it in Sent through the sync function, and shows it in the thread once', async () => {
    const reply = await staff.post(`/threads/${threadId}/reply`, {
      text: 'Thanks, Jane.\nIt ships tomorrow.', attachments: [{ filename: 'invoice.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4').toString('base64') }],
    });
    if (reply.status !== 201) console.log('reply answered', reply.status, reply.body);
    expect(reply.status).toBe(201);
    const thread = await eventually(() => staff.get(`/threads/${threadId}`), (r) => r.body.messages?.length === 2, 60_000);
    const mailboxId = (await admin.get('/mailboxes')).body.items[0].id;
    const before = (await admin.get(`/mailboxes/${mailboxId}`)).body.lastSyncAt;
    await admin.post(`/mailboxes/${mailboxId}/sync`);
    const synced = await eventually(() => admin.get(`/mailboxes/${mailboxId}`), (r) => r.body.lastSyncAt !== before, 60_000);
    const afterSync = await sentFolder();
    const again = await staff.get(`/threads/${threadId}`);
    const stored = await staff.get(`/messages/${reply.body.id}`);

    expect(reply.body).toMatchObject({ threadId, to: ['jane.doe@northwind.example'], subject: 'Re: Order 77', status: 'sent' });
    expect(thread.body.messages.map((m: { id: string }) => m.id)).toContain(reply.body.id);
    expect(synced.body.lastSyncAt).not.toBe(before);
    expect(afterSync.split('\n')).toEqual([`hdr.message-id=<${reply.body.messageId}>`]);
    expect(again.body.messages).toHaveLength(2);
    expect(stored.body).toMatchObject({ direction: 'outbound', attachments: [expect.objectContaining({ filename: 'invoice.pdf' })] });
    const raw = await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', imapUser.user, 'text', 'mailbox', 'Sent', 'all']);
    const parsed = await simpleParser(raw.replace(/^text=/, ''));
    expect(parsed.inReplyTo).toBe(`<${parentId}>`);
    expect(parsed.replyTo?.value.map((a) => a.address)).toEqual(['sales@acme-supplies.example']);
  }, 120_000);

  it('sends once for 10 concurrent requests with one Idempotency-Key and answers each with the first response', async () => {
    const rcpt = `jane.${ulid().toLowerCase()}@northwind.example`;
    const key = `retry-${ulid()}`;
    const body = { text: 'Your invoice is attached.', to: [rcpt] };

    const replies = await Promise.all(Array.from({ length: 10 }, () => staff.post(`/threads/${threadId}/reply`, body, { headers: { 'idempotency-key': key } })));
    const later = await staff.post(`/threads/${threadId}/reply`, body, { headers: { 'idempotency-key': key } });
    const reused = await staff.post(`/threads/${threadId}/reply`, { ...body, text: 'Another text' }, { headers: { 'idempotency-key': key } });
    const first = replies[0]!.body;
    await eventually(() => staff.get(`/threads/${threadId}`), (r) => r.body.messages?.some((m: { id: string }) => m.id === first.id), 60_000);
    const { emails } = (await (await fetch(`${localStack().endpoints.ses}/store`)).json()) as { emails: { destination: { to: string[] } }[] };
    const inSent = (await sentFolder()).split('\n').filter((line) => line.includes(first.messageId));
    console.log('10 concurrent replies with one key:', { statuses: replies.map((r) => r.status), sesMails: emails.filter((e) => e.destination.to.includes(rcpt)).length, inSent: inSent.length });

    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const r of replies) expect(r.body).toEqual(first);
    expect(later.status).toBe(201);
    expect(later.body).toEqual(first);
    expect(reused.status).toBe(409);
    expect(reused.body.type).toMatch(/idempotency-key-reused$/);
    expect(emails.filter((e) => e.destination.to.includes(rcpt))).toHaveLength(1);
    expect(inSent).toHaveLength(1);
  }, 120_000);

  it('signs replies with the Space\'s signature, which only admins set', async () => {
    const byStaff = await staff.put('/settings/mail-signature', { text: 'Staff' }, { headers: { 'if-match': '"0"' } });
    const saved = await admin.put('/settings/mail-signature', { text: 'Jane Smith\nAcme Supplies · +44 20 7946 0000' }, { headers: { 'if-match': '"0"' } });

    const reply = await staff.post(`/threads/${threadId}/reply`, { text: 'See you Monday.', to: [`jane.${ulid().toLowerCase()}@northwind.example`] });
    await eventually(() => staff.get(`/threads/${threadId}`), (r) => r.body.messages?.some((m: { id: string }) => m.id === reply.body.id), 60_000);
    const raw = await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', imapUser.user, 'text', 'mailbox', 'Sent', 'header', 'Message-ID', reply.body.messageId]);
    const parsed = await simpleParser(raw.replace(/^text=/, ''));

    expect(byStaff.status).toBe(403);
    expect(saved.body).toEqual({ text: 'Jane Smith\nAcme Supplies · +44 20 7946 0000', version: 1 });
    expect(reply.status).toBe(201);
    expect(parsed.text).toBe('See you Monday.\n\n-- \nJane Smith\nAcme Supplies · +44 20 7946 0000\n');
  }, 120_000);

  it('writes a new email to a contact: primary address, new thread on the contact\'s timeline, Sent once; 404 for another Space\'s contact', async () => {
    const address = `quinn.${ulid().toLowerCase()}@quillpost.example`;
    const contact = await staff.post('/contacts', { name: 'Quinn Post', emails: [address, `other.${ulid().toLowerCase()}@quillpost.example`] });
    expect(contact.status).toBe(201);

    const sent = await staff.post(`/contacts/${contact.body.id}/emails`, { subject: 'Your quote', text: 'Hello Quinn, the quote is attached.',
      attachments: [{ filename: 'quote.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4').toString('base64') }] });
    const foreign = await apiAs(newSpaceId(), 'staff').post(`/contacts/${contact.body.id}/emails`, { subject: 'x', text: 'x' });
    const timeline = await eventually(() => staff.get(`/contacts/${contact.body.id}/activity`),
      (r) => r.body.items?.some((a: { messageId?: string }) => a.messageId === sent.body.id), 60_000);
    const thread = await eventually(() => staff.get(`/threads/${sent.body.threadId}`), (r) => r.body.messages?.length === 1, 30_000);
    const inSent = (await sentFolder()).split('\n').filter((line) => line.includes(sent.body.messageId));

    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ to: [address], subject: 'Your quote', status: 'sent' });
    expect(foreign.status).toBe(404);
    expect(timeline.body.items.filter((a: { messageId?: string }) => a.messageId === sent.body.id)).toHaveLength(1);
    expect(thread.body.messages).toEqual([expect.objectContaining({ id: sent.body.id, direction: 'outbound' })]);
    expect(inSent).toHaveLength(1);
  }, 120_000);

  it('writes to a contact who once reported our mail as spam, and says so in the answer', async () => {
    const contact = await admin.post('/contacts', { name: 'Quiet Customer', emails: ['quiet@northwind.example'] });
    await markEmailComplained({ contacts: createContactStore(defaultTable()), rt: systemRuntime },
      { spaceId, userId: 'system:complaints', requestId: 'reply-api-test' }, { email: 'quiet@northwind.example', at: new Date().toISOString(), feedbackType: 'abuse' });
    const calm = await admin.post('/contacts', { name: 'Calm Customer', emails: ['calm@northwind.example'] });

    const sent = await staff.post(`/contacts/${contact.body.id}/emails`, { subject: 'Checking in', text: 'Hello again.' });
    const plain = await staff.post(`/contacts/${calm.body.id}/emails`, { subject: 'Checking in', text: 'Hello.' });

    expect(sent.status).toBe(201);
    expect(sent.body.warnings).toEqual([{ code: 'address_complained', address: 'quiet@northwind.example', detail: expect.any(String) }]);
    expect(plain.status).toBe(201);
    expect(plain.body.warnings).toBeUndefined();
  });
});
