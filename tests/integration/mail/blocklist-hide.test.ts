import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { mailHarness, messageItems, OWN_ADDRESS } from './mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'bl0', password: 'pw-bl0' };

beforeAll(async () => { dovecot = await startDovecot({ users: [user] }); });
afterAll(async () => { await dovecot?.stop(); });

const mail = (subject: string, from: string, body: string) => [
  `From: ${from}`, `To: ${OWN_ADDRESS}`, `Subject: ${subject}`, `Date: ${new Date().toUTCString()}`, `Message-ID: <${ulid()}@mail.example>`,
  'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', body, '--b',
  'Content-Type: application/pdf; name="flyer.pdf"', 'Content-Disposition: attachment; filename="flyer.pdf"', 'Content-Transfer-Encoding: base64', '',
  Buffer.from('%PDF-1.4 flyer').toString('base64'), '--b--', '',
].join('\r\n');

describe('blocklist entries hide already-imported mail (real Dovecot, the local stack)', () => {
  it('hides mail from a newly blocked domain on every read route, admins too, and brings all of it back when the entry goes', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const promoId = await h.addContact('Promo Desk', ['promo@spam.example']);
    await dovecot.appendMessages(user.user, 'INBOX', [
      mail('Widgets order', 'Jane Doe <jane.doe@northwind.example>', 'Please send 3 widgets.'),
      mail('Buy now', 'Promo <promo@spam.example>', 'Limited offer inside.'),
    ]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    await h.drain();
    const spam = (await messageItems(h.rt, spaceId)).find((m) => m.subject === 'Buy now')!;
    const admin = apiAs(spaceId, 'admin', 'admin-1');
    const staff = apiAs(spaceId, 'staff', 'staff-1');
    const routes = async () => ({
      threads: (await admin.get('/threads?limit=50')).body.items.map((t: { subject: string }) => t.subject).sort(),
      inbox: (await staff.get('/inbox?limit=50')).body.items.map((t: { subject: string }) => t.subject).sort(),
      search: (await admin.get('/inbox?q=buy')).body.items.length,
      message: await admin.get(`/messages/${String(spam.id)}`),
      timeline: (await admin.get(`/contacts/${promoId}/activity`)).body.items.length,
    });
    const before = await routes();

    const blocked = await admin.put('/settings/mail-rules', { blocklist: ['@spam.example'] }, { headers: { 'if-match': '"0"' } });
    const hidden = await routes();
    const unblocked = await admin.put('/settings/mail-rules', { blocklist: [] }, { headers: { 'if-match': '"1"' } });
    const after = await routes();
    const audit = await admin.get('/audit?entity=settings:mail-rules');

    expect(before).toMatchObject({ threads: ['Buy now', 'Widgets order'], inbox: ['Buy now', 'Widgets order'], search: 1, timeline: 1, message: { status: 200 } });
    expect([blocked.status, unblocked.status]).toEqual([200, 200]);
    expect(hidden).toMatchObject({ threads: ['Widgets order'], inbox: ['Widgets order'], search: 0, timeline: 0, message: { status: 404 } });
    expect(after).toMatchObject({ threads: ['Buy now', 'Widgets order'], inbox: ['Buy now', 'Widgets order'], search: 1, timeline: 1 });
    expect(after.message.body).toEqual(before.message.body);
    expect(after.message.body).toMatchObject({ text: expect.stringContaining('Limited offer'), attachments: [{ filename: 'flyer.pdf' }] });
    expect(audit.body.items).toHaveLength(2);
    expect(JSON.stringify(audit.body.items)).toContain('@spam.example');
  });
});
