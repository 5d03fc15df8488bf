import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { aCompanyBody, aContactBody } from '../../support/builders.js';

describe('contacts over HTTP', () => {
  it('creates a contact and reads it back with an ETag', async () => {
    const api = apiAs(newSpaceId());

    const created = await api.post('/contacts', aContactBody({ name: 'Émile 🚀 Zola', emails: ['Emile@Zola.EXAMPLE'], tags: ['VIP'] }));
    const read = await api.get(`/contacts/${created.body.id}`);

    expect(created.status).toBe(201);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toMatchObject({ name: 'Émile 🚀 Zola', emails: ['emile@zola.example'], primaryEmail: 'emile@zola.example', tags: ['vip'], version: 1 });
  });

  it('refuses a second contact with the same email in another case and names the existing one', async () => {
    const api = apiAs(newSpaceId());
    const first = await api.post('/contacts', aContactBody({ emails: ['ann@shop.example'] }));

    const second = await api.post('/contacts', aContactBody({ emails: ['ANN@Shop.Example'] }));

    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    expect(second.body).toMatchObject({ status: 409, existingId: first.body.id });
    expect(second.body.type).toMatch(/duplicate-email$/);
  });

  it('creates exactly one contact when 20 requests race for one address (D1)', async () => {
    const api = apiAs(newSpaceId());
    const spellings = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'Race@Example.COM' : 'race@example.com'));

    const replies = await Promise.all(spellings.map((email) => api.post('/contacts', aContactBody({ emails: [email] }))));

    const created = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 409);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(19);
    expect(new Set(refused.map((r) => r.body.existingId))).toEqual(new Set([created[0]?.body.id]));
    const list = await api.get('/contacts?q=race@example.com');
    expect(list.body.items).toHaveLength(1);
  });

  it('patches with If-Match, refuses a stale version with 412 and a missing one with 428', async () => {
    const api = apiAs(newSpaceId());
    const { body: c } = await api.post('/contacts', aContactBody());

    const ok = await api.patch(`/contacts/${c.id}`, { level: 'gold', customFields: { wholesale_discount_pct: 12.5 } }, { headers: { 'if-match': '"1"' } });
    const stale = await api.patch(`/contacts/${c.id}`, { level: 'silver' }, { headers: { 'if-match': '"1"' } });
    const missing = await api.patch(`/contacts/${c.id}`, { level: 'silver' });

    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(ok.body).toMatchObject({ level: 'gold', customFields: { wholesale_discount_pct: 12.5 }, version: 2 });
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(2);
    expect(missing.status).toBe(428);
    expect((await api.get(`/contacts/${c.id}`)).body.level).toBe('gold');
  });

  it('lets only one of two concurrent patches on the same version win (D4)', async () => {
    const api = apiAs(newSpaceId());
    const { body: c } = await api.post('/contacts', aContactBody());

    const replies = await Promise.all(['a', 'b'].map((level) => api.patch(`/contacts/${c.id}`, { level }, { headers: { 'if-match': '"1"' } })));

    expect(replies.map((r) => r.status).sort()).toEqual([200, 412]);
    expect((await api.get(`/contacts/${c.id}`)).body.version).toBe(2);
  });

  it('moves the email reservation when a patch changes the address', async () => {
    const api = apiAs(newSpaceId());
    const { body: c } = await api.post('/contacts', aContactBody({ emails: ['old@move.example'] }));

    await api.patch(`/contacts/${c.id}`, { emails: ['new@move.example'] }, { headers: { 'if-match': '"1"' } });
    const reuseOld = await api.post('/contacts', aContactBody({ emails: ['old@move.example'] }));
    const takeNew = await api.post('/contacts', aContactBody({ emails: ['new@move.example'] }));

    expect(reuseOld.status).toBe(201);
    expect(takeNew.status).toBe(409);
    expect(takeNew.body.existingId).toBe(c.id);
  });

  it('archives and restores a contact, keeping its email reserved meanwhile', async () => {
    const api = apiAs(newSpaceId());
    const { body: c } = await api.post('/contacts', aContactBody({ emails: ['kept@arch.example'], status: 'potential' }));

    const archived = await api.delete(`/contacts/${c.id}`);
    const duplicate = await api.post('/contacts', aContactBody({ emails: ['kept@arch.example'] }));
    const liveList = await api.get('/contacts');
    const archivedList = await api.get('/contacts?status=archived');
    const restored = await api.post(`/contacts/${c.id}/restore`);

    expect(archived.body.status).toBe('archived');
    expect(duplicate.body.existingId).toBe(c.id);
    expect(liveList.body.items).toHaveLength(0);
    expect(archivedList.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(restored).toMatchObject({ status: 200, body: { status: 'potential', version: 3 } });
  });

  it('suggests the company owning the email domain, never for free-mail addresses', async () => {
    const api = apiAs(newSpaceId());
    const { body: company } = await api.post('/companies', aCompanyBody({ domains: ['https://www.Widgets.example/about'] }));

    const work = await api.post('/contacts', aContactBody({ emails: ['bob@widgets.example'] }));
    const gmail = await api.post('/contacts', aContactBody({ emails: ['bob.widgets@gmail.com'] }));

    expect(work.body.suggestedCompanyId).toBe(company.id);
    expect(gmail.body.suggestedCompanyId).toBeUndefined();
  });

  it('links a contact to a company of the Space and refuses an unknown company id', async () => {
    const api = apiAs(newSpaceId());
    const { body: company } = await api.post('/companies', aCompanyBody({ name: 'Globex' }));

    const linked = await api.post('/contacts', aContactBody({ companyId: company.id }));
    const unknown = await api.post('/contacts', aContactBody({ companyId: ulid() }));
    const members = await api.get(`/contacts?companyId=${company.id}`);

    expect(linked.status).toBe(201);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ pointer: '#/companyId', detail: 'no such company' }]);
    expect(members.body.items.map((c: { id: string }) => c.id)).toEqual([linked.body.id]);
  });
});
