import { toOpportunityView, type Opportunity } from '../../domain/opportunities/opportunity.js';
import { changeOpportunity, createOpportunity, loadOpportunity, saveStages } from '../../domain/opportunities/opportunity-use-cases.js';
import { setQuotation } from '../../domain/opportunities/quotation.js';
import { requireCustomer } from '../../deps/customer-records.js';
import { opportunityDeps } from '../../deps/workspace-deps.js';
import { actorOf, actorWithRole } from '../actor.js';
import {
  companyOpportunitiesOp, contactOpportunitiesOp, createOpportunityOp, getOpportunityOp, getStagesOp, listOpportunitiesOp, patchOpportunityOp, putQuotationOp, putStagesOp,
} from '../contracts/opportunities.js';
import { implement, type HttpRequest, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';

const deal = (o: Opportunity, status = 200) => ({ status, body: toOpportunityView(o), headers: { etag: etagOf(o.version) } });

const opportunitiesOf = (kind: 'contact' | 'company') => {
  const op = kind === 'contact' ? contactOpportunitiesOp : companyOpportunitiesOp;
  return async (r: HttpRequest<typeof op>) => {
    await requireCustomer(kind, r.auth.spaceId, r.params.id);
    const page = await opportunityDeps().opportunities.listByCustomer(r.auth.spaceId, { kind, id: r.params.id }, pageLimit(r.query.limit), await readCursor(op, r));
    return pageReply(op, r, page, toOpportunityView);
  };
};

/** Opportunities: the stage pipeline, deals and their quotations. */
export const opportunityRoutes: Operation[] = [
  implement(getStagesOp, async ({ auth }) => {
    const config = await opportunityDeps().opportunities.getStages(auth.spaceId);
    return { body: config, headers: { etag: etagOf(config.version) } };
  }),
  implement(putStagesOp, async (r) => {
    const config = await saveStages(opportunityDeps(), actorOf(r), r.body.stages, expectedVersion(r.headers));
    return { body: config, headers: { etag: etagOf(config.version) } };
  }),
  implement(createOpportunityOp, async (r) => deal(await createOpportunity(opportunityDeps(), actorOf(r), {
    ...r.body, amount: r.body.amount ?? 0, ownerId: r.body.ownerId ?? r.auth.userId, contactIds: r.body.contactIds ?? [], threadIds: r.body.threadIds ?? [], orderIds: r.body.orderIds ?? [],
  }), 201)),
  implement(listOpportunitiesOp, async (r) => {
    const page = await opportunityDeps().opportunities.listByStage(r.auth.spaceId, r.query.stageId, pageLimit(r.query.limit), await readCursor(listOpportunitiesOp, r));
    return pageReply(listOpportunitiesOp, r, page, toOpportunityView);
  }),
  implement(getOpportunityOp, async ({ auth, params }) => deal(await loadOpportunity(opportunityDeps(), auth.spaceId, params.id))),
  implement(patchOpportunityOp, async (r) => deal(await changeOpportunity(opportunityDeps(), actorOf(r), r.params.id, expectedVersion(r.headers), r.body))),
  implement(putQuotationOp, async (r) => deal(await setQuotation(opportunityDeps(), actorWithRole(r), r.params.id, expectedVersion(r.headers), r.body))),
  implement(companyOpportunitiesOp, opportunitiesOf('company')),
  implement(contactOpportunitiesOp, opportunitiesOf('contact')),
];
