import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityMover } from '../../../shared/store/activity-mover.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'sales', password: 'merge-activity-password' };

beforeAll(async () => {
  dovecot = await startDovecot({ users: [user] });
  await dovecot.appendMessages(user.user, 'INBOX', [
    aMail({ from: 'Jane Work <jane@work.example>', subject: 'From work' }),
    aMail({ from: 'Jane Home <jane@home.example>', subject: 'From home' }),
  ]);
});
afterAll(async () => { await dovecot?.stop(); });

const subjects = (r: { body: { items: { subject: string }[] } }) => r.body.items.map((i) => i.subject).sort();

describe('merging contacts with mail', () => {
  it('moves the merged contact\'s mail to the master, and a retry changes nothing', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const api = apiAs(spaceId);
    const master = await h.addContact('Jane Work', ['jane@work.example']);
    const dup = await h.addContact('Jane Home', ['jane@home.example']);
    const mailbox = await h.connect(dovecot, user, [{ path: 'INBOX', role: 'inbox' }]);
    await h.sync(mailbox.id);
    await h.drain();
    const before = await api.get(`/contacts/${master}/activity`);

    const body = { masterId: master, mergedIds: [dup], preview: false };
    const merged = await api.post('/contacts/merge', body);
    const after = await api.get(`/contacts/${master}/activity`);
    const dupAfter = await api.get(`/contacts/${dup}/activity`);
    const messages = await messageItems(h.rt, spaceId);
    const retried = await api.post('/contacts/merge', body);
    const movedAgain = await activityMover(h.rt.table, 'contact').moveBatch(spaceId, dup, master, 100);
    const afterRetry = await api.get(`/contacts/${master}/activity`);

    expect(subjects(before)).toEqual(['From work']);
    expect(merged.status).toBe(200);
    expect(merged.body.moved).toMatchObject({ 'contact-activity': 1 });
    expect(subjects(after)).toEqual(['From home', 'From work']);
    expect(dupAfter.body.items ?? []).toEqual([]);
    expect(messages.map((m) => m.contactIds)).toEqual([[master], [master]]);
    expect(retried.status).toBe(200);
    expect(movedAgain).toBe(0);
    expect(afterRetry.body.items).toEqual(after.body.items);
  });
});
