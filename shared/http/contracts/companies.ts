import { z } from 'zod';
import { COMPANY_LIMITS as L, COMPANY_TIERS } from '../../domain/companies/company.js';
import { normalizeDomain } from '../../domain/companies/normalize-domain.js';
import { normalizeWebsite } from '../../domain/companies/website.js';
import { customFieldsSchema } from '../../domain/contacts/custom-fields.js';
import { keyText, lineText } from '../../domain/contacts/text-rules.js';
import { MAX_QUERY_CHARS } from '../../domain/search/search-tokens.js';
import { contract } from '../contract.js';
import { idParams, mergeBody, tagsSchema } from './contacts.js';
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
  customFields: customFieldsSchema,
};
export const createCompanyBody = z.strictObject({ name: text(L.name), ...z.object(companyFields).partial().shape });
export const patchCompanyBody = z.strictObject({ name: text(L.name), ...companyFields }).partial();
export const listCompaniesQuery = z.strictObject({
  q: z.string().max(MAX_QUERY_CHARS).optional(),
  status: z.enum(['active', 'archived']).optional(),
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().max(4096).optional(),
  ...fieldFilterQuery,
});

const tag = 'companies';
const fn = 'companies-api' as const;
export const listCompaniesOp = contract({ operationId: 'listCompanies', method: 'GET', path: '/companies', fn, tag, summary: 'List companies by name (q = name prefix)', query: listCompaniesQuery });
export const createCompanyOp = contract({ operationId: 'createCompany', method: 'POST', path: '/companies', fn, tag, summary: 'Create a company', body: createCompanyBody });
export const getCompanyOp = contract({ operationId: 'getCompany', method: 'GET', path: '/companies/{id}', fn, tag, summary: 'Read a company (ETag = version)', params: idParams });
export const patchCompanyOp = contract({ operationId: 'patchCompany', method: 'PATCH', path: '/companies/{id}', fn, tag, summary: 'Change a company (If-Match required)', params: idParams, body: patchCompanyBody });
export const archiveCompanyOp = contract({ operationId: 'archiveCompany', method: 'DELETE', path: '/companies/{id}', fn, tag, summary: 'Archive a company (its domains stay reserved)', params: idParams });
export const restoreCompanyOp = contract({ operationId: 'restoreCompany', method: 'POST', path: '/companies/{id}/restore', fn, tag, summary: 'Restore an archived company', params: idParams, successStatus: 200 });
export const mergeCompaniesOp = contract({ operationId: 'mergeCompanies', method: 'POST', path: '/companies/merge', fn, tag, summary: 'Merge companies into a master (preview or confirm)', body: mergeBody, role: 'admin', successStatus: 200 });

export const companies = [listCompaniesOp, createCompanyOp, getCompanyOp, patchCompanyOp, archiveCompanyOp, restoreCompanyOp, mergeCompaniesOp];
