import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_LIMITS } from '../../../shared/config/names.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { mailboxCountKey } from '../../../shared/store/keys.js';
import { mailHarness } from './mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'capped', password: 'pw-capped' };

beforeAll(async () => {
  useLocalStackEnv();
  dovecot = await startDovecot({ users: [user] });
});
afterAll(async () => { await dovecot?.stop(); });

const settings = () => ({
  host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user.user, password: user.password,
  folders: [{ path: 'INBOX', role: 'inbox' }],
});

describe('mailboxes per Space', () => {
  it('refuses the mailbox past the Space\'s limit with a 409 problem, and takes one again after a disconnect', async () => {
    const api = apiAs(newSpaceId());
    const limit = SYNC_LIMITS.mailboxesPerSpace;
    const created: string[] = [];
    for (let i = 0; i < limit; i++) {
      const reply = await api.post('/mailboxes', settings());
      expect(reply.status).toBe(201);
      created.push(String(reply.body.id));
    }

    const over = await api.post('/mailboxes', settings());
    const otherSpace = await apiAs(newSpaceId()).post('/mailboxes', settings());
    const deleted = await api.delete(`/mailboxes/${created[0]}`);
    const again = await api.post('/mailboxes', settings());
    const listed = await api.get('/mailboxes');

    expect(over.status).toBe(409);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(over.body).toMatchObject({ type: expect.stringMatching(/\/mailbox-limit-reached$/), limit });
    expect(over.body.detail).toContain(`${limit} mailboxes`);
    expect(otherSpace.status).toBe(201);
    expect(deleted.status).toBe(204);
    expect(again.status).toBe(201);
    expect(listed.body.items).toHaveLength(limit);
  });

  it('counts mailboxes connected before the Space had a mailbox counter', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    for (let i = 0; i < SYNC_LIMITS.mailboxesPerSpace; i++) await h.connect(dovecot, user, [{ path: 'INBOX', role: 'inbox' }]);
    await h.rt.table.client.send(new DeleteCommand({ TableName: h.rt.table.table, Key: mailboxCountKey(spaceId) }));

    const over = await apiAs(spaceId).post('/mailboxes', settings());

    expect(over.status).toBe(409);
    expect(over.body.type).toMatch(/\/mailbox-limit-reached$/);
  });
});
