import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { aCompanyBody, aProductBody } from '../../support/builders.js';

describe('companies and products over HTTP', () => {
  it('normalizes domains and refuses one owned by another company with its id', async () => {
    const api = apiAs(newSpaceId());
    const first = await api.post('/companies', aCompanyBody({ domains: ['HTTP://WWW.Initech.example:8080/a/b', 'initech.example'], tier: 'vip' }));

    const second = await api.post('/companies', aCompanyBody({ domains: ['initech.example'] }));

    expect(first.body).toMatchObject({ domains: ['initech.example'], tier: 'vip' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ existingId: first.body.id });
    expect(second.body.type).toMatch(/duplicate-domain$/);
  });

  it('frees a domain removed by a patch and lists companies by name prefix', async () => {
    const api = apiAs(newSpaceId());
    const { body: c } = await api.post('/companies', aCompanyBody({ name: 'Umbrella', domains: ['umbrella.example'] }));

    const patched = await api.patch(`/companies/${c.id}`, { domains: ['umbrella-corp.example'] }, { headers: { 'if-match': '"1"' } });
    const reuse = await api.post('/companies', aCompanyBody({ name: 'Other', domains: ['umbrella.example'] }));
    const list = await api.get('/companies?q=umb');

    expect(patched.body.domains).toEqual(['umbrella-corp.example']);
    expect(reuse.status).toBe(201);
    expect(list.body.items.map((x: { name: string }) => x.name)).toEqual(['Umbrella']);
  });

  it('stores skus upper-case, refuses a duplicate in another case and lists active products', async () => {
    const api = apiAs(newSpaceId());
    const widget = await api.post('/products', aProductBody({ sku: 'wid-1', aliases: ['widget one'] }));
    const dup = await api.post('/products', aProductBody({ sku: 'WID-1' }));
    const gadget = await api.post('/products', aProductBody({ sku: 'gad-1', currency: 'usd' }));

    const deactivated = await api.delete(`/products/${gadget.body.id}`);
    const active = await api.get('/products?active=true');
    const all = await api.get('/products');

    expect(widget.body).toMatchObject({ sku: 'WID-1', unitAmount: 1250, currency: 'EUR', active: true });
    expect(dup.status).toBe(409);
    expect(dup.body.existingId).toBe(widget.body.id);
    expect(deactivated.body.active).toBe(false);
    expect(active.body.items.map((p: { sku: string }) => p.sku)).toEqual(['WID-1']);
    expect(all.body.items.map((p: { sku: string }) => p.sku)).toEqual(['GAD-1', 'WID-1']);
  });

  it('refuses fractional amounts and unknown currencies', async () => {
    const api = apiAs(newSpaceId());

    const fractional = await api.post('/products', aProductBody({ unitAmount: 12.5 }));
    const currency = await api.post('/products', aProductBody({ currency: 'XXX' }));

    expect(fractional.body.errors[0].pointer).toBe('#/unitAmount');
    expect(currency.body.errors[0].pointer).toBe('#/currency');
  });

  it('lets only admins write the catalog', async () => {
    const staff = apiAs(newSpaceId(), 'staff');

    const reply = await staff.post('/products', aProductBody());

    expect(reply.status).toBe(403);
  });
});
