import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness } from '../mail/mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'sales', password: 'workspace-timeline-password' };
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

beforeAll(async () => {
  dovecot = await startDovecot({ users: [user] });
  await dovecot.appendMessages(user.user, 'INBOX', [
    aMail({ from: 'Jane Work <jane@northwind.example>', subject: 'Quarterly review' }),
    aMail({ from: 'Jane Home <jane@home.example>', subject: 'Order', body: 'Hi, bill me for 5 Large Black Widgets please.' }),
  ]);
});
afterAll(async () => { await dovecot?.stop(); });

type Line = { kind: string; type: string; at: string; subject?: string; orderId?: string; activityId?: string; status?: string };
const lines = async (api: Api, path: string): Promise<Line[]> => {
  const reply = await api.get(path);
  expect(reply.status).toBe(200);
  return reply.body.items as Line[];
};
const summary = (items: Line[]) => items.map((l) => `${l.type}:${l.subject ?? l.orderId}`);

/** A Space with a company, Jane (of the company) and her home address as a second contact, with mail synced. */
async function world() {
  const spaceId = newSpaceId();
  const h = await mailHarness(spaceId);
  const api = apiAs(spaceId, 'admin');
  const northwind = await h.addCompany('Northwind', ['northwind.example']);
  const jane = await h.addContact('Jane Work', ['jane@northwind.example'], northwind);
  const home = await h.addContact('Jane Home', ['jane@home.example']);
  const mailbox = await h.connect(dovecot, user, [{ path: 'INBOX', role: 'inbox' }]);
  await h.sync(mailbox.id);
  await h.drain();
  await api.post('/products', { sku: 'W-L-BLK', name: 'Large Black Widget', unitAmount: 1250, currency: 'USD' });
  return { spaceId, api, northwind, jane, home };
}

describe('one timeline per contact and company', () => {
  it('shows mail, logged activities and orders newest first, filters by type and pages without gaps', async () => {
    const { api, northwind, jane, home } = await world();
    const meeting = await api.post('/activities', { type: 'meeting', subject: 'Kick-off', at: hoursAgo(-24), durationMinutes: 45, contactIds: [jane], outcome: 'Agreed on a pilot' });
    const call = await api.post('/activities', { type: 'call', subject: 'Follow-up call', at: hoursAgo(2), contactIds: [jane] });
    const [homeMail] = await lines(api, `/contacts/${home}/activity`);
    const order = await api.post('/orders', {
      messageId: (homeMail as unknown as { messageId: string }).messageId, customerEmail: 'jane@home.example', memo: 'Widgets',
      lines: [{ productId: (await api.get('/products')).body.items[0].id, description: 'Large Black Widget', quantity: 5, unitAmount: 1250 }],
    });

    const janeLines = await lines(api, `/contacts/${jane}/activity`);
    const companyLines = await lines(api, `/companies/${northwind}/activity`);
    const homeLines = await lines(api, `/contacts/${home}/activity`);
    const onlyCalls = await lines(api, `/contacts/${jane}/activity?type=call,meeting`);
    const pages: Line[] = [];
    for (let cursor: string | undefined, i = 0; i < 10; i++) {
      const page = await api.get(`/contacts/${jane}/activity?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      pages.push(...page.body.items);
      cursor = page.body.nextCursor ?? undefined;
      if (!cursor) break;
    }

    expect(meeting.status).toBe(201);
    expect(meeting.body.companyIds).toEqual([northwind]);
    expect(call.status).toBe(201);
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ contactId: home, companyId: null });
    expect(summary(janeLines)).toEqual(['meeting:Kick-off', 'email:Quarterly review', 'call:Follow-up call']);
    expect(janeLines.map((l) => l.at)).toEqual([...janeLines.map((l) => l.at)].sort().reverse());
    expect(summary(companyLines)).toEqual(['meeting:Kick-off', 'email:Quarterly review', 'call:Follow-up call']);
    expect(homeLines.map((l) => l.kind)).toEqual(['order', 'mail']);
    expect(homeLines[0]).toMatchObject({ orderId: order.body.id, status: 'awaiting_payment', total: 6250, currency: 'USD' });
    expect(summary(onlyCalls)).toEqual(['meeting:Kick-off', 'call:Follow-up call']);
    expect(pages).toEqual(janeLines);
  });

  it('moves mail, logged activities and orders to the master on merge and repoints them', async () => {
    const { api, jane, home } = await world();
    const call = await api.post('/activities', { type: 'call', subject: 'Call from home', at: hoursAgo(1), contactIds: [home] });
    const both = await api.post('/activities', { type: 'visit', subject: 'Visit with both', at: hoursAgo(3), contactIds: [jane, home] });
    const [homeMail] = await lines(api, `/contacts/${home}/activity?type=email`);
    const order = await api.post('/orders', {
      messageId: (homeMail as unknown as { messageId: string }).messageId, customerEmail: 'jane@home.example', memo: 'Widgets',
      lines: [{ productId: (await api.get('/products')).body.items[0].id, description: 'Large Black Widget', quantity: 5, unitAmount: 1250 }],
    });
    const homeOrders = await api.get(`/contacts/${home}/orders`);

    const merged = await api.post('/contacts/merge', { masterId: jane, mergedIds: [home], preview: false });

    const janeLines = await lines(api, `/contacts/${jane}/activity`);
    expect(homeOrders.body.items.map((o: { id: string }) => o.id)).toEqual([order.body.id]);
    expect(merged.status).toBe(200);
    expect(summary(janeLines).sort()).toEqual(['call:Call from home', 'email:Order', 'email:Quarterly review', `order:${order.body.id}`, 'visit:Visit with both'].sort());
    expect(await lines(api, `/contacts/${home}/activity`)).toEqual([]);
    expect((await api.get(`/activities/${call.body.id}`)).body.contactIds).toEqual([jane]);
    expect((await api.get(`/activities/${both.body.id}`)).body.contactIds).toEqual([jane]);
    expect((await api.get(`/orders/${order.body.id}`)).body.contactId).toBe(jane);
    expect((await api.get(`/contacts/${jane}/orders`)).body.items.map((o: { id: string }) => o.id)).toEqual([order.body.id]);
    expect((await api.get(`/contacts/${home}/orders`)).body.items).toEqual([]);
  });

  it('audits edits and deletes and moves the timeline line with the date', async () => {
    const { spaceId, api, jane } = await world();
    const created = await api.post('/activities', { type: 'task', subject: 'Send samples', at: hoursAgo(-48), contactIds: [jane] });
    const id = created.body.id as string;

    const stale = await api.patch(`/activities/${id}`, { subject: 'Nope' }, { headers: { 'if-match': '"7"' } });
    const missing = await api.patch(`/activities/${id}`, { subject: 'Nope' });
    const moved = await api.patch(`/activities/${id}`, { at: hoursAgo(-72), subject: 'Send samples (DHL)' }, { headers: { 'if-match': created.headers.get('etag')! } });
    const afterEdit = await lines(api, `/contacts/${jane}/activity?type=task`);
    const deleted = await api.delete(`/activities/${id}`);
    const afterDelete = await lines(api, `/contacts/${jane}/activity?type=task`);
    const trail = await api.get(`/audit?entity=activity:${id}`);

    expect(stale.status).toBe(412);
    expect(missing.status).toBe(428);
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).toBe('"2"');
    expect(afterEdit).toEqual([expect.objectContaining({ activityId: id, subject: 'Send samples (DHL)', at: moved.body.at })]);
    expect(deleted.status).toBe(204);
    expect(afterDelete).toEqual([]);
    expect((await api.get(`/activities/${id}`)).status).toBe(404);
    expect(trail.body.items.map((a: { action: string }) => a.action)).toEqual(['delete', 'update', 'create']);
    expect(trail.body.items[1].changes).toMatchObject({ subject: { old: 'Send samples', new: 'Send samples (DHL)' } });
    expect(trail.body.items[0].details.snapshot).toMatchObject({ subject: 'Send samples (DHL)', contactIds: [jane] });
    expect(spaceId).toBeTruthy();
  });

  it('refuses links to records the Space does not have, naming each field', async () => {
    const { api, jane } = await world();
    const other = apiAs(newSpaceId(), 'admin');
    const foreign = await other.post('/contacts', { name: 'Not yours', emails: ['x@other.example'] });

    const reply = await api.post('/activities', {
      type: 'meeting', subject: 'Bad links', at: hoursAgo(0), contactIds: [jane, foreign.body.id], companyIds: ['nope'], orderId: 'ord_x', staffIds: ['ghost'],
    });
    const none = await api.post('/activities', { type: 'note', subject: 'Nobody', at: hoursAgo(0) });

    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/companyIds/0', '#/contactIds/1', '#/orderId', '#/staffIds/0']);
    expect(none.status).toBe(400);
    expect(await lines(api, `/contacts/${jane}/activity?type=meeting,note`)).toEqual([]);
  });
});
