import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../infra/local/emulators/dynamodb.js';
import { ensureTable, LOCAL_TABLE_NAME } from '../../../infra/local/resources.js';
import { contactTokens } from '../../../shared/domain/contacts/contact-tokens.js';
import type { Contact } from '../../../shared/domain/contacts/contact.js';
import type { ContactListQuery } from '../../../shared/domain/contacts/ports.js';
import { normalizeSearchText } from '../../../shared/domain/search/search-tokens.js';
import { createContactStore } from '../../../shared/store/contact-store.js';
import { seedContacts, writeSeed } from '../../support/seed-contacts.js';

// 20,000 contacts are about 240,000 items: they get a DynamoDB Local of their own, so the shared
// test database (and the other files' test-only Scans) stay small. search.test.ts covers HTTP on 2,000.
const SEEDED = 20_000;
const space = 'search-20k';
let dynamo: DynamoDbLocal;
let raw: DynamoDBClient;
let store: ReturnType<typeof createContactStore>;
let seeded: Contact[];

const expected = (q: string) =>
  seeded.filter((c) => c.status !== 'archived' && contactTokens(c).some((t) => t.startsWith(q))).map((c) => c.id).sort();

async function everyPage(query: Omit<ContactListQuery, 'limit' | 'sort' | 'startKey'>): Promise<string[]> {
  const found: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.listContacts(space, { ...query, sort: 'name', limit: 100, ...(startKey ? { startKey } : {}) });
    found.push(...page.items.map((c) => c.id));
    startKey = page.lastKey;
  } while (startKey);
  return found;
}

describe(`contact search on a Space seeded with ${SEEDED} contacts`, () => {
  beforeAll(async () => {
    dynamo = await startDynamoDbLocal({ port: 0 });
    raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await ensureTable(raw);
    const table = { client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }), table: LOCAL_TABLE_NAME };
    store = createContactStore(table);
    seeded = seedContacts(space, SEEDED);
    await writeSeed(table, seeded, 16, false);
  }, 600_000);

  afterAll(async () => {
    raw?.destroy();
    await dynamo?.stop();
  });

  it.each(['wag', 'hooli', 'trade-fair', 'acme.example'])('finds exactly the contacts matching "%s", across pages without duplicates', async (q) => {
    const found = await everyPage({ q: normalizeSearchText(q) });

    expect(found).toHaveLength(new Set(found).size);
    expect([...found].sort()).toEqual(expected(normalizeSearchText(q)));
  });

  it('finds one contact by its full email and by its local part', async () => {
    const target = seeded[12_345] as Contact;
    const [local] = (target.emails[0] as string).split('@') as [string];

    const byEmail = await everyPage({ q: normalizeSearchText(target.emails[0] as string) });
    const byLocal = await everyPage({ q: normalizeSearchText(local) });

    expect(byEmail).toEqual([target.id]);
    expect(byLocal).toEqual([target.id]);
  });
});
