import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../support/api-client.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { localStack } from '../support/local-stack.js';
import { readSamples } from '../integration/mail/mail-harness.js';
import { eventually } from '../support/eventually.js';

let dovecot: DovecotServer;
const user = { user: 'sales', password: 'e2e-app-password' };

beforeAll(async () => {
  dovecot = await startDovecot({ users: [user] });
  const samples = await readSamples();
  await dovecot.appendMessages(user.user, 'INBOX', ['01-order-request.eml', '03-reply-in-thread.eml', '05-auto-reply.eml'].map((f) => samples.get(f)!));
  await dovecot.appendMessage(user.user, 'Sent', samples.get('04-outbound-reply.eml')!);
});
afterAll(async () => { await dovecot?.stop(); });


describe('mail through the HTTP API (gateway, queues, pollers, workers)', () => {
  it('connects a mailbox, syncs it and shows the thread on the contact', async () => {
    expect(localStack().apiUrl).toBeDefined();
    const api = apiAs(newSpaceId());
    const contact = await api.post('/contacts', { name: 'Jane Doe', emails: ['jane.doe@northwind.example'] });
    expect(contact.status).toBe(201);

    const tested = await api.post('/mailboxes/test', { host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user.user, password: user.password });
    const created = await api.post('/mailboxes', {
      host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user.user, password: user.password,
      addresses: ['sales@acme-supplies.example'],
    });
    const sync = await api.post(`/mailboxes/${created.body.id}/sync`);
    const activity = await eventually(() => api.get(`/contacts/${contact.body.id}/activity`), (r) => r.body?.items?.length >= 3);

    expect(tested.status).toBe(200);
    expect(tested.body.suggestedFolders).toEqual([{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }]);
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(user.password);
    expect(created.body.folders).toEqual([{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }]);
    expect(sync.status).toBe(202);
    expect(activity.status).toBe(200);
    const items = activity.body.items as { subject: string; direction: string; convertible: boolean; threadId: string }[];
    expect(items.map((i) => [i.subject, i.direction, i.convertible])).toEqual([
      ['Re: Order: 5 Large Black Widgets', 'inbound', true],
      ['Re: Order: 5 Large Black Widgets', 'outbound', false],
      ['Order: 5 Large Black Widgets', 'inbound', true],
    ]);
    expect(new Set(items.map((i) => i.threadId)).size).toBe(1);

    // A thread's messages come from a GSI, which DynamoDB updates eventually, not in the write.
    const thread = await eventually(() => api.get(`/threads/${items[0]!.threadId}`), (r) => r.body?.messages?.length >= 3);
    expect(thread.body.messages).toHaveLength(3);
    const status = await eventually(() => api.get(`/mailboxes/${created.body.id}`), (r) => r.body.lastSyncAt !== undefined);
    expect(status.body).toMatchObject({ messagesSynced: 4, hasPassword: true });
    expect(status.body.lastError).toBeUndefined();
  });

  it('answers a wrong password on /mailboxes/test with a human problem', async () => {
    const api = apiAs(newSpaceId());

    const tested = await api.post('/mailboxes/test', { host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user.user, password: 'wrong' });

    expect(tested.status).toBe(422);
    expect(tested.headers.get('content-type')).toContain('application/problem+json');
    expect(tested.body.kind).toBe('auth');
  });

  it('refuses plaintext IMAP unless allowInsecure is set', async () => {
    const api = apiAs(newSpaceId());

    const tested = await api.post('/mailboxes/test', { host: dovecot.host, port: dovecot.port, security: 'plain', username: user.user, password: user.password });

    expect(tested.status).toBe(400);
    expect(tested.body.errors[0].pointer).toBe('#/security');
  });
});
