import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSpaceId, typedApiAs } from '../support/api-client.js';
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


const settings = () => ({ host: dovecot.host, port: dovecot.port, security: 'plain' as const, allowInsecure: true, username: user.user, password: user.password });

describe('mail through the HTTP API (gateway, queues, pollers, workers)', () => {
  it('connects a mailbox, syncs it and shows the thread on the contact', async () => {
    expect(localStack().apiUrl).toBeDefined();
    const api = typedApiAs(newSpaceId());
    const contact = await api.POST('/contacts', { body: { name: 'Jane Doe', emails: ['jane.doe@northwind.example'] } });
    expect(contact.response.status).toBe(201);
    const contactPath = { path: { id: contact.data!.id } };

    const tested = await api.POST('/mailboxes/test', { body: settings() });
    const created = await api.POST('/mailboxes', { body: { ...settings(), addresses: ['sales@acme-supplies.example'] } });
    const mailboxPath = { path: { id: created.data!.id } };
    const sync = await api.POST('/mailboxes/{id}/sync', { params: mailboxPath });
    const activity = await eventually(() => api.GET('/contacts/{id}/activity', { params: contactPath }), (r) => (r.data?.items.length ?? 0) >= 3);

    expect(tested.response.status).toBe(200);
    expect(tested.data?.suggestedFolders).toEqual([{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }]);
    expect(created.response.status).toBe(201);
    expect(JSON.stringify(created.data)).not.toContain(user.password);
    expect(created.data?.folders).toEqual([{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }]);
    expect(sync.response.status).toBe(202);
    expect(activity.response.status).toBe(200);
    const items = activity.data!.items.flatMap((i) => (i.kind === 'mail' ? [i] : []));
    expect(items.map((i) => [i.subject, i.direction, i.convertible])).toEqual([
      ['Re: Order: 5 Large Black Widgets', 'inbound', true],
      ['Re: Order: 5 Large Black Widgets', 'outbound', false],
      ['Order: 5 Large Black Widgets', 'inbound', true],
    ]);
    expect(new Set(items.map((i) => i.threadId)).size).toBe(1);

    // A thread's messages come from a GSI, which DynamoDB updates eventually, not in the write.
    const thread = await eventually(() => api.GET('/threads/{id}', { params: { path: { id: items[0]!.threadId } } }), (r) => (r.data?.messages.length ?? 0) >= 3);
    expect(thread.data?.messages).toHaveLength(3);
    const status = await eventually(() => api.GET('/mailboxes/{id}', { params: mailboxPath }), (r) => r.data?.lastSyncAt !== undefined);
    expect(status.data).toMatchObject({ messagesSynced: 4, hasPassword: true });
    expect(status.data?.lastError).toBeUndefined();
  });

  it('answers a wrong password on /mailboxes/test with a human problem', async () => {
    const api = typedApiAs(newSpaceId());

    const tested = await api.POST('/mailboxes/test', { body: { ...settings(), password: 'wrong' } });

    expect(tested.response.status).toBe(422);
    expect(tested.response.headers.get('content-type')).toContain('application/problem+json');
    expect(tested.error).toMatchObject({ kind: 'auth' });
  });

  it('refuses plaintext IMAP unless allowInsecure is set', async () => {
    const api = typedApiAs(newSpaceId());
    const { allowInsecure: _a, ...withoutOptIn } = settings();

    const tested = await api.POST('/mailboxes/test', { body: withoutOptIn });

    expect(tested.response.status).toBe(400);
    expect(tested.error).toMatchObject({ errors: [expect.objectContaining({ pointer: '#/security' })] });
  });
});
