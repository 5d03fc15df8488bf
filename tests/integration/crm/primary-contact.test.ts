import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

beforeAll(() => { useLocalStackEnv(); });

const ifMatch = (version: number) => ({ headers: { 'if-match': `"${version}"` } });
const primariesOf = async (api: Api, companyId: string) =>
  ((await api.get(`/contacts?companyId=${companyId}&limit=100`)).body.items as { id: string; primaryContact: boolean }[]).filter((c) => c.primaryContact).map((c) => c.id);

describe('one primary contact per company', () => {
  it('refuses a second primary contact on create and on change, and frees the place when the first steps down or is archived', async () => {
    const api = apiAs(newSpaceId(), 'admin');
    const company = (await api.post('/companies', { name: 'Northwind' })).body.id as string;
    const jane = await api.post('/contacts', { name: 'Jane', emails: ['jane@northwind.example'], companyId: company, primaryContact: true });
    const bob = await api.post('/contacts', { name: 'Bob', emails: ['bob@northwind.example'], companyId: company });
    expect([jane.status, bob.status]).toEqual([201, 201]);

    const second = await api.post('/contacts', { name: 'Eve', emails: ['eve@northwind.example'], companyId: company, primaryContact: true });
    const promote = await api.patch(`/contacts/${bob.body.id}`, { primaryContact: true }, ifMatch(bob.body.version));

    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: expect.stringContaining('primary-contact-taken'), existingId: jane.body.id, companyId: company });
    expect(promote.status).toBe(409);
    expect(await primariesOf(api, company)).toEqual([jane.body.id]);

    expect((await api.patch(`/contacts/${jane.body.id}`, { primaryContact: false }, ifMatch(jane.body.version))).status).toBe(200);
    const bobPrimary = await api.patch(`/contacts/${bob.body.id}`, { primaryContact: true }, ifMatch(bob.body.version));
    expect(bobPrimary.status).toBe(200);
    expect((await api.delete(`/contacts/${bob.body.id}`)).status).toBe(200);
    const eve = await api.post('/contacts', { name: 'Eve', emails: ['eve@northwind.example'], companyId: company, primaryContact: true });

    expect(eve.status).toBe(201);
    expect(await primariesOf(api, company)).toEqual([eve.body.id]);
  });

  it('lets 10 concurrent promotions in one company make exactly one primary contact', async () => {
    const api = apiAs(newSpaceId(), 'admin');
    const company = (await api.post('/companies', { name: 'Contoso' })).body.id as string;
    const people = [];
    for (let i = 0; i < 10; i++) people.push((await api.post('/contacts', { name: `P${i}`, emails: [`p${i}@contoso.example`], companyId: company })).body);

    const replies = await Promise.all(people.map((p) => api.patch(`/contacts/${p.id}`, { primaryContact: true }, ifMatch(p.version))));

    expect(replies.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    expect(await primariesOf(api, company)).toHaveLength(1);
  });
});
