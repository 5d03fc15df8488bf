import { beforeAll, describe, expect, it } from 'vitest';
import { contactTokens } from '../../../shared/domain/contacts/contact-tokens.js';
import type { Contact } from '../../../shared/domain/contacts/contact.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { createContactStore } from '../../../shared/store/contact-store.js';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { seedContacts, writeSeed } from '../../support/seed-contacts.js';

const SEEDED = 2_000;
const space = newSpaceId();
let api: Api;
let seeded: Contact[];

const ids = (body: { items: { id: string }[] }) => body.items.map((c) => c.id);
const expected = (q: string, keep: (c: Contact) => boolean = (c) => c.status !== 'archived') =>
  seeded.filter((c) => keep(c) && contactTokens(c).some((t) => t.startsWith(q))).map((c) => c.id).sort();

async function all(path: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const { status, body } = await api.get(`${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(status).toBe(200);
    found.push(...ids(body));
    cursor = body.nextCursor;
  } while (cursor);
  return found;
}

describe(`contact search on a Space seeded with ${SEEDED} contacts`, () => {
  beforeAll(async () => {
    useLocalStackEnv();
    api = apiAs(space);
    seeded = seedContacts(space, SEEDED);
    await writeSeed(defaultTable(), seeded);
  }, 120_000);

  it('finds by name prefix of any word, across pages without duplicates', async () => {
    const found = await all('/contacts?q=Wag');

    expect(found).toHaveLength(new Set(found).size);
    expect([...found].sort()).toEqual(expected('wag'));
    expect(found.length).toBeGreaterThan(100);
  });

  it('finds by full name, full email, local part and domain', async () => {
    const target = seeded[777] as Contact;
    const [local, domain] = (target.emails[0] as string).split('@') as [string, string];

    const byName = await api.get(`/contacts?q=${encodeURIComponent(target.name)}`);
    const byEmail = await api.get(`/contacts?q=${encodeURIComponent(target.emails[0] as string)}`);
    const byLocal = await api.get(`/contacts?q=${encodeURIComponent(local)}`);
    const byDomain = await all(`/contacts?q=${encodeURIComponent(domain)}`);

    expect(ids(byName.body)).toContain(target.id);
    expect(ids(byEmail.body)).toEqual([target.id]);
    expect(ids(byLocal.body)).toEqual([target.id]);
    expect([...byDomain].sort()).toEqual(expected(domain));
  });

  it('finds by company name and by tag, and filters by tag and status', async () => {
    const byCompany = await all('/contacts?q=hooli');
    const byTag = await all('/contacts?q=trade-fair');
    const tagFilter = await all('/contacts?tag=vip&status=potential');

    expect([...byCompany].sort()).toEqual(expected('hooli'));
    expect([...byTag].sort()).toEqual(expected('trade-fair'));
    expect([...tagFilter].sort()).toEqual(seeded.filter((c) => c.tags.includes('vip') && c.status === 'potential').map((c) => c.id).sort());
  });

  it('lists by name and by creation date in stable order across pages', async () => {
    const byName = await all('/contacts?sort=name');
    const newest = await api.get('/contacts?sort=createdAt&limit=3');

    expect(byName).toHaveLength(SEEDED);
    expect(new Set(byName).size).toBe(SEEDED);
    expect(ids(newest.body)).toEqual(seeded.slice(-3).reverse().map((c) => c.id));
  });

  it('filters by creation date and by dormancy through the activity index', async () => {
    const since = seeded[SEEDED - 10]?.createdAt as string;
    const store = createContactStore(defaultTable());
    const active = seeded[5] as Contact;
    await store.touchContactActivity(space, active.id, new Date().toISOString());

    const recent = await all(`/contacts?createdSince=${encodeURIComponent(since)}&sort=createdAt`);
    const dormant = await all('/contacts?dormantDays=1');

    expect(recent).toHaveLength(10);
    expect(dormant).toHaveLength(SEEDED - 1);
    expect(dormant).not.toContain(active.id);
    const byActivity = await api.get('/contacts?sort=lastActivityAt&limit=1');
    expect(ids(byActivity.body)).toEqual([active.id]);
  });

  it('finds a contact created over HTTP, and no longer by a name it lost', async () => {
    const { body: c } = await api.post('/contacts', { name: 'Zebedee Quux', emails: ['zq@quux.example'] });
    await api.patch(`/contacts/${c.id}`, { name: 'Yolanda Quux' }, { headers: { 'if-match': '"1"' } });

    const old = await api.get('/contacts?q=zebedee');
    const renamed = await api.get('/contacts?q=yolanda');

    expect(ids(old.body)).toEqual([]);
    expect(ids(renamed.body)).toEqual([c.id]);
  });
});
