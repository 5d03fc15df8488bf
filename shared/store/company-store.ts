import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Company } from '../domain/companies/company.js';
import { DuplicateDomainError } from '../domain/companies/company-errors.js';
import { normalizeDomain } from '../domain/companies/normalize-domain.js';
import { websiteDomainOf } from '../domain/companies/website.js';
import type { CompanyStore } from '../domain/companies/ports.js';
import { NotFoundError, VersionMismatchError } from '../domain/errors.js';
import { normalizeSearchText } from '../domain/search/search-tokens.js';
import { putAudit } from './audit-store.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { companyDomainKey, companyKey, companyListPartition, companyWebsiteKey } from './keys.js';
import { batchGet } from './batch.js';
import { fieldFilterSpec } from './field-index-store.js';
import { pageThrough } from './page-through.js';
import { itemDoesNotExist, onTable, transact, type TxItem } from './transact.js';
import { versionedUpdate } from './versioned-update.js';
import { ensureWebsiteIndex, websiteIndexComplete, websitesWithoutIndex } from './website-index-backfill.js';

type Item = Record<string, unknown>;
const KEY_ATTRS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity', 'v']);
const CLEARABLE = ['website', 'size', 'region', 'type', 'mergedInto', 'ownerId'];

/** The company record; GSI1 lists live or archived companies by name. */
export const companyItem = (c: Company): Item => ({
  ...companyKey(c.spaceId, c.id), entity: 'company', v: 1, ...c,
  gsi1pk: companyListPartition(c.spaceId, c.status === 'archived' ? 'archived' : 'live'),
  gsi1sk: `${normalizeSearchText(c.name).slice(0, 100)}#${c.id}`,
});
const fromItem = (item: Item): Company => Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.has(k))) as unknown as Company;

const reserveDomain = (spaceId: string, domain: string, companyId: string): TxItem => ({
  action: { Put: { TableName: '', Item: { ...companyDomainKey(spaceId, domain), entity: 'company-domain', v: 1, domain, companyId }, ConditionExpression: itemDoesNotExist } },
  onConditionFailed: (old) => new DuplicateDomainError(domain, String(old?.companyId ?? '')),
});
const releaseDomain = (spaceId: string, domain: string, companyId: string): TxItem => ({
  action: { Delete: { TableName: '', Key: companyDomainKey(spaceId, domain), ConditionExpression: 'companyId = :me', ExpressionAttributeValues: { ':me': companyId } } },
});

/** The website index item of a company (none without a website); a rename of the website moves it. */
export const websiteItems = (before: Company | undefined, after: Company): TxItem[] => {
  const [was, is] = [websiteDomainOf(before?.website), websiteDomainOf(after.website)];
  if (was === is) return [];
  return [
    ...(was ? [{ action: { Delete: { TableName: '', Key: companyWebsiteKey(after.spaceId, was, after.id) } } }] : []),
    ...(is ? [{ action: { Put: { TableName: '', Item: { ...companyWebsiteKey(after.spaceId, is, after.id), entity: 'company-website', v: 1, domain: is, companyId: after.id } } } }] : []),
  ];
};

const readCompany = async (t: TableRef, spaceId: string, id: string) => {
  const out = await t.client.send(new GetCommand({ TableName: t.table, Key: companyKey(spaceId, id), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
};

const indexedIds = async (t: TableRef, spaceId: string, domain: string) => {
  const out = await t.client.send(new QueryCommand({
    TableName: t.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': companyWebsiteKey(spaceId, domain, '').pk }, Limit: 10,
  }));
  return (out.Items ?? []).map((i) => String(i.companyId));
};

/** The first candidate still live, unmerged and on that website now (an index item may be stale). */
async function currentByWebsite(t: TableRef, spaceId: string, domain: string, ids: readonly string[]): Promise<Company | undefined> {
  for (const id of ids) {
    const company = await readCompany(t, spaceId, id);
    if (company && company.status !== 'archived' && !company.mergedInto && websiteDomainOf(company.website) === domain) return company;
  }
  return undefined;
}

/**
 * The website lookup for callers that must write nothing (the first-import preview): the index when
 * the Space is indexed, else one read of the company list per Space and lookup instance, so the same
 * companies are found as after the backfill, which this never runs.
 */
export function readOnlyWebsiteLookup(t: TableRef = defaultTable()) {
  const unindexed = new Map<string, Promise<Map<string, string[]>>>();
  return async (spaceId: string, domain: string): Promise<Company | undefined> => {
    const normalized = normalizeDomain(domain);
    if (!normalized) return undefined;
    if (await websiteIndexComplete(t, spaceId)) return currentByWebsite(t, spaceId, normalized, await indexedIds(t, spaceId, normalized));
    if (!unindexed.has(spaceId)) unindexed.set(spaceId, websitesWithoutIndex(t, spaceId));
    return currentByWebsite(t, spaceId, normalized, (await unindexed.get(spaceId)!).get(normalized) ?? []);
  };
}

/** Companies on the single table: record, one reservation item per domain, one website index item. */
export function createCompanyStore(t: TableRef = defaultTable()): CompanyStore {
  const getCompany = (spaceId: string, id: string) => readCompany(t, spaceId, id);
  return {
    getCompany,
    async findCompanyByDomain(spaceId, domain) {
      const normalized = normalizeDomain(domain);
      if (!normalized) return undefined;
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: companyDomainKey(spaceId, normalized) }));
      return out.Item ? getCompany(spaceId, String(out.Item.companyId)) : undefined;
    },
    async findCompanyByWebsiteDomain(spaceId, domain) {
      const normalized = normalizeDomain(domain);
      if (!normalized) return undefined;
      await ensureWebsiteIndex(t, spaceId);
      return currentByWebsite(t, spaceId, normalized, await indexedIds(t, spaceId, normalized));
    },
    async createCompany(c, audit) {
      await transact(t, onTable(t.table, [
        { action: { Put: { TableName: '', Item: companyItem(c), ConditionExpression: itemDoesNotExist } } },
        ...c.domains.map((d) => reserveDomain(c.spaceId, d, c.id)),
        ...websiteItems(undefined, c),
        putAudit(audit),
      ]));
    },
    async saveCompany(before, after, audits) {
      await transact(t, onTable(t.table, [
        {
          // mergeClaim is owned by merges and never written here.
          action: versionedUpdate(companyKey(after.spaceId, after.id), companyItem(after), before.version, CLEARABLE, ['mergeClaim']),
          onConditionFailed: (old) => old ? new VersionMismatchError(Number(old.version)) : new NotFoundError('company'),
        },
        ...before.domains.filter((d) => !after.domains.includes(d)).map((d) => releaseDomain(after.spaceId, d, after.id)),
        ...after.domains.filter((d) => !before.domains.includes(d)).map((d) => reserveDomain(after.spaceId, d, after.id)),
        ...websiteItems(before, after),
        ...audits.map(putAudit),
      ]));
    },
    listCompanies(spaceId, query) {
      const base = { limit: query.limit, ...(query.startKey ? { startKey: query.startKey } : {}) };
      if (query.field) {
        const hydrate = async (ids: string[]) => (await batchGet(t, ids.map((id) => companyKey(spaceId, id)))).map((i) => (i ? fromItem(i) : undefined));
        return pageThrough<Company>(t, fieldFilterSpec(spaceId, query.field.spec, query.field.condition, base, hydrate,
          (c) => !c.mergedInto && (c.status === 'archived') === !!query.archived));
      }
      const prefix = query.q ? normalizeSearchText(query.q) : undefined;
      return pageThrough<Company>(t, {
        limit: query.limit, ...(query.startKey ? { startKey: query.startKey } : {}),
        keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
        query: {
          IndexName: 'gsi1', KeyConditionExpression: `gsi1pk = :p${prefix ? ' AND begins_with(gsi1sk, :q)' : ''}`,
          ExpressionAttributeValues: { ':p': companyListPartition(spaceId, query.archived ? 'archived' : 'live'), ...(prefix ? { ':q': prefix } : {}) },
        },
        hydrate: async (items) => items.map(fromItem),
        accept: (c) => !c.mergedInto,
      });
    },
  };
}

/** The company owning a domain in the Space (the mail linker and contact suggestions call this). */
export const findCompanyByDomain = (spaceId: string, domain: string, t: TableRef = defaultTable()) =>
  createCompanyStore(t).findCompanyByDomain(spaceId, domain);
