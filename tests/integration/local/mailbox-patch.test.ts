import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { startCapturingImap, passwordSpellings, type CapturingImap } from '../../support/capturing-imap.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';

/**
 * PATCH /mailboxes/{id} through the local gateway, where mailboxes-api runs as its bundle under its
 * own grants: it may wrap (kms:GenerateDataKey) but not unwrap (kms:Decrypt), as on AWS.
 */
let dovecot: DovecotServer;
let capture: CapturingImap;
const user = { user: 'patchowner', password: `stored-${randomUUID()}` };

beforeAll(async () => {
  [dovecot, capture] = await Promise.all([startDovecot({ users: [user] }), startCapturingImap()]);
});
afterAll(async () => {
  await Promise.all([dovecot?.stop(), capture?.stop()]);
});

const sentToCapture = () => capture.lines.join('\n');

async function connected() {
  const api = apiAs(newSpaceId());
  const created = await api.post('/mailboxes', {
    host: '127.0.0.1', port: dovecot.port, security: 'plain', allowInsecure: true, username: user.user, password: user.password,
  });
  expect(created.status).toBe(201);
  return { api, id: String(created.body.id), ifMatch: { headers: { 'if-match': `"${created.body.version}"` } } };
}

describe('PATCH /mailboxes/{id} never sends the stored password anywhere new', () => {
  it.each([
    ['port', () => ({ port: capture.port })],
    ['host', () => ({ host: 'localhost', port: capture.port })],
    ['security', () => ({ security: 'starttls' })],
    ['username', () => ({ username: 'someone-else' })],
  ])('asks for the password again when the %s changes, before any connection', async (_field, change) => {
    const { api, id, ifMatch } = await connected();
    const connectionsBefore = capture.connections();

    const res = await api.patch(`/mailboxes/${id}`, change(), ifMatch);

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.type).toMatch(/\/validation-failed$/);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '#/password' })]);
    expect(capture.connections()).toBe(connectionsBefore);
    for (const spelling of passwordSpellings(user.user, user.password)) expect(sentToCapture()).not.toContain(spelling);
    expect((await api.get(`/mailboxes/${id}`)).body).toMatchObject({ port: dovecot.port, username: user.user, security: 'plain' });
  });

  it('tests a new host with the new password only', async () => {
    const { api, id, ifMatch } = await connected();
    const fresh = `new-${randomUUID()}`;

    const res = await api.patch(`/mailboxes/${id}`, { port: capture.port, password: fresh }, ifMatch);

    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(passwordSpellings(user.user, fresh).some((s) => sentToCapture().includes(s))).toBe(true);
    for (const spelling of passwordSpellings(user.user, user.password)) expect(sentToCapture()).not.toContain(spelling);
  });

  it('changes folders, addresses and pause without decrypting the stored password', async () => {
    const { api, id, ifMatch } = await connected();

    const res = await api.patch(`/mailboxes/${id}`, {
      paused: true, addresses: ['sales@example.com'], folders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Archive', role: 'other' }],
    }, ifMatch);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ paused: true, addresses: ['sales@example.com'], folders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Archive', role: 'other' }] });
  });
});
