import { describe, expect, it } from 'vitest';
import { MergedRecordError, MergeInProgressError } from '../../../shared/domain/contacts/contact-errors.js';
import type { Contact } from '../../../shared/domain/contacts/contact.js';
import type { MergeDeps, RelatedItemMover } from '../../../shared/domain/contacts/merge-ports.js';
import { mergeRecords } from '../../../shared/domain/contacts/merge-records.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { contactMergeDeps } from '../../../shared/store/merge-store.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { aContactBody } from '../../support/builders.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { checkRound, seedRound, type Seeded } from './merge-world.js';

const MINUTE = 60_000;

/** Merge deps on DynamoDB Local with a clock the test moves. */
function depsAt(clock: { now: number }): MergeDeps<Contact> {
  const deps = contactMergeDeps(defaultTable());
  return { ...deps, rt: { ...deps.rt, now: () => new Date(clock.now) } };
}

const crashWhen = (deps: MergeDeps<Contact>, crash: (mover: string, chunk: number) => boolean): MergeDeps<Contact> => {
  let chunks = 0;
  return { ...deps, movers: deps.movers.map((m): RelatedItemMover => ({
    ...m,
    moveBatch: async (...args) => {
      if (crash(m.name, ++chunks)) throw new Error('killed');
      return m.moveBatch(...args);
    },
  })) };
};

describe('recovering merges that crashed', () => {
  it('lets a claim that moved nothing lapse: others are refused until then and go ahead after', async () => {
    useLocalStackEnv();
    const space = newSpaceId();
    const api = apiAs(space);
    const seeded = await seedRound(api, space, 'contact', 0, 2);
    const [x, y] = seeded as [Seeded, Seeded];
    const actor = { spaceId: space, userId: 'admin', requestId: 'r1' };
    const clock = { now: Date.now() };
    const deps = depsAt(clock);
    const crashing: MergeDeps<Contact> = { ...deps, target: { ...deps.target, markMoved: async () => { throw new Error('killed'); } } };

    await expect(mergeRecords(crashing, actor, 'contact', { masterId: x.id, mergedIds: [y.id], preview: false })).rejects.toThrow('killed');
    const opposing = { masterId: y.id, mergedIds: [x.id], preview: false };
    const early = await mergeRecords(deps, actor, 'contact', opposing).catch((e: unknown) => e);
    const edit = await api.patch(`/contacts/${x.id}`, { level: 'gold' }, { headers: { 'if-match': '"2"' } });
    clock.now += 3 * MINUTE;
    const late = await mergeRecords(deps, actor, 'contact', opposing);
    const resumed = await mergeRecords(deps, actor, 'contact', { masterId: x.id, mergedIds: [y.id], preview: false }).catch((e: unknown) => e);

    expect(early).toBeInstanceOf(MergeInProgressError);
    expect((early as MergeInProgressError).extra).toEqual({ masterId: x.id, mergedIds: [y.id] });
    expect(edit.status).toBe(409);
    expect(edit.body.type).toMatch(/\/merge-in-progress$/);
    expect(late.preview).toBe(false);
    expect(resumed).toBeInstanceOf(MergedRecordError);
    await checkRound(api, space, 'contact', seeded, [opposing], [{ status: 200, headers: new Headers(), body: late }]);
  });

  it('keeps the records of a merge that crashed mid-move for that merge, which a rerun finishes', async () => {
    useLocalStackEnv();
    const space = newSpaceId();
    const api = apiAs(space);
    const seeded = await seedRound(api, space, 'contact', 0, 2);
    const [x, y] = seeded as [Seeded, Seeded];
    const actor = { spaceId: space, userId: 'admin', requestId: 'r1' };
    const clock = { now: Date.now() };
    const deps = depsAt(clock);
    const request = { masterId: x.id, mergedIds: [y.id], preview: false };

    await expect(mergeRecords(crashWhen(deps, (mover) => mover === 'contact-activity'), actor, 'contact', request)).rejects.toThrow('killed');
    clock.now += 60 * MINUTE;
    const opposing = await mergeRecords(deps, actor, 'contact', { masterId: y.id, mergedIds: [x.id], preview: false }).catch((e: unknown) => e);
    const create = await api.post('/contacts', aContactBody({ emails: ['r0x1.a@race.example'] }));
    const finished = await mergeRecords(deps, actor, 'contact', request);

    expect(opposing).toBeInstanceOf(MergeInProgressError);
    expect((opposing as MergeInProgressError).extra).toEqual({ masterId: x.id, mergedIds: [y.id] });
    expect({ status: create.status, existingId: create.body.existingId }).toEqual({ status: 409, existingId: x.id });
    expect(finished.moved).toMatchObject({ 'contact-emails': 2, 'contact-related': 1, 'contact-activity': 3 });
    await checkRound(api, space, 'contact', seeded, [request], [{ status: 200, headers: new Headers(), body: finished }]);
  });
});
