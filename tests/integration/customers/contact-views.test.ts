import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

beforeAll(() => { useLocalStackEnv(); });

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const names = async (api: Api, query: string): Promise<string[]> => {
  const reply = await api.get(`/contacts?${query}`);
  expect(reply.status, `${query}: ${JSON.stringify(reply.body)}`).toBe(200);
  return (reply.body.items as { name: string }[]).map((c) => c.name);
};
const post = async (api: Api, path: string, body: Record<string, unknown>) => {
  const reply = await api.post(path, body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { id: string; version: number };
};
const call = async (api: Api, contactId: string, at: string) =>
  expect((await api.post('/activities', { type: 'call', subject: 'Catch-up', at, contactIds: [contactId] })).status).toBe(201);

describe('contact views', () => {
  it('filters by status, tier of the company, tag, role, level, creation month and dormancy, most recent activity first', async () => {
    const api = apiAs(newSpaceId(), 'admin');
    const keystone = await post(api, '/companies', { name: 'Keystone', tier: 'key_account' });
    const jane = await post(api, '/contacts', { name: 'Jane', companyId: keystone.id, roles: ['decision_maker'], level: 'C-Level', tags: ['vip'] });
    const quiet = await post(api, '/contacts', { name: 'Quentin', status: 'potential', tags: ['Retail'] });
    await post(api, '/contacts', { name: 'Dora', status: 'dormant' });
    await call(api, jane.id, daysAgo(0.01));
    await call(api, quiet.id, daysAgo(40));

    expect(await names(api, 'tier=key_account')).toEqual(['Jane']);
    expect(await names(api, 'role=decision_maker')).toEqual(['Jane']);
    expect(await names(api, 'level=c-level')).toEqual(['Jane']);
    expect(await names(api, 'tag=retail')).toEqual(['Quentin']);
    expect(await names(api, 'status=potential')).toEqual(['Quentin']);
    expect(await names(api, 'status=dormant')).toEqual(['Dora']);
    expect(await names(api, 'dormantDays=30')).toEqual(['Quentin']);
    // Listed by the UTC day of the last activity: Quentin's call 40 days ago puts him last.
    expect((await names(api, 'sort=lastActivityAt')).at(-1)).toBe('Quentin');
    expect((await names(api, 'createdSince=this_month')).sort()).toEqual(['Dora', 'Jane', 'Quentin']);
    expect(await names(api, 'segment=active')).toEqual([]);
  });

  it('follows changes: a company losing key-account tier, a tag change, an archive, new activity', async () => {
    const api = apiAs(newSpaceId(), 'admin');
    const keystone = await post(api, '/companies', { name: 'Keystone', tier: 'key_account' });
    const jane = await post(api, '/contacts', { name: 'Jane', companyId: keystone.id });
    const quiet = await post(api, '/contacts', { name: 'Quentin', tags: ['retail'] });
    await call(api, quiet.id, daysAgo(40));
    expect(await names(api, 'tier=key_account')).toEqual(['Jane']);

    expect((await api.patch(`/companies/${keystone.id}`, { tier: 'normal' }, { headers: { 'if-match': '"1"' } })).status).toBe(200);
    expect((await api.patch(`/contacts/${quiet.id}`, { tags: ['vip'] }, { headers: { 'if-match': `"${quiet.version}"` } })).status).toBe(200);
    await call(api, quiet.id, daysAgo(0.01));
    expect((await api.delete(`/contacts/${jane.id}`)).status).toBe(200);

    expect(await names(api, 'tier=key_account')).toEqual([]);
    expect(await names(api, 'tier=normal')).toEqual([]);
    expect(await names(api, 'tag=retail')).toEqual([]);
    expect(await names(api, 'tag=vip')).toEqual(['Quentin']);
    expect(await names(api, 'dormantDays=30')).toEqual([]);
  });

  it('refuses view-only filters with a name prefix and a date range with the view, naming the field', async () => {
    const api = apiAs(newSpaceId(), 'admin');

    const withQ = await api.get('/contacts?role=technical&q=jan');
    const withRange = await api.get('/contacts?tag=vip&createdSince=2026-01-01');

    expect(withQ.status).toBe(400);
    expect(withQ.body.errors[0].pointer).toBe('#/role');
    expect(withRange.status).toBe(400);
    expect(withRange.body.errors[0].pointer).toBe('#/createdSince');
  });
});

describe('owners', () => {
  it('sets an owner who is a staff user of the Space, filters by it on contacts and companies, and refuses a stranger', async () => {
    const space = newSpaceId();
    const admin = apiAs(space, 'admin');
    const sam = apiAs(space, 'staff', 'user-sam');
    expect((await sam.get('/contacts')).status).toBe(200);
    const mine = await post(admin, '/contacts', { name: 'Mia', ownerId: 'user-sam' });
    await post(admin, '/contacts', { name: 'Theo' });
    const acme = await post(admin, '/companies', { name: 'Acme' });

    const stranger = await admin.post('/contacts', { name: 'Xena', ownerId: 'user-nobody' });
    const patched = await admin.patch(`/companies/${acme.id}`, { ownerId: 'user-sam' }, { headers: { 'if-match': '"1"' } });
    const cleared = await admin.patch(`/contacts/${mine.id}`, { ownerId: null }, { headers: { 'if-match': '"1"' } });

    expect(stranger.status).toBe(400);
    expect(stranger.body.errors[0].pointer).toBe('#/ownerId');
    expect(patched.status).toBe(200);
    expect(patched.body.ownerId).toBe('user-sam');
    expect(await (async () => (await admin.get('/companies?ownerId=user-sam')).body.items.map((c: { name: string }) => c.name))()).toEqual(['Acme']);
    expect(cleared.status).toBe(200);
    expect(cleared.body.ownerId).toBeUndefined();
    expect(await names(admin, 'ownerId=user-sam')).toEqual([]);
  });

  it('lists a contact under its owner until the owner changes', async () => {
    const space = newSpaceId();
    const admin = apiAs(space, 'admin');
    expect((await apiAs(space, 'staff', 'user-ann').get('/contacts')).status).toBe(200);
    await post(admin, '/contacts', { name: 'Mia', ownerId: 'user-ann' });
    await post(admin, '/contacts', { name: 'Theo' });

    expect(await names(admin, 'ownerId=user-ann')).toEqual(['Mia']);
  });
});

describe('a merge confirmed through a merge request', () => {
  it('lists the master company under the tags it gained and drops the merged one', async () => {
    const space = newSpaceId();
    const admin = apiAs(space, 'admin');
    const staff = apiAs(space, 'staff', 'user-proposer');
    const master = await post(admin, '/companies', { name: 'Northwind' });
    const dup = await post(admin, '/companies', { name: 'Northwind Ltd', tags: ['imported'] });
    const request = await post(staff, '/merge-requests', { entity: 'company', masterId: master.id, mergedIds: [dup.id] });

    const confirmed = await admin.post(`/merge-requests/${request.id}/confirm`, {});
    const tagged = await admin.get('/companies?tag=imported');

    expect(confirmed.status).toBe(200);
    expect(tagged.body.items.map((c: { id: string }) => c.id)).toEqual([master.id]);
  });

  it('lists the master contact under the roles it gained', async () => {
    const space = newSpaceId();
    const admin = apiAs(space, 'admin');
    const master = await post(admin, '/contacts', { name: 'Jane', emails: ['jane@x.example'] });
    const dup = await post(admin, '/contacts', { name: 'Jane D.', emails: ['jd@x.example'], roles: ['technical'] });
    const request = await post(admin, '/merge-requests', { entity: 'contact', masterId: master.id, mergedIds: [dup.id] });

    expect((await admin.post(`/merge-requests/${request.id}/confirm`, {})).status).toBe(200);

    expect(await names(admin, 'role=technical')).toEqual(['Jane']);
  });
});
