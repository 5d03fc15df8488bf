import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';

describe('merge requests', () => {
  it('lists what staff propose until an admin confirms (the merge runs) or someone cancels', async () => {
    const spaceId = newSpaceId();
    const admin = apiAs(spaceId, 'admin', 'boss');
    const ann = apiAs(spaceId, 'staff', 'ann');
    const bob = apiAs(spaceId, 'staff', 'bob');
    const master = (await admin.post('/contacts', { name: 'Jane', emails: ['jane@a.example'] })).body.id as string;
    const dup = (await admin.post('/contacts', { name: 'Jane B', emails: ['jane@b.example'] })).body.id as string;
    const other = (await admin.post('/contacts', { name: 'Jane C', emails: ['jane@c.example'] })).body.id as string;
    await admin.post('/activities', { type: 'call', subject: 'Call', at: new Date().toISOString(), contactIds: [dup] });

    const first = await ann.post('/merge-requests', { entity: 'contact', masterId: master, mergedIds: [dup], note: 'same person' });
    const second = await ann.post('/merge-requests', { entity: 'contact', masterId: master, mergedIds: [other] });
    const unknown = await ann.post('/merge-requests', { entity: 'contact', masterId: master, mergedIds: ['nope'] });
    const pending = await ann.get('/merge-requests');
    const byStaff = await ann.post(`/merge-requests/${first.body.id}/confirm`);
    const cancelByBob = await bob.post(`/merge-requests/${second.body.id}/cancel`);
    const confirmed = await admin.post(`/merge-requests/${first.body.id}/confirm`);
    const confirmedAgain = await admin.post(`/merge-requests/${first.body.id}/confirm`);
    const cancelled = await ann.post(`/merge-requests/${second.body.id}/cancel`);
    const confirmCancelled = await admin.post(`/merge-requests/${second.body.id}/confirm`);
    const cancelMerged = await admin.post(`/merge-requests/${first.body.id}/cancel`);

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'pending', proposedBy: 'ann', preview: { 'contact-activity': 1 } });
    expect(unknown.status).toBe(404);
    expect(pending.body.items.map((r: { id: string }) => r.id)).toEqual([second.body.id, first.body.id]);
    expect(byStaff.status).toBe(403);
    expect(cancelByBob.status).toBe(403);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'merged', decidedBy: 'boss', result: { masterId: master, mergedIds: [dup] } });
    expect(confirmedAgain.body.status).toBe('merged');
    expect((await admin.get(`/contacts/${dup}`)).body.mergedInto).toBe(master);
    expect((await admin.get(`/contacts/${master}/activity?type=call`)).body.items).toHaveLength(1);
    expect(cancelled.body.status).toBe('cancelled');
    expect(confirmCancelled.status).toBe(409);
    expect(cancelMerged.status).toBe(409);
    expect((await admin.get('/merge-requests')).body.items).toEqual([]);
    expect((await admin.get('/merge-requests?status=merged')).body.items.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
    expect((await admin.get('/merge-requests?status=cancelled')).body.items.map((r: { id: string }) => r.id)).toEqual([second.body.id]);
    expect((await admin.get(`/contacts/${other}`)).body.mergedInto).toBeUndefined();
  });
});
