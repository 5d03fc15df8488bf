import { toCompanyView, type Company } from '../../domain/companies/company.js';
import { createCompany, loadCompany, patchCompany, setCompanyArchived } from '../../domain/companies/company-use-cases.js';
import { mergeRecords } from '../../domain/contacts/merge-records.js';
import { fieldFilterOf } from '../../domain/custom-fields/field-filter.js';
import { relinkNewDomains } from '../../deps/company-relink.js';
import { companyDeps, companyMerge, companyViews } from '../../deps/crm-deps.js';
import { refreshMerged } from '../../deps/customer-views.js';
import { companyViewFilter } from '../../domain/customers/view-filter.js';
import { actorOf } from '../actor.js';
import {
  archiveCompanyOp, createCompanyOp, getCompanyOp, listCompaniesOp, mergeCompaniesOp, patchCompanyOp, restoreCompanyOp,
} from '../contracts/companies.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';

const reply = (c: Company, status = 200) => ({ status, body: toCompanyView(c), headers: { etag: etagOf(c.version) } });

/** Companies: list with filters, create, read, change, archive, restore, merge. */
export const companyRoutes: Operation[] = [
  implement(listCompaniesOp, async ({ auth, query }) => {
    const view = companyViewFilter(query, companyDeps().rt.now());
    if (view) {
      const page = await companyViews().listCompanies(auth.spaceId, view, {
        limit: pageLimit(query.limit), ...(query.cursor ? { startKey: await readCursor(listCompaniesOp, { auth, query }) } : {}),
      });
      return pageReply(listCompaniesOp, { auth, query }, page, toCompanyView);
    }
    const field = await fieldFilterOf(companyDeps().customFields, auth.spaceId, 'company', query, ['q']);
    const page = await companyDeps().companies.listCompanies(auth.spaceId, {
      ...(field ? { field } : {}),
      ...(query.q ? { q: query.q } : {}), archived: query.status === 'archived', limit: pageLimit(query.limit),
      ...(query.cursor ? { startKey: await readCursor(listCompaniesOp, { auth, query }) } : {}),
    });
    return pageReply(listCompaniesOp, { auth, query }, page, toCompanyView);
  }),
  implement(createCompanyOp, async (r) => {
    const company = await createCompany(companyDeps(), actorOf(r), r.body);
    await relinkNewDomains({ before: [], after: company, actor: actorOf(r), at: company.updatedAt });
    return reply(company, 201);
  }),
  implement(getCompanyOp, async ({ auth, params }) => reply(await loadCompany(companyDeps(), auth.spaceId, params.id))),
  implement(patchCompanyOp, async (r) => {
    const version = expectedVersion(r.headers);
    const before = r.body.domains ? await loadCompany(companyDeps(), r.auth.spaceId, r.params.id) : undefined;
    const after = await patchCompany(companyDeps(), actorOf(r), r.params.id, version, r.body);
    if (before) await relinkNewDomains({ before: before.domains, after, actor: actorOf(r), at: after.updatedAt });
    return reply(after);
  }),
  implement(archiveCompanyOp, async (r) => reply(await setCompanyArchived(companyDeps(), actorOf(r), r.params.id, true))),
  implement(restoreCompanyOp, async (r) => {
    const company = await setCompanyArchived(companyDeps(), actorOf(r), r.params.id, false);
    await relinkNewDomains({ before: [], after: company, actor: actorOf(r), at: company.updatedAt });
    return reply(company);
  }),
  implement(mergeCompaniesOp, async (r) => {
    const body = await mergeRecords(companyMerge(), actorOf(r), 'company', r.body);
    if (!r.body.preview) {
      await refreshMerged(companyViews(), r.auth.spaceId, 'company', [r.body.masterId, ...r.body.mergedIds]);
      // The survivor's domains' past mail (a merged company's may never have been linked to anyone): relinks skip what is linked.
      const survivor = await loadCompany(companyDeps(), r.auth.spaceId, r.body.masterId);
      await relinkNewDomains({ before: [], after: survivor, actor: actorOf(r), at: survivor.updatedAt });
    }
    return { body };
  }),
];
