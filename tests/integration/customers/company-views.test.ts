import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

beforeAll(() => { useLocalStackEnv(); });

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const names = async (api: Api, query: string): Promise<string[]> => {
  const reply = await api.get(`/companies?${query}`);
  expect(reply.status, query).toBe(200);
  return (reply.body.items as { name: string }[]).map((c) => c.name);
};
const create = async (api: Api, body: Record<string, unknown>) => {
  const reply = await api.post('/companies', body);
  expect(reply.status).toBe(201);
  return reply.body as { id: string; version: number };
};
const call = async (api: Api, companyId: string, at: string) =>
  expect((await api.post('/activities', { type: 'call', subject: 'Catch-up', at, companyIds: [companyId] })).status).toBe(201);

describe('company views', () => {
  it('filters by tier, tag, segment, creation month and dormancy, most recent activity first, and follows changes', async () => {
    const api = apiAs(newSpaceId(), 'admin');
    const key = await create(api, { name: 'Keystone', tier: 'key_account', tags: ['vip'] });
    const quiet = await create(api, { name: 'Quietly', tags: ['Retail'] });
    await create(api, { name: 'Fresh' });
    await call(api, key.id, daysAgo(0.01));
    await call(api, quiet.id, daysAgo(40));

    expect(await names(api, 'tier=key_account')).toEqual(['Keystone']);
    expect(await names(api, 'tag=retail')).toEqual(['Quietly']);
    expect(await names(api, 'dormantDays=30')).toEqual(['Quietly']);
    expect(await names(api, 'dormantDays=60')).toEqual([]);
    expect((await names(api, 'sort=lastActivityAt')).at(-1)).toBe('Quietly');
    expect((await names(api, 'segment=potential')).sort()).toEqual(['Fresh', 'Keystone', 'Quietly']);
    expect(await names(api, 'segment=active')).toEqual([]);
    expect((await names(api, 'createdSince=this_month')).sort()).toEqual(['Fresh', 'Keystone', 'Quietly']);

    expect((await api.patch(`/companies/${quiet.id}`, { tags: ['vip'] }, { headers: { 'if-match': `"${quiet.version}"` } })).status).toBe(200);
    expect((await api.delete(`/companies/${key.id}`)).status).toBe(200);
    await call(api, quiet.id, daysAgo(0.02));

    expect(await names(api, 'tag=retail')).toEqual([]);
    expect(await names(api, 'tag=vip')).toEqual(['Quietly']);
    expect(await names(api, 'tier=key_account')).toEqual([]);
    expect(await names(api, 'tier=normal&tag=vip')).toEqual(['Quietly']);
    expect(await names(api, 'dormantDays=30')).toEqual([]);
  });

  it('pages a view without repeating or skipping a company', async () => {
    const api = apiAs(newSpaceId(), 'admin');
    for (const name of ['A', 'B', 'C', 'D', 'E']) await create(api, { name, tags: ['many'] });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const reply = await api.get(`/companies?tag=many&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(reply.status).toBe(200);
      seen.push(...(reply.body.items as { name: string }[]).map((c) => c.name));
      cursor = reply.body.nextCursor as string | null;
    } while (cursor);

    expect(seen.sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('refuses a view filter combined with a name prefix', async () => {
    const api = apiAs(newSpaceId(), 'admin');

    const reply = await api.get('/companies?tier=vip&q=nor');

    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].pointer).toBe('#/q');
  });
});
