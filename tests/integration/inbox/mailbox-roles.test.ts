import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const imapUser = { user: 'roles', password: 'roles-password' };
const spaceId = newSpaceId();
let dovecot: DovecotServer;
let admin: Api;
let staff: Api;
let mailboxId: string;
const settings = () => ({
  host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: imapUser.user, password: imapUser.password,
  addresses: ['sales@acme-supplies.example'],
});

beforeAll(async () => {
  useLocalStackEnv();
  admin = apiAs(spaceId, 'admin');
  staff = apiAs(spaceId, 'staff', 'staff-1');
  dovecot = await startDovecot({ users: [imapUser] });
  const connected = await admin.post('/mailboxes', settings());
  expect(connected.status).toBe(201);
  mailboxId = connected.body.id;
}, 60_000);
afterAll(async () => { await dovecot?.stop(); });

describe('mailbox roles: staff see status and sync now, only admins connect, change or remove', () => {
  it('lets staff list and read mailboxes with their sync status, and press Sync now', async () => {
    const list = await staff.get('/mailboxes');
    const one = await staff.get(`/mailboxes/${mailboxId}`);
    const health = await staff.get(`/mailboxes/${mailboxId}/health`);
    const sync = await staff.post(`/mailboxes/${mailboxId}/sync`);

    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([mailboxId]);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: mailboxId, messagesSynced: expect.any(Number) });
    expect(one.body).not.toHaveProperty('password');
    expect(health.status).toBe(200);
    expect(sync.status).toBe(202);
  });

  it('refuses staff connecting, testing, changing and removing mailboxes with 403', async () => {
    const answers = await Promise.all([
      staff.post('/mailboxes', settings()),
      staff.post('/mailboxes/test', settings()),
      staff.patch(`/mailboxes/${mailboxId}`, { paused: true }, { headers: { 'if-match': '"1"' } }),
      staff.delete(`/mailboxes/${mailboxId}`),
    ]);

    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect((await admin.get(`/mailboxes/${mailboxId}`)).body).toMatchObject({ paused: false, version: 1 });
  });
});
