import { describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Company } from '../../../shared/domain/companies/company.js';
import { companyItem, createCompanyStore, readOnlyWebsiteLookup } from '../../../shared/store/company-store.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { companyWebsiteKey, websiteIndexBackfillKey } from '../../../shared/store/keys.js';
import { newSpaceId } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

/** A company as it was stored before the website index existed: its record only, no index item. */
const anOldCompany = (spaceId: string, over: Partial<Company> = {}): Company => ({
  id: ulid(), spaceId, name: 'Acme', domains: [], tier: 'standard', tags: [], customFields: {}, status: 'active',
  createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', version: 1, ...over,
}) as unknown as Company;

describe('website index backfill (DynamoDB Local)', () => {
  it('finds a company saved before the website index existed, and indexes the whole Space once', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const spaceId = newSpaceId();
    const acme = anOldCompany(spaceId, { website: 'https://www.acme.example' });
    const archived = anOldCompany(spaceId, { name: 'Old Globex', website: 'https://globex.example/about', status: 'archived' });
    for (const c of [acme, archived, anOldCompany(spaceId, { name: 'No site' })]) await t.client.send(new PutCommand({ TableName: t.table, Item: companyItem(c) }));
    const store = createCompanyStore(t);

    const found = await store.findCompanyByWebsiteDomain(spaceId, 'acme.example');
    const archivedIndex = await t.client.send(new QueryCommand({
      TableName: t.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': companyWebsiteKey(spaceId, 'globex.example', '').pk },
    }));

    const marker = await t.client.send(new GetCommand({ TableName: t.table, Key: websiteIndexBackfillKey(spaceId) }));
    expect(found?.id).toBe(acme.id);
    expect(archivedIndex.Items?.map((i) => i.companyId)).toEqual([archived.id]);
    expect(marker.Item?.companies).toBe(2);
  });

  it('ignores an index item whose company has moved to another website since', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const spaceId = newSpaceId();
    const moved = anOldCompany(spaceId, { website: 'https://initech.example' });
    await createCompanyStore(t).createCompany(moved, { id: ulid(), spaceId, entity: 'company', entityId: moved.id, action: 'create', userId: 'u', requestId: 'r', at: moved.createdAt });
    await t.client.send(new PutCommand({ TableName: t.table, Item: { ...companyWebsiteKey(spaceId, 'oldsite.example', moved.id), entity: 'company-website', v: 1, domain: 'oldsite.example', companyId: moved.id } }));

    const found = await createCompanyStore(t).findCompanyByWebsiteDomain(spaceId, 'oldsite.example');

    expect(found).toBeUndefined();
  });

  it('the read-only lookup finds a company saved before the index existed and writes nothing', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const spaceId = newSpaceId();
    const acme = anOldCompany(spaceId, { website: 'https://www.acme.example' });
    const archived = anOldCompany(spaceId, { name: 'Old Globex', website: 'https://globex.example', status: 'archived' });
    const merged = anOldCompany(spaceId, { name: 'Merged Initech', website: 'https://initech.example', mergedInto: acme.id });
    for (const c of [acme, archived, merged]) await t.client.send(new PutCommand({ TableName: t.table, Item: companyItem(c) }));
    const lookup = readOnlyWebsiteLookup(t);

    const found = await Promise.all(['acme.example', 'globex.example', 'initech.example'].map((d) => lookup(spaceId, d)));
    const marker = await t.client.send(new GetCommand({ TableName: t.table, Key: websiteIndexBackfillKey(spaceId) }));
    const index = await t.client.send(new QueryCommand({
      TableName: t.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': companyWebsiteKey(spaceId, 'acme.example', '').pk },
    }));

    expect(found.map((c) => c?.id)).toEqual([acme.id, undefined, undefined]);
    expect(marker.Item).toBeUndefined();
    expect(index.Items).toEqual([]);
  });
});
