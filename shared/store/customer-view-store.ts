import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Company } from '../domain/companies/company.js';
import type { Contact } from '../domain/contacts/contact.js';
import type { CustomerStats } from '../domain/customers/customer-stats.js';
import { companyView, contactView, primaryFacet, viewMatches, type CustomerView, type ViewFilter } from '../domain/customers/customer-views.js';
import type { CustomerViewIndex, ViewKind, ViewPage } from '../domain/customers/ports.js';
import { batchGet, batchWrite } from './batch.js';
import { contactFromItem } from './contact-items.js';
import type { TableRef } from './dynamo.js';
import { companyKey, contactKey, customerStatsKey, customerViewKey, customerViewPartition, customerViewStateKey, type Key } from './keys.js';
import { pageThrough } from './page-through.js';
import { isConditionFailure, itemDoesNotExist } from './transact.js';

type Item = Record<string, unknown>;
const KEY_ATTRS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity', 'v']);
const companyFromItem = (item: Item): Company => Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.has(k))) as unknown as Company;
const recordKey = (s: string, kind: ViewKind, id: string): Key => (kind === 'company' ? companyKey : contactKey)(s, id);
const stateView = (state: Item | undefined): CustomerView | undefined =>
  state && (state.facets as string[]).length > 0 ? { facets: state.facets as string[], day: String(state.day) } : undefined;
const sameView = (a: CustomerView | undefined, b: CustomerView | undefined) =>
  a?.day === b?.day && JSON.stringify([...(a?.facets ?? [])].sort()) === JSON.stringify([...(b?.facets ?? [])].sort());
const MAX_ATTEMPTS = 8;

const facetItem = (k: Key, kind: ViewKind, id: string): Item => ({ ...k, entity: `${kind}-view`, v: 1, id });
const stateItem = (spaceId: string, kind: ViewKind, id: string, view: CustomerView | undefined, version: number): Item =>
  ({ ...customerViewStateKey(spaceId, kind, id), entity: `${kind}-view-state`, v: 1, facets: view?.facets ?? [], day: view?.day ?? '', version });

/** Every item a new record's view consists of, for bulk seeding with BatchWrite (benchmarks, fixtures). */
export const viewSeedItems = (spaceId: string, kind: ViewKind, id: string, view: CustomerView): Item[] => [
  ...view.facets.map((f) => facetItem(customerViewKey(spaceId, kind, f, view.day, id), kind, id)), stateItem(spaceId, kind, id, view, 1),
];

/**
 * The customer views on the single table (access-patterns.md "customer view"): index items per
 * facet, and beside each record the view it is listed under. The state item is the truth: a list
 * keeps an index item only while the state still names its facet and day, so an item left behind
 * by a crash or a lost race is skipped, never shown.
 */
export function createCustomerViewStore(t: TableRef): CustomerViewIndex {
  const keysOf = (s: string, kind: ViewKind, id: string, v: CustomerView | undefined) =>
    (v?.facets ?? []).map((f) => customerViewKey(s, kind, f, v!.day, id));

  /** A record's view from its item and aggregates; a contact's also reads its company (for the tier). */
  async function viewOf(spaceId: string, kind: ViewKind, item: Item | undefined, stats: CustomerStats | undefined): Promise<CustomerView | undefined> {
    if (!item) return undefined;
    if (kind === 'company') return companyView(companyFromItem(item), stats);
    const contact = contactFromItem(item);
    const [company] = contact.companyId ? await batchGet(t, [companyKey(spaceId, contact.companyId)]) : [undefined];
    return contactView(contact, company ? companyFromItem(company) : undefined, stats);
  }

  async function refresh(spaceId: string, kind: ViewKind, id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const [record, stats, state] = await batchGet(t, [recordKey(spaceId, kind, id), customerStatsKey(spaceId, kind, id), customerViewStateKey(spaceId, kind, id)]);
      const next = await viewOf(spaceId, kind, record, stats?.stats as CustomerStats | undefined);
      const prev = stateView(state);
      if (sameView(prev, next)) return;
      const version = Number(state?.version ?? 0);
      const oldKeys = keysOf(spaceId, kind, id, prev);
      const newKeys = keysOf(spaceId, kind, id, next);
      const has = (list: Key[], k: Key) => list.some((x) => x.pk === k.pk && x.sk === k.sk);
      await batchWrite(t, newKeys.filter((k) => !has(oldKeys, k)).map((k) => facetItem(k, kind, id)));
      try {
        await t.client.send(new PutCommand({
          TableName: t.table,
          Item: stateItem(spaceId, kind, id, next, version + 1),
          ConditionExpression: version === 0 ? itemDoesNotExist : 'version = :v', ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
        }));
      } catch (err) {
        if (!isConditionFailure(err) || attempt >= MAX_ATTEMPTS) throw err;
        continue;
      }
      await batchWrite(t, [], oldKeys.filter((k) => !has(newKeys, k)));
      return;
    }
  }

  async function list<T>(spaceId: string, kind: ViewKind, filter: ViewFilter, page: { limit: number; startKey?: Record<string, unknown> }, from: (i: Item) => T): Promise<ViewPage<T>> {
    const facet = primaryFacet(filter);
    return pageThrough<T>(t, {
      limit: page.limit, ...(page.startKey ? { startKey: page.startKey } : {}), keyAttributes: ['pk', 'sk'],
      query: {
        KeyConditionExpression: `pk = :p${filter.activeBefore ? ' AND sk < :d' : ''}`, ScanIndexForward: false,
        ExpressionAttributeValues: { ':p': customerViewPartition(spaceId, kind, facet), ...(filter.activeBefore ? { ':d': filter.activeBefore } : {}) },
      },
      hydrate: async (items) => {
        const ids = items.map((i) => String(i.id));
        const got = await batchGet(t, ids.flatMap((id) => [recordKey(spaceId, kind, id), customerViewStateKey(spaceId, kind, id)]));
        return items.map((item, n) => {
          const [record, state] = [got[2 * n], got[2 * n + 1]];
          const view = stateView(state);
          const current = view && view.facets.includes(facet) && `${view.day}#${String(item.id)}` === String(item.sk);
          // A merge confirmed elsewhere (a merge request) may not have refreshed yet: the record decides.
          const live = record && !record.mergedInto && record.status !== 'archived';
          return live && current && viewMatches(view, filter) ? from(record) : undefined;
        });
      },
      accept: () => true,
    });
  }

  return {
    refresh,
    async refreshMembers(spaceId, companyId) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await t.client.send(new QueryCommand({
          TableName: t.table, KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)', ProjectionExpression: 'contactId',
          ExpressionAttributeValues: { ':p': companyKey(spaceId, companyId).pk, ':c': 'contact#' }, ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }));
        for (const item of out.Items ?? []) await refresh(spaceId, 'contact', String(item.contactId));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    },
    listCompanies: (spaceId, filter, page) => list<Company>(spaceId, 'company', filter, page, companyFromItem),
    listContacts: (spaceId, filter, page) => list<Contact>(spaceId, 'contact', filter, page, contactFromItem),
  };
}
