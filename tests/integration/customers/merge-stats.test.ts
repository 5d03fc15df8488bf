import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

beforeAll(() => { useLocalStackEnv(); });

const aMinuteAgo = () => new Date(Date.now() - 60_000).toISOString();
const cards = async (api: Api, path: string) => {
  const reply = await api.get(path);
  expect(reply.status, path).toBe(200);
  return reply.body as { interactionsThisMonth: number; lastContactAt: string | null; health: { score: number } | null };
};
const log = async (api: Api, target: Record<string, string[]>, at: string) =>
  expect((await api.post('/activities', { type: 'call', subject: 'Call', at, ...target })).status).toBe(201);

describe('merges combine the aggregates kept on write', () => {
  it('adds the merged companies\' interactions to the master once, and moves the master in the views', async () => {
    const api = apiAs(newSpaceId(), 'admin');
    const master = (await api.post('/companies', { name: 'Northwind' })).body.id as string;
    const dup = (await api.post('/companies', { name: 'Northwind Ltd', tags: ['imported'] })).body.id as string;
    await log(api, { companyIds: [master] }, new Date(Date.now() - 50 * 86_400_000).toISOString());
    const latest = aMinuteAgo();
    for (let i = 0; i < 3; i++) await log(api, { companyIds: [dup] }, latest);
    const before = await cards(api, `/companies/${master}/stats`);

    const body = { masterId: master, mergedIds: [dup] };
    const merged = await api.post('/companies/merge', body);
    const again = await api.post('/companies/merge', body);
    const after = await cards(api, `/companies/${master}/stats`);
    const dormant = await api.get('/companies?dormantDays=30');

    expect([merged.status, again.status]).toEqual([200, 200]);
    expect(merged.body.moved['company-stats']).toBe(1);
    expect(after.interactionsThisMonth).toBe(before.interactionsThisMonth + 3);
    expect(after.lastContactAt).toBe(latest);
    expect(after.health!.score).toBeGreaterThan(before.health!.score);
    expect(dormant.body.items).toEqual([]);
  });

  it('adds a merged contact\'s interactions to the master contact', async () => {
    const api = apiAs(newSpaceId(), 'admin');
    const master = (await api.post('/contacts', { name: 'Jane', emails: ['jane@x.example'] })).body.id as string;
    const dup = (await api.post('/contacts', { name: 'Jane D.', emails: ['jd@x.example'] })).body.id as string;
    await log(api, { contactIds: [master] }, aMinuteAgo());
    await log(api, { contactIds: [dup] }, aMinuteAgo());
    await log(api, { contactIds: [dup] }, aMinuteAgo());

    expect((await api.post('/contacts/merge', { masterId: master, mergedIds: [dup] })).status).toBe(200);
    const after = await cards(api, `/contacts/${master}/stats`);

    expect(after.interactionsThisMonth).toBe(3);
  });
});
