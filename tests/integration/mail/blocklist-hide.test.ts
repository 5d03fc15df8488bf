import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { eventually } from '../../support/eventually.js';
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

type Api = ReturnType<typeof apiAs>;
/** The audit rows of finished blocklist jobs (the job's last step writes one). */
const jobsDone = async (admin: Api) => ((await admin.get('/audit?entity=settings:mail-rules&limit=50')).body.items as { action: string; details?: Record<string, unknown> }[])
  .filter((row) => row.action === 'blocklist-applied');

describe('blocklist entries soft-delete already-imported mail (real Dovecot, the local stack)', () => {
  it('hides mail from a newly blocked domain on every read route, counts and stats, admins too, and brings all of it back exactly when the entry goes', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const promoId = await h.addContact('Promo Desk', ['promo@spam.example']);
    await dovecot.appendMessages(user.user, 'INBOX', [
      mail('Widgets order', 'Jane Doe <jane.doe@northwind.example>', 'Please send 3 widgets.'),
      mail('Buy now', 'Promo <promo@spam.example>', 'Limited offer inside.'),
      mail('Buy more', 'Promo <promo@spam.example>', 'Second offer inside.'),
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
      counts: (await admin.get('/inbox/counts')).body,
      promoStats: (await admin.get(`/contacts/${promoId}/stats`)).body.interactionsThisMonth,
      spaceStats: (await admin.get('/stats')).body.interactionsThisMonth,
    });
    const before = await routes();

    const blocked = await admin.put('/settings/mail-rules', { blocklist: ['@spam.example'] }, { headers: { 'if-match': '"0"' } });
    const atOnce = await routes();
    await eventually(() => jobsDone(admin), (rows) => rows.length === 1);
    const hidden = await routes();
    const unblocked = await admin.put('/settings/mail-rules', { blocklist: [] }, { headers: { 'if-match': '"1"' } });
    await eventually(() => jobsDone(admin), (rows) => rows.length === 2);
    const after = await routes();
    const jobs = await jobsDone(admin);
    const threadTrail = await admin.get(`/audit?entity=thread:${String(spam.threadId)}`);

    console.log('blocklist round trip: all before/hidden/after', before.counts.all, hidden.counts.all, after.counts.all,
      '; promo interactions', before.promoStats, hidden.promoStats, after.promoStats, '; space interactions', before.spaceStats, hidden.spaceStats, after.spaceStats);
    expect(before).toMatchObject({ threads: ['Buy more', 'Buy now', 'Widgets order'], search: 2, timeline: 2, message: { status: 200 }, promoStats: 2, spaceStats: 2 });
    expect([blocked.status, unblocked.status]).toEqual([200, 200]);
    expect(atOnce).toMatchObject({ threads: ['Widgets order'], search: 0, message: { status: 404 } });
    expect(hidden).toMatchObject({ threads: ['Widgets order'], inbox: ['Widgets order'], search: 0, timeline: 0, message: { status: 404 }, promoStats: 0, spaceStats: 0 });
    expect(hidden.counts).toMatchObject({ all: 1, open: 1 });
    expect(after).toEqual({ ...before, message: after.message });
    expect(after.message.body).toEqual(before.message.body);
    expect(after.message.body).toMatchObject({ text: expect.stringContaining('Limited offer'), attachments: [{ filename: 'flyer.pdf' }] });
    expect(jobs.map((j) => j.details)).toEqual([
      expect.objectContaining({ added: [], removed: ['@spam.example'], shownThreads: 2, hiddenThreads: 0, messages: 2 }),
      expect.objectContaining({ added: ['@spam.example'], removed: [], hiddenThreads: 2, shownThreads: 0, messages: 2, scanned: 3 }),
    ]);
    expect(threadTrail.body.items.map((r: { action: string; userId: string }) => [r.action, r.userId])).toEqual([['shown', 'admin-1'], ['hidden', 'admin-1']]);
  });
});
