import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../support/api-client.js';
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
async function syncStrangers(api: Api): Promise<void> {
  const created = await api.post('/mailboxes', {
    host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user.user, password: user.password, addresses: [OWN_ADDRESS],
  });
  expect(created.status).toBe(201);
  await api.post(`/mailboxes/${created.body.id}/sync`);
  const threads = await eventually(() => api.get('/threads'), (r) => r.body?.items?.length >= 2);
  expect(threads.body.items).toHaveLength(2);
  for (const t of threads.body.items as { id: string }[]) {
    const thread = await eventually(() => api.get(`/threads/${t.id}`), (r) => r.body?.messages?.length >= 1);
    expect(thread.body.messages).toHaveLength(1);
  }
}

describe('relink through the HTTP API', () => {
  it('gives a contact created after its mail arrived that mail, and an added email its mail too', async () => {
    const api = apiAs(newSpaceId());
    await syncStrangers(api);

    const contact = await api.post('/contacts', { name: 'Sam Stranger', emails: ['sam@stranger.example'] });
    const activity = await eventually(() => api.get(`/contacts/${contact.body.id}/activity`), (r) => r.body?.items?.length >= 1);
    const patched = await api.patch(`/contacts/${contact.body.id}`, { emails: ['sam@stranger.example', 'pat@later.example'] }, { headers: { 'if-match': contact.headers.get('etag')! } });
    const both = await eventually(() => api.get(`/contacts/${contact.body.id}/activity`), (r) => r.body?.items?.length >= 2);

    expect(contact.status).toBe(201);
    expect(activity.body.items.map((i: { subject: string }) => i.subject)).toEqual(['First contact']);
    expect(patched.status).toBe(200);
    expect(both.body.items.map((i: { subject: string }) => i.subject).sort()).toEqual(['Another stranger', 'First contact']);
  });
});
