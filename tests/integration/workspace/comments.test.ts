import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';

describe('comments', () => {
  it('comments on contacts, companies and opportunities, tells mentioned staff, and audits edits and deletes', async () => {
    const spaceId = newSpaceId();
    const admin = apiAs(spaceId, 'admin', 'boss');
    const ann = apiAs(spaceId, 'staff', 'ann');
    const bob = apiAs(spaceId, 'staff', 'bob');
    await bob.get('/me/mentions');
    const company = (await admin.post('/companies', { name: 'Northwind', domains: ['northwind.example'] })).body.id as string;
    const jane = (await admin.post('/contacts', { name: 'Jane', emails: ['jane@northwind.example'], companyId: company })).body.id as string;
    const deal = (await admin.post('/opportunities', { name: 'Pilot', companyId: company, currency: 'EUR' })).body.id as string;

    const onJane = await ann.post('/comments', { target: { kind: 'contact', id: jane }, body: '@bob can you call her back?\nShe asked twice.', mentions: ['bob'] });
    const onCompany = await ann.post('/comments', { target: { kind: 'company', id: company }, body: 'Key account from Q3' });
    const onDeal = await admin.post('/comments', { target: { kind: 'opportunity', id: deal }, body: 'Pricing approved', mentions: ['ann', 'bob'] });
    const ghost = await ann.post('/comments', { target: { kind: 'contact', id: jane }, body: 'hi', mentions: ['nobody'] });
    const missing = await ann.post('/comments', { target: { kind: 'opportunity', id: 'nope' }, body: 'hi' });
    const bobsMentions = await bob.get('/me/mentions');
    const byBob = await bob.patch(`/comments/${onJane.body.id}`, { body: 'mine now' }, { headers: { 'if-match': '"1"' } });
    const edited = await ann.patch(`/comments/${onJane.body.id}`, { body: 'Call her back, please', mentions: [] }, { headers: { 'if-match': '"1"' } });
    const bobAfterEdit = await bob.get('/me/mentions');
    const deleteByBob = await bob.delete(`/comments/${onCompany.body.id}`);
    const deleteByAdmin = await admin.delete(`/comments/${onCompany.body.id}`);
    const trail = await admin.get(`/audit?entity=comment:${onJane.body.id}`);

    expect([onJane.status, onCompany.status, onDeal.status]).toEqual([201, 201, 201]);
    expect(ghost.status).toBe(400);
    expect(ghost.body.errors[0].pointer).toBe('#/mentions/0');
    expect(missing.status).toBe(400);
    expect(bobsMentions.body.items.map((c: { id: string }) => c.id)).toEqual([onDeal.body.id, onJane.body.id]);
    expect(byBob.status).toBe(403);
    expect(edited.status).toBe(200);
    expect(bobAfterEdit.body.items.map((c: { id: string }) => c.id)).toEqual([onDeal.body.id]);
    expect(deleteByBob.status).toBe(403);
    expect(deleteByAdmin.status).toBe(204);
    expect((await admin.get(`/companies/${company}/comments`)).body.items).toEqual([]);
    expect((await admin.get(`/contacts/${jane}/comments`)).body.items.map((c: { body: string }) => c.body)).toEqual(['Call her back, please']);
    expect((await admin.get(`/opportunities/${deal}/comments`)).body.items[0]).toMatchObject({ body: 'Pricing approved', mentions: ['ann', 'bob'], authorId: 'boss' });
    expect(trail.body.items.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(trail.body.items[0].changes).toMatchObject({ body: { new: 'Call her back, please' }, mentions: { old: ['bob'], new: [] } });
  });

  it('moves a merged contact\'s comments to the master', async () => {
    const admin = apiAs(newSpaceId(), 'admin');
    const master = (await admin.post('/contacts', { name: 'Jane', emails: ['jane@a.example'] })).body.id as string;
    const dup = (await admin.post('/contacts', { name: 'Jane B', emails: ['jane@b.example'] })).body.id as string;
    const comment = (await admin.post('/comments', { target: { kind: 'contact', id: dup }, body: 'Prefers mornings' })).body;

    const merged = await admin.post('/contacts/merge', { masterId: master, mergedIds: [dup], preview: false });

    expect(merged.status).toBe(200);
    expect((await admin.get(`/contacts/${master}/comments`)).body.items).toEqual([expect.objectContaining({ id: comment.id, target: { kind: 'contact', id: master } })]);
    expect((await admin.get(`/contacts/${dup}/comments`)).body.items).toEqual([]);
  });
});
