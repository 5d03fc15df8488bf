import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { sortableNumber } from '../../../shared/domain/custom-fields/field-index.js';
import { createFieldIndexStore } from '../../../shared/store/field-index-store.js';
import { aCompanyBody, aContactBody } from '../../support/builders.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const defineField = async (api: Api, body: Record<string, unknown>) => {
  const res = await api.post('/settings/custom-fields', { entity: 'contact', label: String(body.key), ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
};

/** Every page of a list, following nextCursor. */
async function listAll(api: Api, path: string, limit = 2): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map((i: { id: string }) => i.id));
    pages.push(res.body.items.length);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { ids, pages };
}

describe('custom fields per Space', () => {
  it('lets only admins define fields and lists them after the built-ins', async () => {
    const space = newSpaceId();
    const admin = apiAs(space);

    const staffTry = await apiAs(space, 'staff').post('/settings/custom-fields', { entity: 'contact', key: 'x', label: 'X', type: 'text' });
    const field = await defineField(admin, { key: 'shoe_size', type: 'number', integer: true, min: 30, max: 50, filterable: true });
    const list = await admin.get('/settings/custom-fields?entity=contact&limit=100');

    expect(staffTry.status).toBe(403);
    expect(list.body.items.map((f: { id: string }) => f.id)).toEqual([
      'wholesale_discount_pct', 'payment_terms_days', 'vat_id', 'customer_number', 'newsletter', field.id,
    ]);
    expect(list.body.items[0]).toMatchObject({ builtIn: true, entity: 'contact', type: 'number', max: 100 });
  });

  it('refuses a definition that contradicts itself or takes a built-in name, naming the property', async () => {
    const admin = apiAs(newSpaceId());

    const cases = await Promise.all([
      admin.post('/settings/custom-fields', { entity: 'contact', key: 'tier', label: 'Tier', type: 'single_select' }),
      admin.post('/settings/custom-fields', { entity: 'contact', key: 'value', label: 'Value', type: 'money' }),
      admin.post('/settings/custom-fields', { entity: 'contact', key: 'vat_id', label: 'VAT', type: 'text' }),
    ]);

    expect(cases.map((c) => c.status)).toEqual([400, 400, 400]);
    expect(cases.map((c) => c.body.errors[0].pointer)).toEqual(['#/options', '#/currency', '#/key']);
  });

  it('validates values against the definition on create and PATCH and keeps them under the field id', async () => {
    const admin = apiAs(newSpaceId());
    const size = await defineField(admin, { key: 'shoe_size', type: 'number', integer: true, min: 30, max: 50 });
    const tier = await defineField(admin, { key: 'tier', type: 'single_select', options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] });

    const bad = await admin.post('/contacts', aContactBody({ customFields: { [size.id]: 29.5, [tier.id]: 'platinum' } }));
    const good = await admin.post('/contacts', aContactBody({ customFields: { [size.id]: 42, [tier.id]: 'gold', wholesale_discount_pct: 5 } }));
    const patched = await admin.patch(`/contacts/${good.body.id}`, { customFields: { [size.id]: 44, [tier.id]: null } }, { headers: { 'if-match': '"1"' } });
    const badPatch = await admin.patch(`/contacts/${good.body.id}`, { customFields: { [size.id]: 'big' } }, { headers: { 'if-match': '"2"' } });

    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([`#/customFields/${size.id}`, `#/customFields/${tier.id}`]);
    expect(good.status).toBe(201);
    expect(patched.body.customFields).toEqual({ [size.id]: 44, wholesale_discount_pct: 5 });
    expect(badPatch.status).toBe(400);
    expect((await admin.get(`/contacts/${good.body.id}`)).body.customFields).toEqual({ [size.id]: 44, wholesale_discount_pct: 5 });
  });

  it('filters contacts by a filterable field through its index, page by page with no short pages', async () => {
    const admin = apiAs(newSpaceId());
    const size = await defineField(admin, { key: 'shoe_size', type: 'number', filterable: true });
    const city = await defineField(admin, { key: 'city', type: 'text', filterable: true });
    const made: { id: string; size: number; city: string }[] = [];
    for (const [i, [s, c]] of ([[38, 'Berlin'], [42, 'Bern'], [42, 'berlin'], [44, 'Paris'], [40, 'BERLIN'], [45, 'Bergen'], [42, 'Rome']] as const).entries()) {
      const res = await admin.post('/contacts', aContactBody({ name: `C${i}`, customFields: { [size.id]: s, [city.id]: c } }));
      made.push({ id: res.body.id, size: s, city: c });
    }
    const idsWhere = (ok: (m: typeof made[number]) => boolean) => made.filter(ok).map((m) => m.id);

    const eq = await listAll(admin, `/contacts?field=${size.id}&eq=42`);
    const range = await listAll(admin, `/contacts?field=${size.id}&min=40&max=44`);
    const text = await listAll(admin, `/contacts?field=${city.id}&eq=berlin`);
    const prefix = await listAll(admin, `/contacts?field=${city.id}&startsWith=ber`);

    expect(eq.ids.sort()).toEqual(idsWhere((m) => m.size === 42).sort());
    expect(range.ids).toEqual(made.filter((m) => m.size >= 40 && m.size <= 44).sort((a, b) => a.size - b.size || (a.id < b.id ? -1 : 1)).map((m) => m.id));
    expect(text.ids.sort()).toEqual(idsWhere((m) => m.city.toLowerCase() === 'berlin').sort());
    expect(prefix.ids.sort()).toEqual(idsWhere((m) => m.city.toLowerCase().startsWith('ber')).sort());
    expect(range.pages.slice(0, -1).every((n) => n === 2)).toBe(true);
  });

  it('drops a contact from a filter once its value changes, even when a crash left the old entry behind', async () => {
    useLocalStackEnv();
    const space = newSpaceId();
    const admin = apiAs(space);
    const size = await defineField(admin, { key: 'shoe_size', type: 'number', filterable: true });
    const c = await admin.post('/contacts', aContactBody({ customFields: { [size.id]: 42 } }));

    await admin.patch(`/contacts/${c.body.id}`, { customFields: { [size.id]: 43 } }, { headers: { 'if-match': '"1"' } });
    // As if the function died after saving the contact, before removing the old entry.
    await createFieldIndexStore().putEntries(space, 'contact', c.body.id, [{ fieldId: size.id, enc: sortableNumber(42) }]);

    expect((await admin.get(`/contacts?field=${size.id}&eq=42`)).body.items).toEqual([]);
    expect((await admin.get(`/contacts?field=${size.id}&eq=43`)).body.items.map((i: { id: string }) => i.id)).toEqual([c.body.id]);
  });

  it('keeps an entry that a late cleanup from an older write would remove after a newer write put it back', async () => {
    useLocalStackEnv();
    const space = newSpaceId();
    const admin = apiAs(space);
    const size = await defineField(admin, { key: 'shoe_size', type: 'number', filterable: true });
    const c = await admin.post('/contacts', aContactBody({ customFields: { [size.id]: 42 } }));
    await admin.patch(`/contacts/${c.body.id}`, { customFields: { [size.id]: 43 } }, { headers: { 'if-match': '"1"' } });
    await admin.patch(`/contacts/${c.body.id}`, { customFields: { [size.id]: 42 } }, { headers: { 'if-match': '"2"' } });

    // The version-2 write's cleanup of 42, arriving only now (a slow or retried request).
    await createFieldIndexStore().deleteEntries(space, 'contact', c.body.id, [{ fieldId: size.id, enc: sortableNumber(42) }], 2);

    expect((await admin.get(`/contacts?field=${size.id}&eq=42`)).body.items.map((i: { id: string }) => i.id)).toEqual([c.body.id]);
  });

  it('refuses a filter on a field that is not filterable, an operator without field, and a clash with search', async () => {
    const admin = apiAs(newSpaceId());
    const notes = await defineField(admin, { key: 'notes2', type: 'text' });
    const size = await defineField(admin, { key: 'shoe_size', type: 'number', filterable: true });

    const replies = await Promise.all([
      admin.get(`/contacts?field=${notes.id}&eq=x`),
      admin.get('/contacts?eq=x'),
      admin.get(`/contacts?field=${size.id}&eq=1&q=ann`),
      admin.get(`/contacts?field=${size.id}&startsWith=1`),
    ]);

    expect(replies.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(replies.map((r) => r.body.errors[0].pointer)).toEqual(['#/field', '#/eq', '#/q', '#/startsWith']);
  });

  it('renames a field without losing a value, and the filter keeps finding it', async () => {
    const admin = apiAs(newSpaceId());
    const tier = await defineField(admin, { key: 'tier', type: 'single_select', filterable: true, options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] });
    const c = await admin.post('/contacts', aContactBody({ customFields: { [tier.id]: 'gold' } }));

    const renamed = await admin.patch(`/settings/custom-fields/${tier.id}`, { key: 'loyalty_tier', label: 'Loyalty tier', options: [{ key: 'gold', label: 'Gold ★' }, { key: 'silver', label: 'Silver' }] }, { headers: { 'if-match': '"1"' } });
    const stale = await admin.patch(`/settings/custom-fields/${tier.id}`, { label: 'Other' }, { headers: { 'if-match': '"1"' } });
    const dropOption = await admin.patch(`/settings/custom-fields/${tier.id}`, { options: [{ key: 'silver', label: 'Silver' }] }, { headers: { 'if-match': '"2"' } });
    const audit = await admin.get(`/audit?entity=custom_field:${tier.id}`);

    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: tier.id, key: 'loyalty_tier', label: 'Loyalty tier', version: 2 });
    expect(stale.status).toBe(412);
    expect(dropOption.status).toBe(400);
    expect(dropOption.body.errors[0].detail).toContain('gold');
    expect((await admin.get(`/contacts/${c.body.id}`)).body.customFields).toEqual({ [tier.id]: 'gold' });
    expect((await admin.get(`/contacts?field=${tier.id}&eq=gold`)).body.items.map((i: { id: string }) => i.id)).toEqual([c.body.id]);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
  });

  it('removes a field by archiving it: values stay readable and filterable, new values are refused, restore brings it back', async () => {
    const admin = apiAs(newSpaceId());
    const vip = await defineField(admin, { key: 'vip', type: 'bool', filterable: true });
    const c = await admin.post('/contacts', aContactBody({ customFields: { [vip.id]: true } }));

    const removed = await admin.delete(`/settings/custom-fields/${vip.id}`);
    const active = await admin.get('/settings/custom-fields?entity=contact');
    const archived = await admin.get('/settings/custom-fields?entity=contact&status=archived');
    const setAgain = await admin.post('/contacts', aContactBody({ customFields: { [vip.id]: false } }));
    const reuseKey = await admin.post('/settings/custom-fields', { entity: 'contact', key: 'vip', label: 'VIP 2', type: 'text' });
    const kept = await admin.get(`/contacts/${c.body.id}`);
    const found = await admin.get(`/contacts?field=${vip.id}&eq=true`);

    expect(removed.status).toBe(200);
    expect(removed.body.status).toBe('archived');
    expect(active.body.items.map((f: { id: string }) => f.id)).not.toContain(vip.id);
    expect(archived.body.items.map((f: { id: string }) => f.id)).toEqual([vip.id]);
    expect(setAgain.status).toBe(400);
    expect(setAgain.body.errors[0]).toMatchObject({ pointer: `#/customFields/${vip.id}` });
    expect(reuseKey.status).toBe(201);
    expect(kept.body.customFields).toEqual({ [vip.id]: true });
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([c.body.id]);

    const restoreWhileTaken = await admin.post(`/settings/custom-fields/${vip.id}/restore`);
    await admin.delete(`/settings/custom-fields/${reuseKey.body.id}`);
    const restored = await admin.post(`/settings/custom-fields/${vip.id}/restore`);
    const setAfterRestore = await admin.patch(`/contacts/${c.body.id}`, { customFields: { [vip.id]: false } }, { headers: { 'if-match': '"1"' } });

    expect(restoreWhileTaken.status).toBe(409);
    expect(restoreWhileTaken.body).toMatchObject({ existingId: reuseKey.body.id });
    expect(restoreWhileTaken.body.type).toMatch(/duplicate-field-key$/);
    expect(restored.status).toBe(200);
    expect(restored.body.status).toBe('active');
    expect(setAfterRestore.body.customFields).toEqual({ [vip.id]: false });
  });

  it('gives companies their own fields and filters, and keeps contact fields off them', async () => {
    const admin = apiAs(newSpaceId());
    const value = await defineField(admin, { entity: 'company', key: 'contract_value', type: 'money', currency: 'EUR', filterable: true });
    const renewal = await defineField(admin, { entity: 'company', key: 'renewal', type: 'date', filterable: true });
    const contactField = await defineField(admin, { key: 'shoe_size', type: 'number' });
    const small = await admin.post('/companies', aCompanyBody({ name: 'Small', customFields: { [value.id]: { amount: 5_000_00, currency: 'EUR' }, [renewal.id]: '2026-03-01' } }));
    const big = await admin.post('/companies', aCompanyBody({ name: 'Big', customFields: { [value.id]: { amount: 90_000_00, currency: 'EUR' }, [renewal.id]: '2026-09-01' } }));

    const wrongEntity = await admin.post('/companies', aCompanyBody({ name: 'X', customFields: { [contactField.id]: 40 } }));
    const wrongCurrency = await admin.post('/companies', aCompanyBody({ name: 'Y', customFields: { [value.id]: { amount: 1, currency: 'USD' } } }));
    const over = await admin.get(`/companies?field=${value.id}&min=1000000`);
    const renewSoon = await admin.get(`/companies?field=${renewal.id}&max=2026-06-30`);

    expect([small.status, big.status]).toEqual([201, 201]);
    expect(wrongEntity.status).toBe(400);
    expect(wrongCurrency.body.errors[0].pointer).toBe(`#/customFields/${value.id}/currency`);
    expect(over.body.items.map((i: { id: string }) => i.id)).toEqual([big.body.id]);
    expect(renewSoon.body.items.map((i: { id: string }) => i.id)).toEqual([small.body.id]);
  });

  it('moves filter entries to the master on merge, so the merged value is still found', async () => {
    const admin = apiAs(newSpaceId());
    const size = await defineField(admin, { key: 'shoe_size', type: 'number', filterable: true });
    const master = await admin.post('/contacts', aContactBody({ name: 'Ann', emails: ['ann@m.example'] }));
    const dup = await admin.post('/contacts', aContactBody({ name: 'Ann M', emails: ['ann.m@m.example'], customFields: { [size.id]: 39 } }));

    const preview = await admin.post('/contacts/merge', { masterId: master.body.id, mergedIds: [dup.body.id], preview: true });
    const merged = await admin.post('/contacts/merge', { masterId: master.body.id, mergedIds: [dup.body.id], preview: false });
    const found = await admin.get(`/contacts?field=${size.id}&eq=39`);

    expect(preview.body.moved['contact-field-index']).toBe(1);
    expect(merged.status).toBe(200);
    expect(merged.body.record.customFields).toEqual({ [size.id]: 39 });
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([master.body.id]);
  });

  it('moves a company\'s filter entries to the master company on merge', async () => {
    const admin = apiAs(newSpaceId());
    const region = await defineField(admin, { entity: 'company', key: 'sales_region', type: 'single_select', filterable: true, options: [{ key: 'north', label: 'North' }, { key: 'south', label: 'South' }] });
    const master = await admin.post('/companies', aCompanyBody({ name: 'Fabrikam' }));
    const dup = await admin.post('/companies', aCompanyBody({ name: 'Fabrikam GmbH', customFields: { [region.id]: 'north' } }));

    const merged = await admin.post('/companies/merge', { masterId: master.body.id, mergedIds: [dup.body.id], preview: false });
    const found = await admin.get(`/companies?field=${region.id}&eq=north`);

    expect(merged.status).toBe(200);
    expect(merged.body.moved['company-field-index']).toBe(1);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([master.body.id]);
  });
});
