import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_STAGES, type Opportunity, type StageConfig } from '../domain/opportunities/opportunity.js';
import type { OpportunityStore } from '../domain/opportunities/ports.js';
import { ConflictError, VersionMismatchError } from '../domain/errors.js';
import { putAudit } from './audit-store.js';
import type { TableRef } from './dynamo.js';
import {
  customerOpportunityIndex, opportunityContactKey, opportunityKey, opportunityPartition, opportunityStageIndex, opportunityStagesKey, relatedPartition,
} from './keys.js';
import { pageThrough, type Page } from './page-through.js';
import { itemDoesNotExist, onTable, transact, type TxItem } from './transact.js';

type Item = Record<string, unknown>;

const canonicalItem = (o: Opportunity): Item => {
  const { contactIds: _c, ...rest } = o;
  return {
    ...opportunityKey(o.spaceId, o.id), ...opportunityStageIndex(o.spaceId, o.stageId, o.expectedCloseDate, o.id),
    ...customerOpportunityIndex(o.spaceId, 'company', o.companyId, o.createdAt, o.id), entity: 'opportunity', v: 1, ...rest,
  };
};
const linkItem = (o: Opportunity, contactId: string, position: number): Item => ({
  ...opportunityContactKey(o.spaceId, o.id, contactId), ...customerOpportunityIndex(o.spaceId, 'contact', contactId, o.createdAt, o.id),
  entity: 'opportunity-contact', v: 1, opportunityId: o.id, contactId, position,
});

/** The deal from its partition: the record, and its contacts from the link items (a merge repoints them). */
const fromItems = (items: Item[]): Opportunity | undefined => {
  const record = items.find((i) => i.sk === 'opportunity');
  if (!record) return undefined;
  const links = items.filter((i) => String(i.sk).startsWith('contact#')).sort((a, b) => Number(a.position) - Number(b.position));
  const { pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, entity: _e, v: _v, ...rest } = record;
  return { ...(rest as unknown as Opportunity), contactIds: [...new Set(links.map((l) => String(l.contactId)))] };
};

const atVersion = (version: number) => ({ ConditionExpression: 'attribute_exists(pk) AND version = :v', ExpressionAttributeValues: { ':v': version } });

/** Opportunities and the Space's pipeline in DynamoDB (access-patterns.md "opportunity ..."). */
export function createOpportunityStore(t: TableRef): OpportunityStore & {
  listByCustomer(spaceId: string, owner: { kind: 'contact' | 'company'; id: string }, limit: number, startKey?: Item): Promise<Page<Opportunity>>;
  listByStage(spaceId: string, stageId: string, limit: number, startKey?: Item): Promise<Page<Opportunity>>;
} {
  const partition = async (spaceId: string, id: string): Promise<Item[]> => (await t.client.send(new QueryCommand({
    TableName: t.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': opportunityPartition(spaceId, id) }, ConsistentRead: true,
  }))).Items ?? [];
  const load = async (spaceId: string, id: string) => fromItems(await partition(spaceId, id));
  const hydrate = (spaceId: string, idOf: (i: Item) => string) => async (items: Item[]) => Promise.all(items.map((i) => load(spaceId, idOf(i))));
  return {
    getOpportunity: load,
    async createOpportunity(o, audit) {
      await transact(t, onTable(t.table, [
        { action: { Put: { TableName: '', Item: canonicalItem(o), ConditionExpression: itemDoesNotExist } }, onConditionFailed: () => new ConflictError('The opportunity exists') },
        ...o.contactIds.map((c, i): TxItem => ({ action: { Put: { TableName: '', Item: linkItem(o, c, i) } } })),
        putAudit(audit),
      ]));
    },
    async replaceOpportunity(before, after, audit) {
      const links = (await partition(before.spaceId, before.id)).filter((i) => String(i.sk).startsWith('contact#'));
      const next = after.contactIds.map((c, i) => linkItem(after, c, i));
      const gone = links.filter((l) => !next.some((n) => n.sk === l.sk));
      await transact(t, onTable(t.table, [
        { action: { Put: { TableName: '', Item: canonicalItem(after), ...atVersion(before.version) } }, onConditionFailed: (old) => new VersionMismatchError(Number(old?.version ?? 0)) },
        ...gone.map((l): TxItem => ({ action: { Delete: { TableName: '', Key: { pk: l.pk, sk: l.sk } } } })),
        ...next.map((Item): TxItem => ({ action: { Put: { TableName: '', Item } } })),
        putAudit(audit),
      ]));
    },
    async getStages(spaceId) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: opportunityStagesKey(spaceId), ConsistentRead: true }));
      return out.Item ? { stages: out.Item.stages as StageConfig['stages'], version: Number(out.Item.version) } : { stages: DEFAULT_STAGES, version: 0 };
    },
    async putStages(spaceId, stages, expectedVersion, audit) {
      const version = expectedVersion + 1;
      await transact(t, onTable(t.table, [
        { action: { Put: {
          TableName: '', Item: { ...opportunityStagesKey(spaceId), entity: 'settings', v: 1, stages, version },
          ...(expectedVersion === 0 ? { ConditionExpression: itemDoesNotExist } : atVersion(expectedVersion)),
        } }, onConditionFailed: (old) => new VersionMismatchError(Number(old?.version ?? 0)) },
        putAudit(audit),
      ]));
      return { stages, version };
    },
    async stageInUse(spaceId, stageId) {
      const out = await t.client.send(new QueryCommand({
        TableName: t.table, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', Limit: 1,
        ExpressionAttributeValues: { ':p': opportunityStageIndex(spaceId, stageId, undefined, '').gsi1pk },
      }));
      return (out.Items ?? []).length > 0;
    },
    listByCustomer: (spaceId, owner, limit, startKey) => pageThrough(t, {
      query: {
        IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :o)', ScanIndexForward: false,
        ExpressionAttributeValues: { ':p': relatedPartition(spaceId, owner.kind, owner.id), ':o': 'opportunity#' },
      },
      keyAttributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'], limit, ...(startKey ? { startKey } : {}),
      hydrate: hydrate(spaceId, (i) => String(i.sk === 'opportunity' ? i.id : i.opportunityId)),
      accept: (o, item) => owner.kind === 'company' ? o.companyId === owner.id : o.contactIds.includes(String(item.contactId)),
    }),
    listByStage: (spaceId, stageId, limit, startKey) => pageThrough(t, {
      query: { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': opportunityStageIndex(spaceId, stageId, undefined, '').gsi1pk } },
      keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], limit, ...(startKey ? { startKey } : {}),
      hydrate: hydrate(spaceId, (i) => String(i.id)),
      accept: (o) => o.stageId === stageId,
    }),
  };
}

