import * as z from 'zod';
import { COMPANY_LIMITS as L, COMPANY_TIERS } from '../../domain/companies/company.js';
import { normalizeDomain } from '../../domain/companies/normalize-domain.js';
import { normalizeWebsite } from '../../domain/companies/website.js';
import { customFieldsSchema } from '../../domain/contacts/custom-fields.js';
import { keyText, lineText } from '../../domain/contacts/text-rules.js';
import { MAX_QUERY_CHARS } from '../../domain/search/search-tokens.js';
import { contract } from '../contract.js';
import { companyId, ETAG_NOTE, idParamsOf, pageFields, pageOf, staffUserId } from './common.js';
import { mergeBodyOf, tagsSchema } from './contacts.js';
import { companyExample, companyView, mergeResultOf, pageExample } from './crm-views.js';
import { fieldFilterQuery } from './custom-fields.js';

const text = lineText;
/** A domain or URL, normalized (IDN to ASCII, no scheme, www. or path) and validated. */
export const domainSchema = keyText(2048).transform((value, ctx) => {
  const domain = normalizeDomain(value);
  if (!domain) ctx.addIssue({ code: 'custom', message: 'is not a valid domain' });
  return domain ?? '';
});
/** A website: http(s) only, normalized (see normalizeWebsite). */
const websiteSchema = keyText(2048).transform((value, ctx) => {
  const url = normalizeWebsite(value);
  if (!url) ctx.addIssue({ code: 'custom', message: 'must be an http or https address of a named host, without credentials' });
  return url ?? '';
});

const companyFields = {
  domains: z.array(domainSchema).max(L.domains),
  website: websiteSchema.nullable(),
  tier: z.enum(COMPANY_TIERS),
  size: text(L.text).nullable(),
  region: text(L.text).nullable(),
  type: text(L.text).nullable(),
  tags: tagsSchema,
  ownerId: staffUserId.nullable().meta({ description: 'The staff user responsible (a user of the Space); `null` clears' }),
  customFields: customFieldsSchema,
};
export const createCompanyBody = z.strictObject({ name: text(L.name), ...z.object(companyFields).partial().shape });
export const patchCompanyBody = z.strictObject({ name: text(L.name), ...companyFields }).partial();
export const listCompaniesQuery = z.strictObject({
  q: z.string().max(MAX_QUERY_CHARS).optional(),
  status: z.enum(['active', 'archived']).optional(),
  segment: z.enum(['active', 'potential']).optional()
    .meta({ description: '`active`: has paid an order; `potential`: not yet' }),
  tier: z.enum(COMPANY_TIERS).optional().meta({ description: '`key_account` lists the key accounts' }),
  tag: text(L.tag).optional(),
  ownerId: staffUserId.optional().meta({ description: 'Companies this staff user owns' }),
  createdSince: z.literal('this_month').optional().meta({ description: '`this_month`: created in the current UTC month' }),
  dormantDays: z.coerce.number().int().min(1).max(3650).optional().meta({ description: 'No activity (mail, logged interaction) for this many days' }),
  sort: z.enum(['name', 'lastActivityAt']).optional()
    .meta({ description: '`name` (default without view filters) or `lastActivityAt`, newest first (always, with a view filter)' }),
  ...pageFields,
  ...fieldFilterQuery,
});

const tag = 'companies';
const fn = 'companies-api' as const;
const idParams = idParamsOf(companyId);
const one = (description: string, status = 200) =>
  ({ [status]: { description, body: companyView, example: companyExample, headers: ['etag' as const] } });
const mergeExample = { preview: false, masterId: companyExample.id, mergedIds: ['01JDQ3N0P2Q4R6S8T0V2W4X6Y8'], record: companyExample, moved: { 'company-domains': 1, 'company-members': 3 } };

export const listCompaniesOp = contract({
  operationId: 'listCompanies', method: 'GET', path: '/companies', fn, tag, summary: 'List companies by name (q = name prefix)', query: listCompaniesQuery,
  description: 'Sorted by name. Archived companies are listed only with `status=archived`. The view filters (`segment`, `tier`, `tag`, `ownerId`, `createdSince`, `dormantDays`) and `sort=lastActivityAt` read the customer-view index: live companies, most recent activity first. They combine with each other, not with `q`, `status=archived` or a custom-field filter (400).',
  responses: { 200: { description: 'One page of companies', body: pageOf(companyView), example: pageExample(companyExample) } },
});
export const createCompanyOp = contract({
  operationId: 'createCompany', method: 'POST', path: '/companies', fn, tag, summary: 'Create a company', body: createCompanyBody,
  description: `Domains and URLs are normalized; each domain belongs to one company of the Space (409 \`duplicate-domain\`). ${ETAG_NOTE}`,
  requestExample: { name: 'Northwind Traders', domains: ['https://www.Northwind.example/about'], tier: 'key_account' },
  responses: one('The new company', 201), problems: ['duplicate-domain', 'conflict'],
});
export const getCompanyOp = contract({
  operationId: 'getCompany', method: 'GET', path: '/companies/{id}', fn, tag, summary: 'Read a company (ETag = version)', params: idParams,
  description: ETAG_NOTE, responses: one('The company'), problems: ['not-found'],
});
export const patchCompanyOp = contract({
  operationId: 'patchCompany', method: 'PATCH', path: '/companies/{id}', fn, tag, summary: 'Change a company (If-Match required)', params: idParams, body: patchCompanyBody,
  description: 'Fields left out stay as they are; `null` clears an optional field. If-Match must carry the current version (428 without, 412 when stale).',
  requestHeaders: ['if-match'], requestExample: { tier: 'vip', region: 'EMEA' },
  responses: one('The changed company'), problems: ['not-found', 'duplicate-domain', 'record-merged', 'conflict', 'merge-in-progress'],
});
export const archiveCompanyOp = contract({
  operationId: 'archiveCompany', method: 'DELETE', path: '/companies/{id}', fn, tag, summary: 'Archive a company (its domains stay reserved)', params: idParams,
  description: 'DELETE archives: the company leaves the default list, keeps its data and domains and comes back with POST /companies/{id}/restore.',
  responses: one('The archived company'), problems: ['not-found', 'record-merged', 'conflict', 'merge-in-progress'],
});
export const restoreCompanyOp = contract({
  operationId: 'restoreCompany', method: 'POST', path: '/companies/{id}/restore', fn, tag, summary: 'Restore an archived company', params: idParams, successStatus: 200,
  description: 'A live company is returned unchanged.',
  responses: one('The restored company'), problems: ['not-found', 'record-merged', 'conflict', 'merge-in-progress'],
});
export const mergeCompaniesOp = contract({
  operationId: 'mergeCompanies', method: 'POST', path: '/companies/merge', fn, tag, summary: 'Merge companies into a master (preview or confirm)', body: mergeBodyOf(companyId), role: 'admin', successStatus: 200,
  description: '`preview: true` returns the result without writing. A confirm moves domains, contacts and mail links to the master and can be repeated safely.',
  requestExample: { masterId: companyExample.id, mergedIds: ['01JDQ3N0P2Q4R6S8T0V2W4X6Y8'], fields: { tier: '01JDQ3N0P2Q4R6S8T0V2W4X6Y8' } },
  responses: { 200: { description: 'The merge result (or preview)', body: mergeResultOf(companyView, companyId, 'CompanyMergeResult'), example: mergeExample } },
  problems: ['not-found', 'record-merged', 'conflict', 'merge-in-progress'],
});

export const companies = [listCompaniesOp, createCompanyOp, getCompanyOp, patchCompanyOp, archiveCompanyOp, restoreCompanyOp, mergeCompaniesOp];
