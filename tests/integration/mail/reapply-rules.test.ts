import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { eventually } from '../../support/eventually.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { createS3BlobRemoval } from '../../../shared/adapters/blobs/s3-blob-removal.js';
import { requireEnv } from '../../../shared/config/config.js';
import { mailHarness, messageItems, OWN_ADDRESS } from './mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'ra0', password: 'pw-ra0' };
const undoUser = { user: 'ra1', password: 'pw-ra1' };
const faultUser = { user: 'ra2', password: 'pw-ra2' };
const headersUser = { user: 'ra3', password: 'pw-ra3' };

beforeAll(async () => { dovecot = await startDovecot({ users: [user, undoUser, faultUser, headersUser] }); });
afterAll(async () => { await dovecot?.stop(); });

const mail = (subject: string, from: string, body: string, headers: string[] = []) => [
  `From: ${from}`, `To: ${OWN_ADDRESS}`, `Subject: ${subject}`, `Date: ${new Date().toUTCString()}`, `Message-ID: <${ulid()}@mail.example>`,
  ...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, '',
].join('\r\n');

type Job = {
  id: string; status: string; scanned: number; changed: number; hiddenThreads: number; shownThreads: number; unlinkedMessages: number; privateThreads: number;
  relinkedMessages: number; unmarkedThreads: number; headersOnlyMessages: number; error?: string;
};

/** Asks for a re-apply and waits until the local stack's link function has finished it. */
async function reapply(admin: Api, body: Record<string, unknown>, key: string): Promise<{ asked: { status: number; body: Job }; done: Job }> {
  const asked = await admin.post('/settings/mail-rules/reapply', body, { headers: { 'idempotency-key': key } });
  const done = await eventually(async () => (await admin.get(`/settings/mail-rules/reapply/${String(asked.body.id)}`)).body as Job,
    (job) => job.status === 'done' || job.status === 'failed', 90_000);
  return { asked, done };
}

describe('re-applying the mail rules to the last N days (real Dovecot, the local stack)', () => {
  it('hides skipped mail, unlinks no_link mail but keeps a link made by hand, marks private mail; a second run changes nothing; removing the rule brings the mail back', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const janeId = await h.addContact('Jane Doe', ['jane@northwind.example']);
    const managerId = await h.addContact('Account Manager', ['am@partner.example']);
    const newsId = await h.addContact('Letters', ['news@letters.example']);
    await dovecot.appendMessages(user.user, 'INBOX', [
      mail('Weekly digest', 'Letters <news@letters.example>', 'This week in letters.', ['List-Id: <weekly.letters.example>']),
      mail('Widgets order', 'Jane Doe <jane@northwind.example>', 'Please send 3 widgets.'),
      mail('Salary review', 'Jane Doe <jane@northwind.example>', 'Numbers inside.'),
      mail('Lunch?', 'Kim <kim@other.example>', 'Tomorrow at noon?'),
    ]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    await h.drain();
    const items = await messageItems(h.rt, spaceId);
    const thread = (subject: string) => String(items.find((m) => m.subject === subject)!.threadId);
    const admin = apiAs(spaceId, 'admin', 'admin-1');
    const staff = apiAs(spaceId, 'staff', 'staff-1');
    const byHand = await admin.post(`/threads/${thread('Widgets order')}/links`, { contactId: managerId });
    const subjects = async () => ((await staff.get('/threads?limit=50')).body.items as { subject: string }[]).map((t) => t.subject).sort();
    const timeline = async (id: string) => ((await admin.get(`/contacts/${id}/activity`)).body.items as { subject: string }[]).map((l) => l.subject).sort();
    const before = { threads: await subjects(), jane: await timeline(janeId), manager: await timeline(managerId), news: await timeline(newsId) };

    const saved = await admin.put('/settings/mail-rules', { exclusions: [
      { id: 'digests', field: 'header', header: 'list-id', operator: 'contains', value: 'letters.example', action: 'skip' },
      { id: 'northwind', field: 'from', operator: 'domain_is', value: 'northwind.example', action: 'no_link' },
      { id: 'pay', field: 'body', operator: 'contains', value: 'numbers inside', action: 'private', level: 'subject' },
    ] }, { headers: { 'if-match': '"0"' } });
    const first = await reapply(admin, { days: 7 }, 'reapply-1');
    const retried = await admin.post('/settings/mail-rules/reapply', { days: 7 }, { headers: { 'idempotency-key': 'reapply-1' } });
    const reused = await admin.post('/settings/mail-rules/reapply', { days: 8 }, { headers: { 'idempotency-key': 'reapply-1' } });
    const applied = { threads: await subjects(), jane: await timeline(janeId), manager: await timeline(managerId), news: await timeline(newsId) };
    const salary = await staff.get(`/threads/${thread('Salary review')}`);
    const digest = await admin.get(`/threads/${thread('Weekly digest')}`);
    const second = await reapply(admin, { days: 7 }, 'reapply-2');

    const unskipped = await admin.put('/settings/mail-rules', { exclusions: [
      { id: 'northwind', field: 'from', operator: 'domain_is', value: 'northwind.example', action: 'no_link' },
      { id: 'pay', field: 'body', operator: 'contains', value: 'numbers inside', action: 'private', level: 'subject' },
    ] }, { headers: { 'if-match': '"1"' } });
    const third = await reapply(admin, { days: 7 }, 'reapply-3');
    const after = { threads: await subjects(), news: await timeline(newsId) };
    const audits = ((await admin.get('/audit?entity=settings:mail-rules&limit=50')).body.items as { action: string; details: Record<string, unknown> }[])
      .filter((row) => row.action === 'rules-reapplied');
    const missing = await admin.get('/settings/mail-rules/reapply/01JDQ3R0B2C4D6E8F0G2H4J6K8');
    const otherSpace = await apiAs(newSpaceId(), 'admin').get(`/settings/mail-rules/reapply/${first.asked.body.id}`);

    console.log('reapply jobs (scanned/changed):', [first.done, second.done, third.done].map((j) => `${j.scanned}/${j.changed}`).join(' '));
    expect([byHand.status, saved.status, unskipped.status, first.asked.status]).toEqual([200, 200, 200, 202]);
    expect(before).toEqual({
      threads: ['Lunch?', 'Salary review', 'Weekly digest', 'Widgets order'], jane: ['Salary review', 'Widgets order'], manager: ['Widgets order'], news: ['Weekly digest'],
    });
    expect(first.done).toMatchObject({ status: 'done', scanned: 4, changed: 4, hiddenThreads: 1, shownThreads: 0, unlinkedMessages: 2, privateThreads: 1 });
    expect(retried).toMatchObject({ status: 202, body: { id: first.asked.body.id } });
    expect(reused.status).toBe(409);
    expect(applied).toEqual({ threads: ['Lunch?', 'Salary review', 'Widgets order'], jane: [], manager: ['Widgets order'], news: [] });
    expect(salary.body).toMatchObject({ subject: 'Salary review', privacy: 'subject' });
    expect(digest.status).toBe(404);
    expect(second.done).toMatchObject({ status: 'done', scanned: 4, changed: 0 });
    expect(third.done).toMatchObject({ status: 'done', changed: 1, shownThreads: 1, hiddenThreads: 0 });
    expect(after).toEqual({ threads: ['Lunch?', 'Salary review', 'Weekly digest', 'Widgets order'], news: ['Weekly digest'] });
    expect(audits.map((a) => a.details.changed)).toEqual([1, 0, 4]);
    expect(missing.status).toBe(404);
    expect([otherSpace.status, otherSpace.body.type]).toEqual([404, missing.body.type]);
  }, 240_000);
  it('links again mail a removed no_link rule kept unlinked (as the linker would, beside links made by hand) and unmarks only the threads a removed private rule marked', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const janeId = await h.addContact('Jane Doe', ['jane@northwind.example']);
    const northwindId = await h.addCompany('Northwind', ['northwind.example']);
    const managerId = await h.addContact('Account Manager', ['am@partner.example']);
    const opsId = await h.addContact('Ops Desk', ['ops@partner.example']);
    const admin = apiAs(spaceId, 'admin', 'admin-1');
    const staff = apiAs(spaceId, 'staff', 'staff-1');
    const rules = (exclusions: unknown[]) => ({ exclusions, privacy: [{ scope: 'contact', id: managerId, level: 'subject', ownerIds: [] }] });
    const noLink = { id: 'northwind', field: 'from', operator: 'domain_is', value: 'northwind.example', action: 'no_link' };
    const pay = { id: 'pay', field: 'body', operator: 'contains', value: 'numbers inside', action: 'private', level: 'subject' };
    const conf = { id: 'conf', field: 'body', operator: 'contains', value: 'confidential', action: 'private', level: 'metadata' };
    const saved = await admin.put('/settings/mail-rules', rules([noLink, pay, conf]), { headers: { 'if-match': '"0"' } });
    await dovecot.appendMessages(undoUser.user, 'INBOX', [
      mail('Widgets order', 'Jane Doe <jane@northwind.example>', 'Please send 3 widgets.'),
      mail('Salary review', 'Jane Doe <jane@northwind.example>', 'Numbers inside.'),
      mail('Board notes', 'Kim <kim@other.example>', 'Numbers inside.'),
      mail('Secrets', 'Kim <kim@other.example>', 'Numbers inside, confidential.'),
      mail('Account plan', 'Account Manager <am@partner.example>', 'Numbers inside.'),
      mail('Hello', 'Lee <lee@westwind.example>', 'Nice to meet you.'),
    ]);
    const mailbox = await h.connect(dovecot, undoUser);
    await h.sync(mailbox.id);
    await h.drain();
    const items = await messageItems(h.rt, spaceId);
    const idOf = (subject: string) => String(items.find((m) => m.subject === subject)!.id);
    const threadOf = (subject: string) => String(items.find((m) => m.subject === subject)!.threadId);
    // Made by hand while the rules held: a link on a no_link mail, a mark on a thread a private rule marked too.
    const byHand = await admin.post(`/threads/${threadOf('Widgets order')}/links`, { contactId: opsId });
    const marked = await admin.patch(`/threads/${threadOf('Board notes')}`, { privacy: 'metadata' }, { headers: { 'if-match': '"0"' } });
    // A contact written after the sync without an address relink: its mail had no owner, no rule kept it unlinked.
    const leeId = await h.addContact('Lee', ['lee@westwind.example']);
    const timeline = async (kind: string, id: string) => ((await admin.get(`/${kind}/${id}/activity`)).body.items as { subject: string }[]).map((l) => l.subject).sort();
    const privacyOf = async () => Object.fromEntries(((await staff.get('/threads?limit=50')).body.items as { id: string; privacy?: string }[])
      .map((t) => [String(items.find((m) => m.threadId === t.id)!.subject), t.privacy ?? null]));
    const before = { jane: await timeline('contacts', janeId), northwind: await timeline('companies', northwindId), privacy: await privacyOf() };

    const removed = await admin.put('/settings/mail-rules', rules([conf]), { headers: { 'if-match': '"1"' } });
    const first = await reapply(admin, { days: 7 }, 'undo-1');
    const widgets = await admin.get(`/messages/${idOf('Widgets order')}`);
    const after = {
      jane: await timeline('contacts', janeId), northwind: await timeline('companies', northwindId), manager: await timeline('contacts', managerId), ops: await timeline('contacts', opsId),
      lee: await timeline('contacts', leeId), privacy: await privacyOf(),
    };
    const salary = await staff.get(`/messages/${idOf('Salary review')}`);
    const second = await reapply(admin, { days: 7 }, 'undo-2');

    console.log('undo jobs (scanned/changed):', [first.done, second.done].map((j) => `${j.scanned}/${j.changed}`).join(' '));
    expect([saved.status, byHand.status, marked.status, removed.status]).toEqual([200, 200, 200, 200]);
    expect(before).toEqual({
      jane: [], northwind: [],
      privacy: { 'Widgets order': null, 'Salary review': 'subject', 'Board notes': 'metadata', Secrets: 'metadata', 'Account plan': 'subject', Hello: null },
    });
    expect(first.done).toMatchObject({ status: 'done', scanned: 6, relinkedMessages: 2, unmarkedThreads: 3, unlinkedMessages: 0, privateThreads: 0, hiddenThreads: 0, shownThreads: 0, changed: 5 });
    expect(after).toEqual({
      jane: ['Salary review', 'Widgets order'], northwind: ['Salary review', 'Widgets order'], manager: ['Account plan'], ops: ['Widgets order'], lee: [],
      privacy: { 'Widgets order': null, 'Salary review': null, 'Board notes': 'metadata', Secrets: 'metadata', 'Account plan': 'subject', Hello: null },
    });
    expect(widgets.body.links).toEqual(expect.arrayContaining([
      { kind: 'contact', id: janeId, provenance: { kind: 'exact_address', at: expect.any(String) } },
      { kind: 'company', id: northwindId, provenance: { kind: 'company_domain', at: expect.any(String) } },
      { kind: 'contact', id: opsId, provenance: expect.objectContaining({ kind: 'manual' }) },
    ]));
    expect(widgets.body.links).toHaveLength(3);
    expect([salary.body.subject, salary.body.text.trim()]).toEqual(['Salary review', 'Numbers inside.']);
    expect(salary.body.privacy).toBeUndefined();
    expect(second.done).toMatchObject({ status: 'done', scanned: 6, changed: 0 });
  }, 240_000);
  it('ends a job whose step keeps failing as failed with the reason, at the link queue\'s last delivery, instead of leaving it running', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages(faultUser.user, 'INBOX', [mail('Quote', 'Kim <kim@other.example>', 'Numbers inside.')]);
    const mailbox = await h.connect(dovecot, faultUser);
    await h.sync(mailbox.id);
    await h.drain();
    const [stored] = await messageItems(h.rt, spaceId);
    const admin = apiAs(spaceId, 'admin', 'admin-1');
    const saved = await admin.put('/settings/mail-rules', { exclusions: [
      { id: 'pay', field: 'body', operator: 'contains', value: 'numbers inside', action: 'private' },
    ] }, { headers: { 'if-match': '"0"' } });
    // The body rule needs the stored mail, which is gone from the bucket: every delivery of the step fails.
    await createS3BlobRemoval(requireEnv('mailBucket')).remove([String(stored!.rawKey)]);

    const failed = await reapply(admin, { days: 7 }, 'fault-1');
    const audits = ((await admin.get('/audit?entity=settings:mail-rules&limit=50')).body.items as { action: string; details: Record<string, unknown> }[])
      .filter((row) => row.action === 'rules-reapplied');

    console.log('failed job:', failed.done.status, failed.done.error);
    expect(stored!.parsedKey).toBeUndefined();
    expect(saved.status).toBe(200);
    expect(failed.done).toMatchObject({ status: 'failed', scanned: 0, changed: 0, finishedAt: expect.any(String) });
    expect(failed.done.error).toMatch(/^A step failed 4 times \(last: .*blob-not-found\)$/);
    expect(audits.map((a) => [a.details.status, a.details.error])).toEqual([['failed', failed.done.error]]);
  }, 240_000);
  it('keeps as headers only the mail in the window that only_linkable with headers_only no longer takes whole, on every read route, for good', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await h.addContact('Jane Doe', ['jane@northwind.example']);
    const quote = [
      'From: Kim <kim@other.example>', `To: ${OWN_ADDRESS}`, 'Subject: Quote', `Date: ${new Date().toUTCString()}`, `Message-ID: <${ulid()}@mail.example>`,
      'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
      '--b', 'Content-Type: text/plain; charset=utf-8', '', 'Zanzibar pricing attached.', '--b',
      'Content-Type: application/pdf; name="quote.pdf"', 'Content-Disposition: attachment; filename="quote.pdf"', 'Content-Transfer-Encoding: base64', '',
      Buffer.from('%PDF-1.4 quote').toString('base64'), '--b--', '',
    ].join('\r\n');
    await dovecot.appendMessages(headersUser.user, 'INBOX', [quote, mail('Widgets order', 'Jane Doe <jane@northwind.example>', 'Zanzibar widgets please.')]);
    const mailbox = await h.connect(dovecot, headersUser);
    await h.sync(mailbox.id);
    await h.drain();
    const items = await messageItems(h.rt, spaceId);
    const idOf = (subject: string) => String(items.find((m) => m.subject === subject)!.id);
    const threadOf = (subject: string) => String(items.find((m) => m.subject === subject)!.threadId);
    const admin = apiAs(spaceId, 'admin', 'admin-1');
    const seen = async () => {
      const message = (await admin.get(`/messages/${idOf('Quote')}`)).body as { text: string; snippet: string; attachments: unknown[] };
      const thread = (await admin.get(`/threads/${threadOf('Quote')}`)).body as { snippet: string; messages: { snippet: string; attachmentCount: number }[] };
      const search = ((await admin.get('/inbox?q=zanzibar')).body.items as { subject: string }[]).map((t) => t.subject).sort();
      return {
        text: message.text.trim(), snippet: message.snippet, attachments: message.attachments.length,
        threadSnippet: thread.snippet, member: [thread.messages[0]!.snippet, thread.messages[0]!.attachmentCount],
        download: (await admin.get(`/messages/${idOf('Quote')}/attachments/0`)).status, search,
      };
    };
    const before = await seen();

    const saved = await admin.put('/settings/mail-rules', { importPolicy: 'only_linkable', unlinkableMail: 'headers_only' }, { headers: { 'if-match': '"0"' } });
    const first = await reapply(admin, { days: 7 }, 'headers-1');
    const after = await seen();
    const widgets = (await admin.get(`/messages/${idOf('Widgets order')}`)).body as { text: string };
    const second = await reapply(admin, { days: 7 }, 'headers-2');
    const back = await admin.put('/settings/mail-rules', { importPolicy: 'all' }, { headers: { 'if-match': '"1"' } });
    const third = await reapply(admin, { days: 7 }, 'headers-3');
    const later = await seen();

    console.log('headers-only jobs (scanned/changed):', [first.done, second.done, third.done].map((j) => `${j.scanned}/${j.changed}`).join(' '));
    expect([saved.status, back.status]).toEqual([200, 200]);
    expect(before).toMatchObject({ text: 'Zanzibar pricing attached.', attachments: 1, member: [expect.stringContaining('Zanzibar'), 1], download: 302, search: ['Quote', 'Widgets order'] });
    expect(first.done).toMatchObject({ status: 'done', scanned: 2, changed: 1, headersOnlyMessages: 1, hiddenThreads: 0 });
    const stripped = { text: '', snippet: '', attachments: 0, threadSnippet: '', member: ['', 0], download: 404, search: ['Widgets order'] };
    expect(after).toEqual(stripped);
    expect(widgets.text.trim()).toBe('Zanzibar widgets please.');
    expect(second.done).toMatchObject({ status: 'done', scanned: 2, changed: 0 });
    expect(third.done).toMatchObject({ status: 'done', scanned: 2, changed: 0 });
    expect(later).toEqual(stripped);
  }, 240_000);
});
