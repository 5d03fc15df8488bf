import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { aCompanyBody, aContactBody } from '../../support/builders.js';

const pointers = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer);

describe('bad input to the CRM routes', () => {
  it.each([
    ['an unknown field', { name: 'A', spaceId: 'other' }, '#/spaceId'],
    ['a wrong type', { name: 42 }, '#/name'],
    ['an invalid email', { name: 'A', emails: ['not-an-email'] }, '#/emails/0'],
    ['an email with a bad domain', { name: 'A', emails: ['a@-bad-.example'] }, '#/emails/0'],
    ['1,000 tags', { name: 'A', tags: Array.from({ length: 1000 }, (_, i) => `t${i}`) }, '#/tags'],
    ['an unknown custom field', { name: 'A', customFields: { shoe_size: 44 } }, '#/customFields/shoe_size'],
    ['a discount above 100', { name: 'A', customFields: { wholesale_discount_pct: 101 } }, '#/customFields/wholesale_discount_pct'],
    ['an unknown role tag', { name: 'A', roles: ['boss'] }, '#/roles/0'],
    ['an empty name', { name: '  ' }, '#/name'],
  ])('refuses %s with a 400 naming the field and writes nothing', async (_case, body, pointer) => {
    const api = apiAs(newSpaceId());

    const reply = await api.post('/contacts', body);

    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(pointers(reply.body)).toContain(pointer);
    expect((await api.get('/contacts')).body.items).toEqual([]);
  });

  it('accepts IDN domains and stores them in ASCII', async () => {
    const api = apiAs(newSpaceId());

    const company = await api.post('/companies', aCompanyBody({ domains: ['https://www.Bücher.example/shop?x=1'] }));
    const contact = await api.post('/contacts', aContactBody({ emails: ['Jörg@Bücher.example'] }));

    expect(company.body.domains).toEqual(['xn--bcher-kva.example']);
    expect(contact.body.emails).toEqual(['jörg@xn--bcher-kva.example']);
    expect(contact.body.suggestedCompanyId).toBe(company.body.id);
  });

  it('refuses an invalid domain and names it', async () => {
    const api = apiAs(newSpaceId());

    const reply = await api.post('/companies', aCompanyBody({ domains: ['ok.example', 'no spaces.example'] }));

    expect(reply.status).toBe(400);
    expect(pointers(reply.body)).toEqual(['#/domains/1']);
  });

  it('answers a 10 MB body with 413 problem+json', async () => {
    const api = apiAs(newSpaceId());

    const reply = await api.post('/contacts', JSON.stringify({ name: 'A', notes: 'x'.repeat(10 * 1024 * 1024) }));

    expect(reply.status).toBe(413);
    expect((await api.get('/contacts')).body.items).toEqual([]);
  });

  it('refuses a q longer than 256 characters and clamps a huge limit', async () => {
    const api = apiAs(newSpaceId());

    const longQ = await api.get(`/contacts?q=${'a'.repeat(257)}`);
    const hugeLimit = await api.get('/contacts?limit=1000000');

    expect(longQ.status).toBe(400);
    expect(pointers(longQ.body)).toEqual(['#/q']);
    expect(hugeLimit.status).toBe(200);
  });

  it('refuses a tampered or foreign cursor with 400 invalid-cursor', async () => {
    const a = apiAs(newSpaceId());
    const b = apiAs(newSpaceId());
    for (let i = 0; i < 3; i++) await a.post('/contacts', aContactBody({ name: `Person ${i}` }));
    const { body: page } = await a.get('/contacts?limit=1');

    const foreign = await b.get(`/contacts?cursor=${encodeURIComponent(page.nextCursor)}`);
    const flipped = await a.get(`/contacts?cursor=${encodeURIComponent(`x${page.nextCursor.slice(1)}`)}`);

    expect(page.nextCursor).toEqual(expect.any(String));
    expect(foreign.status).toBe(400);
    expect(foreign.body.type).toMatch(/invalid-cursor$/);
    expect(flipped.status).toBe(400);
  });

  it('refuses a merge by a staff member with 403 and changes nothing', async () => {
    const space = newSpaceId();
    const admin = apiAs(space);
    const staff = apiAs(space, 'staff');
    const { body: a } = await admin.post('/contacts', aContactBody());
    const { body: b } = await admin.post('/contacts', aContactBody());

    const reply = await staff.post('/contacts/merge', { masterId: a.id, mergedIds: [b.id], preview: false });

    expect(reply.status).toBe(403);
    expect((await admin.get(`/contacts/${b.id}`)).body.status).toBe('active');
  });
});
