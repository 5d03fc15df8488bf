import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/client/create-api-client.js';
import { newSpaceId, typedApiAs } from '../support/api-client.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { aMail, OWN_ADDRESS } from '../integration/mail/mail-harness.js';
import { eventually } from '../support/eventually.js';

let dovecot: DovecotServer;
const user = { user: 'sales', password: 'e2e-relink-password' };

beforeAll(async () => {
  dovecot = await startDovecot({ users: [user] });
  await dovecot.appendMessages(user.user, 'INBOX', [
    aMail({ from: 'Sam Stranger <sam@stranger.example>', subject: 'First contact' }),
    aMail({ from: 'Pat Later <pat@later.example>', subject: 'Another stranger' }),
  ]);
});
afterAll(async () => { await dovecot?.stop(); });


/** Connects the mailbox and waits until both stranger mails are fully linked (message items exist). */
async function syncStrangers(api: ApiClient): Promise<void> {
  const created = await api.POST('/mailboxes', {
    body: { host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user.user, password: user.password, addresses: [OWN_ADDRESS] },
  });
  expect(created.response.status).toBe(201);
  await api.POST('/mailboxes/{id}/sync', { params: { path: { id: created.data!.id } } });
  const threads = await eventually(() => api.GET('/threads'), (r) => (r.data?.items.length ?? 0) >= 2);
  expect(threads.data?.items).toHaveLength(2);
  for (const t of threads.data!.items) {
    const thread = await eventually(() => api.GET('/threads/{id}', { params: { path: { id: t.id } } }), (r) => (r.data?.messages.length ?? 0) >= 1);
    expect(thread.data?.messages).toHaveLength(1);
  }
}

describe('relink through the HTTP API', () => {
  it('gives a contact created after its mail arrived that mail, and an added email its mail too', async () => {
    const api = typedApiAs(newSpaceId());
    await syncStrangers(api);

    const contact = await api.POST('/contacts', { body: { name: 'Sam Stranger', emails: ['sam@stranger.example'] } });
    const path = { id: contact.data!.id };
    const activity = await eventually(() => api.GET('/contacts/{id}/activity', { params: { path } }), (r) => (r.data?.items.length ?? 0) >= 1);
    const patched = await api.PATCH('/contacts/{id}', {
      params: { path, header: { 'If-Match': contact.response.headers.get('etag')! } }, body: { emails: ['sam@stranger.example', 'pat@later.example'] },
    });
    const both = await eventually(() => api.GET('/contacts/{id}/activity', { params: { path } }), (r) => (r.data?.items.length ?? 0) >= 2);

    expect(contact.response.status).toBe(201);
    expect(activity.data?.items.map((i) => (i.kind === 'order' ? i.orderId : i.subject))).toEqual(['First contact']);
    expect(patched.response.status).toBe(200);
    expect(both.data?.items.map((i) => (i.kind === 'order' ? i.orderId : i.subject)).sort()).toEqual(['Another stranger', 'First contact']);
  });
});
