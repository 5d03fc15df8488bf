import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkBatch } from '../../../shared/deps/link-batch.js';
import { createMailRuntime } from '../../../shared/deps/mail-runtime.js';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { aCompanyBody, aContactBody } from '../../support/builders.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { aMail } from '../mail/mail-harness.js';

const imapUser = { user: 'manual-link', password: 'manual-link-password' };
const spaceId = newSpaceId();
const JANE = 'jane.doe@northwind.example';
let dovecot: DovecotServer;
let admin: Api;
let staff: Api;
let jane: string;
let bob: string;
const threads: Record<'order' | 'invoice' | 'quote', { id: string; messageId: string }> = {} as never;

type TimelineItem = { kind: string; messageId?: string; provenance?: { kind: string; byUserId?: string } | null };
const timeline = async (kind: 'contacts' | 'companies', id: string, as = staff): Promise<TimelineItem[]> => {
  const page = await as.get(`/${kind}/${id}/activity?limit=50`);
  expect(page.status).toBe(200);
  return page.body.items;
};
const mailIds = (items: TimelineItem[]) => items.filter((i) => i.kind === 'mail').map((i) => i.messageId).sort();
const auditActions = async (threadId: string) => (await admin.get(`/audit?entity=thread:${threadId}&limit=50`)).body.items
  .map((a: { action: string; userId: string; details?: Record<string, unknown> }) => ({ action: a.action, userId: a.userId, details: a.details }));

beforeAll(async () => {
  useLocalStackEnv();
  admin = apiAs(spaceId, 'admin', 'admin-1');
  staff = apiAs(spaceId, 'staff', 'staff-1');
  jane = (await admin.post('/contacts', aContactBody({ name: 'Jane Doe', emails: [JANE] }))).body.id;
  bob = (await admin.post('/contacts', aContactBody({ name: 'Bob Roe', emails: ['bob@roe-trading.example'] }))).body.id;
  dovecot = await startDovecot({ users: [imapUser] });
  await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ subject: 'Order 12', from: `Jane Doe <${JANE}>` }));
  await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ subject: 'Invoice 9', from: `Jane Doe <${JANE}>` }));
  await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ subject: 'Quote for drills', from: 'Carl Vance <carl@vance-tools.example>' }));
  const connected = await admin.post('/mailboxes', {
    host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: imapUser.user, password: imapUser.password,
    addresses: ['sales@acme-supplies.example'],
  });
  expect(connected.status).toBe(201);
  const listed = await eventually(() => staff.get('/threads?limit=10'), (r) => r.body.items?.length === 3, 80_000);
  for (const t of listed.body.items as { id: string; subject: string }[]) {
    const detail = await eventually(() => staff.get(`/threads/${t.id}`), (r) => r.body.messages?.length === 1, 30_000);
    const messageId = detail.body.messages[0].id as string;
    await eventually(() => staff.get(`/messages/${messageId}`), (r) => r.status === 200, 30_000);
    threads[t.subject.startsWith('Order') ? 'order' : t.subject.startsWith('Quote') ? 'quote' : 'invoice'] = { id: t.id, messageId };
  }
  // Both mails arrived linked to Jane by her address.
  expect(mailIds(await timeline('contacts', jane))).toEqual([threads.order.messageId, threads.invoice.messageId].sort());
}, 150_000);
afterAll(async () => { await dovecot?.stop(); });

describe('manual link and unlink of a thread through the gateway', () => {
  it('links a thread to a contact by hand: on its timeline with provenance manual, byUserId, and audited', async () => {
    const linked = await staff.post(`/threads/${threads.order.id}/links`, { contactId: bob });
    const bobs = await timeline('contacts', bob);
    const message = await staff.get(`/messages/${threads.order.messageId}`);
    const audit = await auditActions(threads.order.id);

    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ threadId: threads.order.id, kind: 'contact', ownerId: bob, messages: 1 });
    expect(bobs).toEqual([expect.objectContaining({ messageId: threads.order.messageId, provenance: expect.objectContaining({ kind: 'manual', byUserId: 'staff-1' }) })]);
    expect(message.body.links).toContainEqual({ kind: 'contact', id: bob, provenance: expect.objectContaining({ kind: 'manual', byUserId: 'staff-1' }) });
    expect(audit).toContainEqual({ action: 'linked', userId: 'staff-1', details: { kind: 'contact', id: bob, messages: 1 } });
  });

  it('unlinks a thread: the mail leaves the timeline and a relink of the address does not bring it back', async () => {
    const company = (await admin.post('/companies', aCompanyBody({ name: 'Northwind', domains: ['northwind.example'] }))).body.id as string;

    const unlinked = await staff.delete(`/threads/${threads.order.id}/links/contact/${jane}`);
    const afterUnlink = mailIds(await timeline('contacts', jane));
    const outcomes = await linkBatch(await createMailRuntime(), [{ v: 1, kind: 'relink-address', spaceId, address: JANE, correlationId: 'manual-link-test' }]);
    const afterRelink = mailIds(await timeline('contacts', jane));
    const companyMail = mailIds(await timeline('companies', company));
    const message = await staff.get(`/messages/${threads.order.messageId}`);
    const inbox = await staff.get(`/inbox?contactId=${jane}`);

    expect(unlinked.status).toBe(200);
    expect(unlinked.body).toMatchObject({ kind: 'contact', ownerId: jane, messages: 1 });
    expect(afterUnlink).toEqual([threads.invoice.messageId]);
    expect(outcomes).toEqual([undefined]);
    // The relink did run: it gave the company, created after the mail, both mails by its domain.
    expect(companyMail).toEqual([threads.order.messageId, threads.invoice.messageId].sort());
    expect(afterRelink).toEqual([threads.invoice.messageId]);
    expect(message.body.links.map((l: { id: string }) => l.id)).not.toContain(jane);
    expect(inbox.body.items.map((t: { id: string }) => t.id)).toEqual([threads.invoice.id]);
    expect(await auditActions(threads.order.id)).toContainEqual({ action: 'unlinked', userId: 'staff-1', details: { kind: 'contact', id: jane, messages: 1 } });
  });

  it('links again by hand after an unlink, clearing the marker', async () => {
    const relinked = await staff.post(`/threads/${threads.order.id}/links`, { contactId: jane, messageId: threads.order.messageId });

    expect(relinked.body).toMatchObject({ messages: 1 });
    expect(mailIds(await timeline('contacts', jane))).toEqual([threads.order.messageId, threads.invoice.messageId].sort());
  });

  it('answers 404 for a thread the caller cannot see, a missing contact and a message of another thread', async () => {
    const version = (await admin.get(`/threads/${threads.invoice.id}`)).headers.get('etag')!;
    const restricted = await admin.patch(`/threads/${threads.invoice.id}`, { restricted: true, assigneeId: 'admin-1' }, { headers: { 'if-match': version } });

    const hiddenLink = await staff.post(`/threads/${threads.invoice.id}/links`, { contactId: bob });
    const hiddenUnlink = await staff.delete(`/threads/${threads.invoice.id}/links/contact/${jane}`);
    const otherSpace = await apiAs(newSpaceId(), 'staff').post(`/threads/${threads.order.id}/links`, { contactId: bob });
    const noContact = await staff.post(`/threads/${threads.order.id}/links`, { contactId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5' });
    const foreignMessage = await staff.post(`/threads/${threads.order.id}/links`, { contactId: bob, messageId: threads.invoice.messageId });

    expect(restricted.status).toBe(200);
    expect([hiddenLink.status, hiddenUnlink.status, otherSpace.status, noContact.status, foreignMessage.status]).toEqual([404, 404, 404, 404, 404]);
    expect(mailIds(await timeline('contacts', bob))).toEqual([threads.order.messageId]);
    // The thread is now the admin's alone; the refused unlink left it on Jane's timeline.
    expect(mailIds(await timeline('contacts', jane, admin))).toContain(threads.invoice.messageId);
  });

  it('creates a contact and its company from a message sender and links the message by hand', async () => {
    const made = await staff.post(`/messages/${threads.quote.messageId}/contact`);
    const again = await staff.post(`/messages/${threads.quote.messageId}/contact`);
    const contact = await staff.get(`/contacts/${made.body.contactId}`);
    const company = await staff.get(`/companies/${made.body.companyId}`);
    const carls = await timeline('contacts', made.body.contactId);
    const missing = await staff.post('/messages/0123456789abcdef0123456789abcdef/contact');

    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ messageId: threads.quote.messageId, created: true });
    expect(again.body).toMatchObject({ contactId: made.body.contactId, created: false });
    expect(contact.body).toMatchObject({ name: 'Carl Vance', emails: ['carl@vance-tools.example'], companyId: made.body.companyId });
    expect(company.body).toMatchObject({ name: 'Vance Tools', domains: ['vance-tools.example'] });
    expect(carls).toEqual([expect.objectContaining({ messageId: threads.quote.messageId, provenance: expect.objectContaining({ kind: 'manual', byUserId: 'staff-1' }) })]);
    expect(missing.status).toBe(404);
  });
});
