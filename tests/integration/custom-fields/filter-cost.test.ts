import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain/contacts/contact.js';
import type { FieldSpec } from '../../../shared/domain/custom-fields/field-definition.js';
import { fieldConditionOf, sortableNumber } from '../../../shared/domain/custom-fields/field-index.js';
import { batchWrite } from '../../../shared/store/batch.js';
import { contactItem } from '../../../shared/store/contact-items.js';
import { listContacts } from '../../../shared/store/contact-list.js';
import { defaultTable, type TableRef } from '../../../shared/store/dynamo.js';
import { fieldIndexKey, fieldOwnerIndex } from '../../../shared/store/keys.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

/** A Space with `count` contacts holding 0..count-1 in a filterable number field, and 3 holding 77777. */
async function seedSpace(count: number) {
  const spaceId = newSpaceId();
  const field = (await apiAs(spaceId).post('/settings/custom-fields', { entity: 'contact', key: 'score', label: 'Score', type: 'number', filterable: true })).body as FieldSpec;
  const at = new Date().toISOString();
  const values = [...Array.from({ length: count }, (_, i) => i), 77777, 77777, 77777];
  const items = values.flatMap((value) => {
    const c = { id: ulid(), spaceId, name: `C ${value}`, emails: [], phones: [], roles: [], primaryContact: false, tags: [], customFields: { [field.id]: value },
      status: 'active', createdAt: at, updatedAt: at, version: 1 } as unknown as Contact;
    const enc = sortableNumber(value);
    return [contactItem(c), { ...fieldIndexKey(spaceId, field.id, enc, c.id), ...fieldOwnerIndex(spaceId, 'contact', c.id, field.id, enc), entity: 'field-index', v: 1, recordEntity: 'contact', recordId: c.id, fieldId: field.id, enc }];
  });
  await batchWrite(defaultTable(), items);
  return { spaceId, field };
}

/** The table, counting the items DynamoDB reads for queries and batch gets. */
function countingTable() {
  const real = defaultTable();
  const read = { queried: 0, fetched: 0 };
  const client = { send: async (command: unknown) => {
    const out = await real.client.send(command as never) as { ScannedCount?: number; Responses?: Record<string, unknown[]> };
    if (command instanceof QueryCommand) read.queried += out.ScannedCount ?? 0;
    if (command instanceof BatchGetCommand) read.fetched += Object.values(out.Responses ?? {}).flat().length;
    return out;
  } } as unknown as DynamoDBDocumentClient;
  return { t: { client, table: real.table } as TableRef, read };
}

describe('custom field filters read what they return, not the Space', () => {
  it('reads the same items for the same results in a Space of 1,000 contacts as in one of 100', async () => {
    useLocalStackEnv();
    const small = await seedSpace(100);
    const large = await seedSpace(1000);
    const cost = async (s: { spaceId: string; field: FieldSpec }, filter: { eq?: string; min?: string; max?: string }) => {
      const { t, read } = countingTable();
      const page = await listContacts(t, s.spaceId, { field: { spec: s.field, condition: fieldConditionOf(s.field, filter) }, sort: 'name', limit: 25 });
      return { results: page.items.length, ...read };
    };

    const figures = {
      eqSmall: await cost(small, { eq: '77777' }), eqLarge: await cost(large, { eq: '77777' }),
      rangeSmall: await cost(small, { min: '40', max: '49' }), rangeLarge: await cost(large, { min: '40', max: '49' }),
    };
    console.info(`field filter cost (items read: index entries + records): eq on 100 contacts ${JSON.stringify(figures.eqSmall)}, on 1,000 ${JSON.stringify(figures.eqLarge)}; `
      + `range of 10 on 100 ${JSON.stringify(figures.rangeSmall)}, on 1,000 ${JSON.stringify(figures.rangeLarge)}`);

    expect(figures.eqSmall).toEqual({ results: 3, queried: 3, fetched: 3 });
    expect(figures.eqLarge).toEqual(figures.eqSmall);
    expect(figures.rangeSmall).toEqual({ results: 10, queried: 10, fetched: 10 });
    expect(figures.rangeLarge).toEqual(figures.rangeSmall);
  });
});
