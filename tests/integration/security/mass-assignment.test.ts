import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { aContactBody } from '../../support/builders.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const pointers = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer).sort();

describe('the Space comes from the token only (A2)', () => {
  it('refuses a spaceId in the query or body and ignores an x-space-id header', async () => {
    useLocalStackEnv();
    const spaceA = newSpaceId();
    const a = apiAs(spaceA);
    const b = apiAs(newSpaceId());
    await a.post('/contacts', aContactBody({ name: 'Mass Assign Target' }));

    const viaQuery = await b.get(`/contacts?spaceId=${spaceA}`);
    const viaBody = await b.post('/contacts', aContactBody({ name: 'Planted', spaceId: spaceA }));
    const viaHeader = await b.get('/contacts', { headers: { 'x-space-id': spaceA } });
    const createdViaHeader = await b.post('/contacts', aContactBody({ name: 'Header Planted' }), { headers: { 'x-space-id': spaceA } });

    expect(viaQuery.status).toBe(400);
    expect(pointers(viaQuery.body)).toEqual(['#/spaceId']);
    expect(viaBody.status).toBe(400);
    expect(pointers(viaBody.body)).toEqual(['#/spaceId']);
    expect(viaHeader.body.items).toEqual([]);
    expect(createdViaHeader.status).toBe(201);
    const inA = (await a.get('/contacts')).body.items.map((c: { name: string }) => c.name);
    expect(inA).toEqual(['Mass Assign Target']);
    expect((await b.get(`/contacts/${createdViaHeader.body.id}`)).status).toBe(200);
  });

  it('refuses a PATCH that sets spaceId, id, createdAt or version and names each field', async () => {
    const spaceA = newSpaceId();
    const a = apiAs(spaceA);
    const created = await a.post('/contacts', aContactBody({ name: 'Kept In A' }));

    const reply = await a.patch(`/contacts/${created.body.id}`,
      { name: 'Renamed', spaceId: newSpaceId(), id: 'forged-id', createdAt: '2000-01-01T00:00:00Z', version: 99 },
      { headers: { 'if-match': created.headers.get('etag') ?? '"1"' } });

    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(pointers(reply.body)).toEqual(['#/createdAt', '#/id', '#/spaceId', '#/version']);
    const after = await a.get(`/contacts/${created.body.id}`);
    expect(after.body).toMatchObject({ id: created.body.id, name: 'Kept In A', createdAt: created.body.createdAt });
    expect(after.headers.get('etag')).toBe(created.headers.get('etag'));
  });
});
