import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMessageRecord } from '../../../shared/store/message-store.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { partBomb } from '../../fixtures/mail/malformed-builders.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'quarantine', password: 'pw-quarantine' };

beforeAll(async () => { dovecot = await startDovecot({ users: [user] }); });
afterAll(async () => { await dovecot?.stop(); });

type ProblemItem = { id: string; kind: string; reason: string; attempts: number; retryRequestedAt?: string };
/** The listed problems by kind (one of each in these tests). */
const kinds = (body: { items: ProblemItem[] }): Partial<Record<string, ProblemItem>> => Object.fromEntries(body.items.map((p) => [p.kind, p]));

describe('mail that was not imported in full', () => {
  it('lists unparsable and too-large mail per mailbox with reasons, and retries each for real', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const api = apiAs(spaceId);
    const big = aMail({ subject: 'Drawings', body: `${'y'.repeat(76)}\r\n`.repeat(4_000) });
    await dovecot.appendMessages(user.user, 'INBOX', [partBomb(1_001), aMail({ subject: 'Plain' }), big]);
    const mailbox = await h.connect(dovecot, user, [{ path: 'INBOX', role: 'inbox' }]);

    const outcome = await h.sync(mailbox.id, { limits: { maxMessageBytes: 100_000 } });
    await h.drain();
    const listed = await api.get(`/mailboxes/${mailbox.id}/problems`);
    const view = await api.get(`/mailboxes/${mailbox.id}`);

    expect(outcome).toMatchObject({ status: 'synced', messages: 3 });
    expect(listed.status).toBe(200);
    expect(listed.body.counts).toEqual({ 'unfetchable': 0, 'too_large': 1, 'unparsable': 1, 'total': 2 });
    const unparsable = kinds(listed.body).unparsable!;
    const tooLarge = kinds(listed.body)['too_large']!;
    expect(unparsable).toMatchObject({ uid: 1, subject: 'Part bomb 1001', messageId: 'malformed@mail.northwind.example', attempts: 1 });
    expect(unparsable.reason).toMatch(/^EMAXLEN/);
    expect(tooLarge).toMatchObject({ uid: 3, folder: 'INBOX', size: expect.any(Number), attempts: 1 });
    expect(tooLarge.reason).toMatch(/^too large: 0\.3 MB is above the 0\.1 MB limit; only the headers were imported$/);
    expect(JSON.stringify(listed.body)).not.toMatch(/rawKey|sha256/);
    expect(view.body.problems).toEqual({ 'unfetchable': 0, 'too_large': 1, 'unparsable': 1, 'total': 2 });
    const stored = await messageItems(h.rt, spaceId);
    expect(stored.map(toMessageRecord).map((m) => [m.subject, m.parseStatus]).sort()).toEqual([['Drawings', 'unparsed'], ['Part bomb 1001', 'unparsed'], ['Plain', 'parsed']]);

    // The stack's sync worker runs with the default 40 MB cap: a retry imports the whole mail.
    const retriedBig = await api.post(`/mailboxes/${mailbox.id}/problems/${tooLarge.id}/retry`);
    const retriedBomb = await api.post(`/mailboxes/${mailbox.id}/problems/${unparsable.id}/retry`);
    const settled = await eventually(() => api.get(`/mailboxes/${mailbox.id}/problems`),
      (r) => r.body?.counts?.['too_large'] === 0 && kinds(r.body).unparsable?.attempts === 2);
    const after = await eventually(async () => (await messageItems(h.rt, spaceId)).map(toMessageRecord), (items) => items.some((m) => m.subject === 'Drawings' && m.parseStatus === 'parsed'));

    expect(retriedBig.status).toBe(202);
    expect(retriedBomb.status).toBe(202);
    expect(settled.body.counts).toEqual({ 'unfetchable': 0, 'too_large': 0, 'unparsable': 1, 'total': 1 });
    expect(kinds(settled.body).unparsable).toMatchObject({ attempts: 2 });
    expect(kinds(settled.body).unparsable?.retryRequestedAt).toBeUndefined();
    expect(after.map((m) => [m.subject, m.parseStatus]).sort()).toEqual([['Drawings', 'parsed'], ['Part bomb 1001', 'unparsed'], ['Plain', 'parsed']]);
  });

  it('answers 404 for a problem of another Space\'s mailbox', async () => {
    const h = await mailHarness(newSpaceId());
    const mailbox = await h.connect(dovecot, user, [{ path: 'INBOX', role: 'inbox' }]);

    const list = await apiAs(newSpaceId()).get(`/mailboxes/${mailbox.id}/problems`);
    const retry = await apiAs(newSpaceId()).post(`/mailboxes/${mailbox.id}/problems/f${'0'.repeat(32)}/retry`);

    expect(list.status).toBe(404);
    expect(list.body.type).toMatch(/\/not-found$/);
    expect(retry.status).toBe(404);
    expect(retry.body.type).toMatch(/\/not-found$/);
  });
});
