import { once } from '../shared/config/config.js';
import { systemRuntime } from '../shared/domain/audit/system-runtime.js';
import { toCompanyView, type Company } from '../shared/domain/companies/company.js';
import { createCompany, loadCompany, patchCompany, setCompanyArchived, type CompanyDeps } from '../shared/domain/companies/company-use-cases.js';
import { mergeRecords } from '../shared/domain/contacts/merge-records.js';
import {
  archiveCompanyOp, createCompanyOp, getCompanyOp, listCompaniesOp, mergeCompaniesOp, patchCompanyOp, restoreCompanyOp,
} from '../shared/http/contracts/companies.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { etagOf, expectedVersion } from '../shared/http/if-match.js';
import { pageLimit, readCursor, writeCursor } from '../shared/http/page-cursor.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { createCompanyStore } from '../shared/store/company-store.js';
import { companyMergeDeps } from '../shared/store/merge-store.js';
import { fieldFilterOf } from '../shared/domain/custom-fields/field-filter.js';
import { customFieldDeps } from '../shared/wiring/custom-field-deps.js';
import { companyViewFilter } from '../shared/domain/customers/view-filter.js';
import { createCustomerViewStore } from '../shared/store/customer-view-store.js';
import { defaultTable } from '../shared/store/dynamo.js';
import { indexedCompanies, refreshMerged } from '../shared/wiring/customer-views.js';

const views = once(() => createCustomerViewStore(defaultTable()));
const deps = once((): CompanyDeps => ({ companies: indexedCompanies(createCompanyStore(), views()), rt: systemRuntime, customFields: customFieldDeps() }));
const mergeDeps = once(() => companyMergeDeps());
const actorOf = (r: { auth: { spaceId: string; userId: string }; requestId: string }) => ({ spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId });
const reply = (c: Company, status = 200) => ({ status, body: toCompanyView(c), headers: { etag: etagOf(c.version) } });

export const handler = httpHandler(...recordingStaff(
  implement(listCompaniesOp, async ({ auth, query }) => {
    const view = companyViewFilter(query, deps().rt.now());
    if (view) {
      const page = await views().listCompanies(auth.spaceId, view, {
        limit: pageLimit(query.limit), ...(query.cursor ? { startKey: await readCursor(listCompaniesOp, { auth, query }) } : {}),
      });
      return { body: { items: page.items.map(toCompanyView), nextCursor: (await writeCursor(listCompaniesOp, { auth, query }, page.lastKey)) ?? null } };
    }
    const field = await fieldFilterOf(deps().customFields, auth.spaceId, 'company', query, ['q']);
    const page = await deps().companies.listCompanies(auth.spaceId, {
      ...(field ? { field } : {}),
      ...(query.q ? { q: query.q } : {}), archived: query.status === 'archived', limit: pageLimit(query.limit),
      ...(query.cursor ? { startKey: await readCursor(listCompaniesOp, { auth, query }) } : {}),
    });
    return { body: { items: page.items.map(toCompanyView), nextCursor: (await writeCursor(listCompaniesOp, { auth, query }, page.lastKey)) ?? null } };
  }),
  implement(createCompanyOp, async (r) => reply(await createCompany(deps(), actorOf(r), r.body), 201)),
  implement(getCompanyOp, async ({ auth, params }) => reply(await loadCompany(deps(), auth.spaceId, params.id))),
  implement(patchCompanyOp, async (r) => {
    const version = expectedVersion(r.headers);
    return reply(await patchCompany(deps(), actorOf(r), r.params.id, version, r.body));
  }),
  implement(archiveCompanyOp, async (r) => reply(await setCompanyArchived(deps(), actorOf(r), r.params.id, true))),
  implement(restoreCompanyOp, async (r) => reply(await setCompanyArchived(deps(), actorOf(r), r.params.id, false))),
  implement(mergeCompaniesOp, async (r) => {
    const body = await mergeRecords(mergeDeps(), actorOf(r), 'company', r.body);
    if (!r.body.preview) await refreshMerged(views(), r.auth.spaceId, 'company', [r.body.masterId, ...r.body.mergedIds]);
    return { body };
  }),
));
