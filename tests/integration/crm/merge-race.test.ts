import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { aCompanyBody, aContactBody } from '../../support/builders.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { checkRound, seedRound, type Entity, type MergeCall, type Seeded } from './merge-world.js';

const ROUNDS = 50;

/** X←Y ∥ Y←X on even rounds, X←Y ∥ X←Z ∥ Z←X on odd ones. */
const callsOf = (round: number, seeded: Seeded[]): MergeCall[] => {
  const [X, Y, Z] = seeded.map((s) => s.id) as [string, string, string];
  return round % 2 === 0
    ? [{ masterId: X, mergedIds: [Y] }, { masterId: Y, mergedIds: [X] }]
    : [{ masterId: X, mergedIds: [Y] }, { masterId: X, mergedIds: [Z] }, { masterId: Z, mergedIds: [X] }];
};

/** Three rounds in five start every merge at once; the others stagger them, so later ones also find finished merges. */
const staggerMs = (round: number, call: number) => (round % 5 < 3 ? 0 : call * 50 * (round % 5 - 2));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The survivor takes a changed key list under If-Match; before that, a new record with a key that
 * only an archived record had is refused naming the survivor (the key moved with the merge), after
 * it the dropped key is free again.
 */
async function checkSurvivorEditable(api: Api, entity: Entity, seeded: readonly Seeded[], survivors: Map<string, string>, round: number) {
  const partner = seeded.find((s) => survivors.get(s.id) !== s.id);
  expect(partner, 'each round merges at least one record').toBeDefined();
  const survivor = survivors.get(partner?.id ?? '') as string;
  const dropped = partner?.keys[0] as string;
  const path = entity === 'contact' ? '/contacts' : '/companies';
  const field = entity === 'contact' ? 'emails' : 'domains';
  const fresh = (key: string) => (entity === 'contact' ? aContactBody({ emails: [key] }) : aCompanyBody({ domains: [key] }));
  const before = await api.get(`${path}/${survivor}`);
  const keys: string[] = [...before.body[field].filter((k: string) => k !== dropped), entity === 'contact' ? `new${round}@race.example` : `new${round}.example`];

  const taken = await api.post(path, fresh(dropped));
  const patched = await api.patch(`${path}/${survivor}`, { [field]: keys }, { headers: { 'if-match': `"${before.body.version}"` } });
  const reused = await api.post(path, fresh(dropped));

  expect({ status: taken.status, existingId: taken.body.existingId }).toEqual({ status: 409, existingId: survivor });
  expect(patched.status).toBe(200);
  expect(patched.body[field]).toEqual(keys);
  expect(reused.status).toBe(201);
}

async function race(entity: Entity) {
  useLocalStackEnv();
  const space = newSpaceId();
  const api = apiAs(space);
  const tally: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    const seeded = await seedRound(api, space, entity, round, round % 2 === 0 ? 2 : 3);
    const calls = callsOf(round, seeded);

    const replies = await Promise.all(calls.map(async (c, i) => {
      await pause(staggerMs(round, i));
      return api.post(`/${entity === 'contact' ? 'contacts' : 'companies'}/merge`, { ...c, preview: false });
    }));

    for (const r of replies) {
      const key = r.status === 200 ? '200' : `${r.status} ${String(r.body?.type).split('/').pop()}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    const { survivors } = await checkRound(api, space, entity, seeded, calls, replies);
    await checkSurvivorEditable(api, entity, seeded, survivors, round);
  }
  console.log(`${entity} merge race, ${ROUNDS} rounds: replies ${JSON.stringify(tally)}`);
}

describe('concurrent merges', () => {
  it('leaves contacts in one consistent state after 50 rounds of opposing and overlapping merges', () => race('contact'), 600_000);
  it('leaves companies in one consistent state after 50 rounds of opposing and overlapping merges', () => race('company'), 600_000);
});
