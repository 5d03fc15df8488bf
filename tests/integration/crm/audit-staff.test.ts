import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { aContactBody } from '../../support/builders.js';

describe('audit trail and staff list', () => {
  it('records create, field changes, archive and restore newest first', async () => {
    const api = apiAs(newSpaceId());
    const { body: c } = await api.post('/contacts', aContactBody({ name: 'Old Name' }));
    await api.patch(`/contacts/${c.id}`, { name: 'New Name' }, { headers: { 'if-match': '"1"' } });
    await api.delete(`/contacts/${c.id}`);
    await api.post(`/contacts/${c.id}/restore`);

    const { body } = await api.get(`/audit?entity=contact:${c.id}`);
    const page = await api.get(`/audit?entity=contact&id=${c.id}&limit=2`);

    expect(body.items.map((a: { action: string }) => a.action)).toEqual(['restore', 'archive', 'update', 'create']);
    expect(body.items[2]).toMatchObject({ entity: 'contact', entityId: c.id, userId: expect.any(String), requestId: expect.any(String), changes: { name: { old: 'Old Name', new: 'New Name' } } });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });

  it('lists every caller once in the staff list, for admins only', async () => {
    const space = newSpaceId();
    const admin = apiAs(space, 'admin', 'alice');
    const staff = apiAs(space, 'staff', 'bob');
    await staff.get('/contacts');
    await staff.get('/contacts');

    const list = await admin.get('/staff');
    const refused = await staff.get('/staff');

    expect(list.body.items.map((s: { userId: string; role: string }) => [s.userId, s.role]).sort()).toEqual([['alice', 'admin'], ['bob', 'staff']]);
    expect(refused.status).toBe(403);
  });
});
