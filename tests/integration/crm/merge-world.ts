import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { mergeJobId } from '../../../shared/domain/contacts/merge-records.js';
import { batchGet, batchWrite } from '../../../shared/store/batch.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import {
  activityKey, activityPartition, companyDomainKey, contactEmailKey, mergeJobKey, messageKey, relatedPartition, spacePartition, threadKey,
} from '../../../shared/store/keys.js';
import type { Api, ApiReply } from '../../support/api-client.js';
import { aCompanyBody, aContactBody } from '../../support/builders.js';

export type Entity = 'contact' | 'company';
/** One record of a round as created, with the unique keys (emails or domains) it was given. */
export interface Seeded { readonly id: string; readonly keys: string[]; readonly ownMessages: string[]; readonly sharedMessage: string; readonly memberIds: string[] }
export interface MergeCall { readonly masterId: string; readonly mergedIds: string[] }

const path = (e: Entity) => (e === 'contact' ? '/contacts' : '/companies');
const keysOf = (e: Entity, body: { emails?: string[]; domains?: string[] }) => (e === 'contact' ? body.emails : body.domains) ?? [];
const ownerAttr = (e: Entity) => (e === 'contact' ? 'contactIds' : 'companyIds');

async function queryCount(query: Record<string, unknown>): Promise<number> {
  const t = defaultTable();
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(new QueryCommand({ TableName: t.table, Select: 'COUNT', ...query, ...(startKey ? { ExclusiveStartKey: startKey } : {}) } as never));
    count += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/**
 * Creates `n` records through the API, each with two unique keys, two mails of its own, one mail
 * shared by all of them, one generic related item and (companies) one member contact. Mail items
 * are written with the linker's key layout: activity entry per owner, message and thread naming it.
 */
export async function seedRound(api: Api, spaceId: string, entity: Entity, round: number, n: number): Promise<Seeded[]> {
  const seeded: Seeded[] = [];
  const shared = `r${round}-shared`;
  for (let i = 0; i < n; i++) {
    const tag = `r${round}x${i}`;
    const body = entity === 'contact'
      ? aContactBody({ name: `Race ${tag}`, emails: [`${tag}.a@race.example`, `${tag}.b@race.example`] })
      : aCompanyBody({ name: `Race ${tag}`, domains: [`${tag}-a.example`, `${tag}-b.example`] });
    const created = await api.post(path(entity), body);
    expect(created.status).toBe(201);
    const memberIds: string[] = [];
    if (entity === 'company') {
      const member = await api.post('/contacts', aContactBody({ companyId: created.body.id }));
      expect(member.status).toBe(201);
      memberIds.push(member.body.id);
    }
    seeded.push({ id: created.body.id, keys: keysOf(entity, created.body), ownMessages: [`${tag}-m1`, `${tag}-m2`], sharedMessage: shared, memberIds });
  }
  const items: Record<string, unknown>[] = [];
  const mail = (messageId: string, owners: string[], date: string) => {
    const threadId = `th-${messageId}`;
    items.push({ ...messageKey(spaceId, messageId), entity: 'message', v: 1, id: messageId, threadId, date, [ownerAttr(entity)]: owners });
    items.push({ ...threadKey(spaceId, threadId), entity: 'thread', v: 1, id: threadId, [ownerAttr(entity)]: new Set(owners) });
    for (const owner of owners) {
      items.push({ ...activityKey(spaceId, entity, owner, date, messageId), entity: 'activity', messageId, threadId, date, subject: messageId });
    }
  };
  seeded.forEach((s, i) => s.ownMessages.forEach((m, j) => mail(m, [s.id], `2026-11-0${1 + i}T0${j}:00:00.000Z`)));
  mail(shared, seeded.map((s) => s.id).sort(), '2026-11-20T00:00:00.000Z');
  for (const s of seeded) {
    items.push({ pk: spacePartition(spaceId, 'race', s.id), sk: 'link', entity: 'test-link', v: 1, [`${entity}Id`]: s.id,
      gsi2pk: relatedPartition(spaceId, entity, s.id), gsi2sk: s.id });
  }
  await batchWrite(defaultTable(), items);
  return seeded;
}

/** Groups implied by the merges that answered 200 (union-find), as sets of ids. */
function groupsOf(seeded: readonly Seeded[], calls: readonly MergeCall[], replies: readonly ApiReply[]): string[][] {
  const parent = new Map(seeded.map((s) => [s.id, s.id]));
  const find = (id: string): string => (parent.get(id) === id ? id : find(parent.get(id) as string));
  calls.forEach((c, i) => {
    if (replies[i]?.status === 200) for (const m of c.mergedIds) parent.set(find(m), find(c.masterId));
  });
  const groups = new Map<string, string[]>();
  for (const s of seeded) groups.set(find(s.id), [...(groups.get(find(s.id)) ?? []), s.id]);
  return [...groups.values()];
}

/**
 * Checks one finished round: every merge answered 200 or a merge conflict (409 record-merged /
 * merge-in-progress) and only the ones that answered 200 left a (finished) job; each group of records joined by successful merges has exactly one live
 * record; the others are archived, keyless, and their mergedInto chain ends at it; every key
 * reservation, activity entry, message and thread link and related item names the survivor;
 * nothing is left on an archived record. Returns the survivors with their archived partners.
 */
export async function checkRound(api: Api, spaceId: string, entity: Entity, seeded: readonly Seeded[], calls: readonly MergeCall[], replies: readonly ApiReply[]) {
  const records = new Map<string, Record<string, any>>(); // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const s of seeded) records.set(s.id, (await api.get(`${path(entity)}/${s.id}`)).body);
  const chainEnd = (id: string): string => {
    const next = records.get(id)?.mergedInto as string | undefined;
    return next ? chainEnd(next) : id;
  };
  const byId = new Map(seeded.map((s) => [s.id, s]));
  const groups = groupsOf(seeded, calls, replies);
  const survivors = new Map<string, string>();
  for (const group of groups) {
    const live = group.filter((id) => !records.get(id)?.mergedInto);
    expect(live, `one survivor in ${group.join(',')}`).toHaveLength(1);
    const survivor = live[0] as string;
    const record = records.get(survivor) ?? {};
    expect(record.status).toBe('active');
    for (const id of group) survivors.set(id, survivor);
    for (const id of group.filter((g) => g !== survivor)) {
      expect(records.get(id)).toMatchObject({ status: 'archived', [entity === 'contact' ? 'emails' : 'domains']: [] });
      expect(chainEnd(id)).toBe(survivor);
    }
    const groupKeys = group.flatMap((id) => byId.get(id)?.keys ?? []);
    expect([...keysOf(entity, record)].sort()).toEqual([...groupKeys].sort());
    const reservations = await batchGet(defaultTable(), groupKeys.map((k) => (entity === 'contact' ? contactEmailKey(spaceId, k) : companyDomainKey(spaceId, k))));
    expect(reservations.map((r) => r?.[`${entity}Id`])).toEqual(groupKeys.map(() => survivor));
    const messages = group.flatMap((id) => byId.get(id)?.ownMessages ?? []);
    for (const id of group) {
      const activity = await queryCount({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': activityPartition(spaceId, entity, id) } });
      const related = await queryCount({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': relatedPartition(spaceId, entity, id) } });
      expect({ id, activity, related }).toEqual(id === survivor ? { id, activity: messages.length + 1, related: group.length } : { id, activity: 0, related: 0 });
    }
    const own = await batchGet(defaultTable(), messages.flatMap((m) => [messageKey(spaceId, m), threadKey(spaceId, `th-${m}`)]));
    expect(own.map((i) => [...(i?.[ownerAttr(entity)] as Iterable<string>)])).toEqual(own.map(() => [survivor]));
    if (entity === 'company') {
      for (const memberId of group.flatMap((id) => byId.get(id)?.memberIds ?? [])) {
        expect((await api.get(`/contacts/${memberId}`)).body.companyId).toBe(survivor);
      }
    }
  }
  const sharedId = seeded[0]?.sharedMessage ?? '';
  const shared = await batchGet(defaultTable(), [messageKey(spaceId, sharedId), threadKey(spaceId, `th-${sharedId}`)]);
  const expected = [...new Set(survivors.values())].sort();
  expect(shared.map((i) => [...(i?.[ownerAttr(entity)] as Iterable<string>)].sort())).toEqual([expected, expected]);
  const jobs = await batchGet(defaultTable(), calls.map((c) => mergeJobKey(spaceId, entity, mergeJobId(entity, c.masterId, c.mergedIds))));
  expect(jobs.map((j) => j?.status ?? 'none'), 'a merge that lost wrote no job').toEqual(replies.map((r) => (r.status === 200 ? 'done' : 'none')));
  for (const r of replies) {
    if (r.status !== 200) expect({ status: r.status, type: r.body?.type }).toMatchObject({ status: 409, type: expect.stringMatching(/\/(record-merged|merge-in-progress)$/) });
  }
  expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
  return { survivors, records };
}
