import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mergeRecords } from '../../../shared/domain/contacts/merge-records.js';
import type { RelatedItemMover } from '../../../shared/domain/contacts/merge-ports.js';
import { batchWrite } from '../../../shared/store/batch.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { relatedPartition, spacePartition } from '../../../shared/store/keys.js';
import { contactMergeDeps } from '../../../shared/store/merge-store.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { aCompanyBody, aContactBody } from '../../support/builders.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

/** Items that follow a contact on merge, as the mail and order areas will write them. */
async function seedRelated(spaceId: string, contactId: string, count: number) {
  await batchWrite(defaultTable(), Array.from({ length: count }, (_, i) => ({
    pk: spacePartition(spaceId, 'thread', `t${i}`), sk: `link#${contactId}`, entity: 'test-link', v: 1, contactId,
    gsi2pk: relatedPartition(spaceId, 'contact', contactId), gsi2sk: `t${i}`,
  })));
}

async function relatedCount(spaceId: string, contactId: string) {
  const t = defaultTable();
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(new QueryCommand({ TableName: t.table, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': relatedPartition(spaceId, 'contact', contactId) }, Select: 'COUNT', ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    count += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return count;
}

describe('merging contacts and companies', () => {
  it('previews, then moves emails and 250 related items, and repeats idempotently', async () => {
    useLocalStackEnv();
    const space = newSpaceId();
    const api = apiAs(space);
    const { body: master } = await api.post('/contacts', aContactBody({ name: 'Ann Master', emails: ['ann@m.example'], tags: ['a'], notes: 'first' }));
    const { body: dup } = await api.post('/contacts', aContactBody({ name: 'Ann M.', emails: ['ann.m@m.example'], tags: ['b'], notes: 'second', customFields: { vat_id: 'DE1' } }));
    await seedRelated(space, dup.id, 250);
    const body = { masterId: master.id, mergedIds: [dup.id], fields: { name: dup.id } };

    const preview = await api.post('/contacts/merge', { ...body, preview: true });
    const unchanged = await api.get(`/contacts/${dup.id}`);
    const confirmed = await api.post('/contacts/merge', { ...body, preview: false });
    const retried = await api.post('/contacts/merge', { ...body, preview: false });

    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ preview: true, moved: { 'contact-emails': 1, 'contact-related': 250 },
      record: { name: 'Ann M.', emails: ['ann@m.example', 'ann.m@m.example'], tags: ['a', 'b'], notes: 'first\n\nsecond', customFields: { vat_id: 'DE1' } } });
    expect(unchanged.body.status).toBe('active');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ preview: false, moved: { 'contact-emails': 1, 'contact-related': 250 } });
    expect(retried).toMatchObject({ status: 200, body: confirmed.body });
    expect((await api.get(`/contacts/${dup.id}`)).body).toMatchObject({ status: 'archived', mergedInto: master.id, emails: [] });
    // One version for the merge's claim, one for its commit.
    expect((await api.get(`/contacts/${master.id}`)).body).toMatchObject({ name: 'Ann M.', emails: ['ann@m.example', 'ann.m@m.example'], version: 3 });
    expect((await api.post('/contacts', aContactBody({ emails: ['ann.m@m.example'] }))).body.existingId).toBe(master.id);
    expect(await relatedCount(space, master.id)).toBe(250);
    expect(await relatedCount(space, dup.id)).toBe(0);
    const audit = await api.get(`/audit?entity=contact:${master.id}`);
    expect(audit.body.items.filter((a: { action: string }) => a.action === 'merge')).toHaveLength(1);
    expect((await api.get('/contacts?q=ann')).body.items.map((c: { id: string }) => c.id)).toEqual([master.id]);
  });

  it('finishes a merge that crashed after the second chunk when it is run again (D2)', async () => {
    useLocalStackEnv();
    const space = newSpaceId();
    const api = apiAs(space);
    const { body: master } = await api.post('/contacts', aContactBody());
    const { body: dup } = await api.post('/contacts', aContactBody());
    await seedRelated(space, dup.id, 250);
    const actor = { spaceId: space, userId: 'admin', requestId: 'r1' };
    const request = { masterId: master.id, mergedIds: [dup.id], preview: false };
    const deps = contactMergeDeps(defaultTable());
    let chunks = 0;
    const crashing = deps.movers.map((m): RelatedItemMover => ({
      ...m, name: m.name, count: m.count,
      moveBatch: async (...args) => {
        if (m.name === 'contact-related' && ++chunks > 2) throw new Error('killed');
        return m.moveBatch(...args);
      },
    }));

    await expect(mergeRecords({ ...deps, movers: crashing }, actor, 'contact', request)).rejects.toThrow('killed');
    const halfway = await relatedCount(space, master.id);
    const result = await mergeRecords(deps, actor, 'contact', request);

    expect(halfway).toBe(200);
    expect(result.moved['contact-related']).toBe(250);
    expect(await relatedCount(space, master.id)).toBe(250);
    expect(await relatedCount(space, dup.id)).toBe(0);
    const audit = await api.get(`/audit?entity=contact:${master.id}`);
    expect(audit.body.items.filter((a: { action: string }) => a.action === 'merge')).toHaveLength(1);
  });

  it('moves a merged company\'s contacts and domains to the master', async () => {
    const api = apiAs(newSpaceId());
    const { body: master } = await api.post('/companies', aCompanyBody({ name: 'Acme', domains: ['acme.example'] }));
    const { body: dup } = await api.post('/companies', aCompanyBody({ name: 'ACME GmbH', domains: ['acme.de'] }));
    const { body: person } = await api.post('/contacts', aContactBody({ companyId: dup.id }));

    const merged = await api.post('/companies/merge', { masterId: master.id, mergedIds: [dup.id], preview: false });

    expect(merged.body.moved).toMatchObject({ 'company-domains': 1, 'company-contacts': 1 });
    expect((await api.get(`/companies/${master.id}`)).body.domains).toEqual(['acme.example', 'acme.de']);
    expect((await api.get(`/contacts/${person.id}`)).body.companyId).toBe(master.id);
    expect((await api.get(`/contacts?companyId=${master.id}`)).body.items.map((c: { id: string }) => c.id)).toEqual([person.id]);
    expect((await api.post('/companies', aCompanyBody({ domains: ['acme.de'] }))).body.existingId).toBe(master.id);
    expect((await api.get(`/companies/${dup.id}`)).body).toMatchObject({ status: 'archived', mergedInto: master.id });
  });

  it('refuses to merge a record into itself and unknown mergeable fields', async () => {
    const api = apiAs(newSpaceId());
    const { body: a } = await api.post('/contacts', aContactBody());
    const { body: b } = await api.post('/contacts', aContactBody());

    const self = await api.post('/contacts/merge', { masterId: a.id, mergedIds: [a.id], preview: true });
    const field = await api.post('/contacts/merge', { masterId: a.id, mergedIds: [b.id], fields: { version: b.id }, preview: true });

    expect(self.status).toBe(400);
    expect(field.body.errors).toEqual([{ pointer: '#/fields/version', detail: 'is not a mergeable field' }]);
  });
});
