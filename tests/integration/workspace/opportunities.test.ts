import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';

const ifMatch = (etag: string | null) => ({ headers: { 'if-match': etag ?? '' } });

/** A Space with a pipeline of its own, a company with two contacts and one product. */
async function world() {
  const spaceId = newSpaceId();
  const admin = apiAs(spaceId, 'admin');
  const staff = apiAs(spaceId, 'staff', 'staff-1');
  await staff.get('/settings/opportunity-stages');
  const stages = await admin.put('/settings/opportunity-stages', { stages: [
    { id: 'lead', name: 'Lead', kind: 'open' }, { id: 'demo', name: 'Demo', kind: 'open' },
    { id: 'closed-won', name: 'Closed won', kind: 'won' }, { id: 'closed-lost', name: 'Closed lost', kind: 'lost' },
  ] }, ifMatch('"0"'));
  const company = (await admin.post('/companies', { name: 'Northwind', domains: ['northwind.example'] })).body.id as string;
  const jane = (await admin.post('/contacts', { name: 'Jane Doe', emails: ['jane@northwind.example'], companyId: company })).body.id as string;
  const home = (await admin.post('/contacts', { name: 'Jane at home', emails: ['jane@home.example'], customFields: { wholesale_discount_pct: 20 } })).body.id as string;
  const product = (await admin.post('/products', { sku: 'W-L-BLK', name: 'Large Black Widget', unitAmount: 1250, currency: 'USD' })).body.id as string;
  return { spaceId, admin, staff, stages, company, jane, home, product };
}

const moveTo = async (api: Api, id: string, stageId: string) => {
  const current = await api.get(`/opportunities/${id}`);
  return api.patch(`/opportunities/${id}`, { stageId }, ifMatch(current.headers.get('etag')));
};

describe('opportunities', () => {
  it('moves through the Space\'s stages with every change audited, and refuses to drop a stage in use', async () => {
    const { admin, staff, stages, company, jane } = await world();

    const created = await staff.post('/opportunities', { name: 'Pilot 2027', companyId: company, currency: 'usd', contactIds: [jane], expectedCloseDate: '2027-03-31' });
    const demo = await moveTo(staff, created.body.id, 'demo');
    const bogus = await moveTo(staff, created.body.id, 'proposal');
    const won = await moveTo(staff, created.body.id, 'closed-won');
    const dropDemo = await admin.put('/settings/opportunity-stages', { stages: [
      { id: 'lead', name: 'Lead', kind: 'open' }, { id: 'closed-won', name: 'Won', kind: 'won' }, { id: 'closed-lost', name: 'Lost', kind: 'lost' },
    ] }, ifMatch('"1"'));
    const dropWon = await admin.put('/settings/opportunity-stages', { stages: [
      { id: 'lead', name: 'Lead', kind: 'open' }, { id: 'demo', name: 'Demo', kind: 'open' }, { id: 'closed-lost', name: 'Lost', kind: 'lost' },
    ] }, ifMatch('"1"'));
    const trail = await admin.get(`/audit?entity=opportunity:${created.body.id}`);
    const inWon = await staff.get('/opportunities?stageId=closed-won');

    expect(stages.status).toBe(200);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ stageId: 'lead', stageKind: 'open', ownerId: 'staff-1', contactIds: [jane], amount: 0, currency: 'USD' });
    expect(demo.status).toBe(200);
    expect(bogus.status).toBe(400);
    expect(won.body).toMatchObject({ stageId: 'closed-won', stageKind: 'won', closedAt: expect.any(String) });
    expect(dropDemo.status).toBe(200);
    expect(dropWon.status).toBe(412);
    expect(trail.body.items.map((a: { action: string; changes?: { stageId?: unknown } }) => [a.action, a.changes?.stageId ?? null])).toEqual([
      ['update', { old: 'demo', new: 'closed-won' }], ['update', { old: 'lead', new: 'demo' }], ['create', null],
    ]);
    expect(inWon.body.items.map((o: { id: string }) => o.id)).toEqual([created.body.id]);
  });

  it('turns a won opportunity\'s quotation into one order, priced from the catalog', async () => {
    const { admin, staff, company, home, product } = await world();
    const opp = (await staff.post('/opportunities', { name: 'Widgets for the shop', companyId: company, currency: 'USD', contactIds: [home] })).body;

    const overridden = await staff.put(`/opportunities/${opp.id}/quotation`, { lines: [{ productId: product, quantity: 4, unitAmount: 900, priceOverride: { unitAmount: 900, reason: 'loyal customer' } }] }, ifMatch('"1"'));
    const quoted = await staff.put(`/opportunities/${opp.id}/quotation`, { lines: [{ productId: product, quantity: 4 }] }, ifMatch('"1"'));
    const early = await staff.post(`/opportunities/${opp.id}/order`, {});
    await moveTo(staff, opp.id, 'closed-won');
    const ordered = await staff.post(`/opportunities/${opp.id}/order`, {});
    const again = await staff.post(`/opportunities/${opp.id}/order`, {});
    const after = await staff.get(`/opportunities/${opp.id}`);
    const requote = await admin.put(`/opportunities/${opp.id}/quotation`, { lines: [{ productId: product, quantity: 1 }] }, ifMatch(after.headers.get('etag')));
    const homeOrders = await staff.get(`/contacts/${home}/orders`);

    expect(overridden.status).toBe(403);
    expect(quoted.status).toBe(200);
    expect(quoted.body.quotation).toMatchObject({ total: 4000, currency: 'USD', discountPct: 20, lines: [{ productId: product, quantity: 4, unitAmount: 1000, amount: 4000 }] });
    expect(quoted.body.amount).toBe(4000);
    expect(early.status).toBe(409);
    expect(early.body.reason).toBe('not-won');
    expect(ordered.status).toBe(201);
    expect(ordered.body).toMatchObject({ channel: 'crm_opportunity', opportunityId: opp.id, status: 'awaiting_payment', total: 4000, contactId: home, companyId: company, messageId: null });
    expect(ordered.body.checkoutUrl).toMatch(/^http/);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(ordered.body.id);
    expect(after.body).toMatchObject({ quotationOrderId: ordered.body.id, orderIds: [ordered.body.id] });
    expect(requote.status).toBe(409);
    expect(homeOrders.body.items.map((o: { id: string }) => o.id)).toEqual([ordered.body.id]);
  });

  it('follows company and contact merges', async () => {
    const { admin, staff, company, jane, home } = await world();
    const other = (await admin.post('/companies', { name: 'Northwind Ltd', domains: ['northwind-ltd.example'] })).body.id as string;
    const first = (await staff.post('/opportunities', { name: 'First', companyId: company, currency: 'USD', contactIds: [jane] })).body;
    const second = (await staff.post('/opportunities', { name: 'Second', companyId: other, currency: 'USD', contactIds: [home, jane] })).body;

    const companies = await admin.post('/companies/merge', { masterId: company, mergedIds: [other], preview: false });
    const contacts = await admin.post('/contacts/merge', { masterId: jane, mergedIds: [home], preview: false });

    const ofCompany = await staff.get(`/companies/${company}/opportunities`);
    const ofJane = await staff.get(`/contacts/${jane}/opportunities`);
    const moved = await staff.get(`/opportunities/${second.id}`);
    const edit = await staff.patch(`/opportunities/${second.id}`, { name: 'Second, renamed' }, ifMatch(moved.headers.get('etag')));
    expect(companies.status).toBe(200);
    expect(contacts.status).toBe(200);
    expect(ofCompany.body.items.map((o: { id: string }) => o.id).sort()).toEqual([first.id, second.id].sort());
    expect((await staff.get(`/companies/${other}/opportunities`)).body.items).toEqual([]);
    expect(moved.body).toMatchObject({ companyId: company, contactIds: [jane] });
    expect(ofJane.body.items.map((o: { id: string }) => o.id).sort()).toEqual([first.id, second.id].sort());
    expect((await staff.get(`/contacts/${home}/opportunities`)).body.items).toEqual([]);
    expect(edit.status).toBe(200);
    expect(edit.body.contactIds).toEqual([jane]);
  });
});
