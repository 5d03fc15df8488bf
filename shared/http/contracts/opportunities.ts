import * as z from 'zod';
import { isHeaderSafe, isSinglePlainAddress } from '../../adapters/mailer/mime-safe.js';
import { OPPORTUNITY_LIMITS as L } from '../../domain/opportunities/opportunity.js';
import { lineText } from '../../domain/contacts/text-rules.js';
import { isCurrency } from '../../domain/money/currencies.js';
import { contract } from '../contract.js';
import { createOpportunityExample, ok, opportunityExample, opportunityOrderView, opportunityOrderExample, page, patchOpportunityExample, putStagesExample, quotationExample, stagesExample } from './workspace-examples.js';
import { orderView } from './order-views.js';
import { orderParams } from './orders.js';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'is not an id');
const userId = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'is not a user id');
const currency = z.string().transform((c) => c.toUpperCase()).refine(isCurrency, 'is not a supported ISO 4217 currency');
const idParams = z.strictObject({ id });
const pageQuery = z.strictObject({ limit: z.coerce.number().int().min(1).optional(), cursor: z.string().max(4096).optional() });

const stage = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes'),
  name: lineText(80),
  kind: z.enum(['open', 'won', 'lost']),
});
export const stagesBody = z.strictObject({ stages: z.array(stage).min(3).max(L.stages) });
const stagesView = z.object({ stages: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['open', 'won', 'lost']) })), version: z.number() });

const fields = {
  name: lineText(L.name),
  companyId: id,
  amount: z.number().int().min(0).max(99_999_999_999),
  currency,
  stageId: z.string().max(40),
  expectedCloseDate: z.iso.date(),
  ownerId: userId,
  contactIds: z.array(id).max(L.contacts),
  threadIds: z.array(id).max(L.threads),
  orderIds: z.array(orderParams.shape.id).max(L.orders),
};
const { name, companyId, currency: cur, ...optional } = fields;
export const createOpportunityBody = z.strictObject({ name, companyId, currency: cur, ...z.object(optional).partial().shape });
export const patchOpportunityBody = z.strictObject({ ...fields, expectedCloseDate: fields.expectedCloseDate.nullable() }).partial();

const oneLine = (max: number) => z.string().max(max).refine(isHeaderSafe, 'must be one line without control characters');
export const quotationBody = z.strictObject({
  currency: currency.optional(),
  lines: z.array(z.strictObject({
    productId: id.optional(),
    description: oneLine(500).pipe(z.string().trim().min(1)).optional(),
    quantity: z.number().int().min(1).max(100_000),
    unitAmount: z.number().int().min(0).max(99_999_999_999).optional(),
    priceOverride: z.strictObject({
      unitAmount: z.number().int().min(0).max(99_999_999_999),
      reason: oneLine(200).pipe(z.string().trim().min(3, 'must say why, in at least 3 characters')),
    }).optional(),
  })).min(1).max(L.lines),
});
export const opportunityOrderBody = z.strictObject({
  customerEmail: z.string().trim().max(254).refine(isSinglePlainAddress, 'must be exactly one plain email address (name@example.com)').optional(),
});

const line = z.looseObject({ description: z.string(), quantity: z.number(), unitAmount: z.number(), amount: z.number() });
export const opportunityView = z.object({
  id: z.string(), name: z.string(), companyId: z.string(), amount: z.number(), currency: z.string(), stageId: z.string(), stageKind: z.enum(['open', 'won', 'lost']),
  expectedCloseDate: z.string().nullable(), ownerId: z.string(), contactIds: z.array(z.string()), threadIds: z.array(z.string()), orderIds: z.array(z.string()),
  quotation: z.object({ lines: z.array(line), currency: z.string(), total: z.number(), discountPct: z.number().optional(), at: z.string(), by: z.string() }).nullable(),
  quotationOrderId: z.string().nullable(), closedAt: z.string().nullable(), createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
const opportunityPage = z.object({ items: z.array(opportunityView), nextCursor: z.string().nullable() });
export const listOpportunitiesQuery = z.strictObject({ stageId: z.string().max(40), limit: z.coerce.number().int().min(1).optional(), cursor: z.string().max(4096).optional() });

const tag = 'opportunities';
const fn = 'workspace-api' as const;
export const getStagesOp = contract({ operationId: 'getOpportunityStages', method: 'GET', path: '/settings/opportunity-stages', fn, tag, responses: ok(200, stagesView, stagesExample), summary: 'The Space\'s opportunity stages (defaults until saved; ETag = version)', description: 'The Space\'s opportunity stages (defaults until saved; ETag = version)'});
export const putStagesOp = contract({
  operationId: 'putOpportunityStages', method: 'PUT', path: '/settings/opportunity-stages', fn, tag, role: 'admin', body: stagesBody, responses: ok(200, stagesView, stagesExample),
  summary: 'Save the stages: open ones plus at least one won and one lost; a stage holding opportunities cannot be removed (admin; If-Match: "0" before the first save; 400, 403, 412, 428)', requestExample: putStagesExample, requestHeaders: ['if-match'], description: 'Save the stages: open ones plus at least one won and one lost; a stage holding opportunities cannot be removed (admin; If-Match: "0" before the first save; 400, 403, 412, 428)'});
export const createOpportunityOp = contract({ operationId: 'createOpportunity', method: 'POST', path: '/opportunities', fn, tag, body: createOpportunityBody, responses: ok(201, opportunityView, opportunityExample), summary: 'Open an opportunity with a company (400 unknown company, contact, thread, order, stage or owner)', requestExample: createOpportunityExample, description: 'Open an opportunity with a company (400 unknown company, contact, thread, order, stage or owner)'});
export const listOpportunitiesOp = contract({ operationId: 'listOpportunities', method: 'GET', path: '/opportunities', fn, tag, query: listOpportunitiesQuery, responses: ok(200, opportunityPage, page(opportunityExample)), summary: 'Opportunities in one stage, by expected close date', description: 'Opportunities in one stage, by expected close date'});
export const getOpportunityOp = contract({ operationId: 'getOpportunity', method: 'GET', path: '/opportunities/{id}', fn, tag, params: idParams, responses: ok(200, opportunityView, opportunityExample), problems: ['not-found'], summary: 'An opportunity (ETag = version; 404)', description: 'An opportunity (ETag = version; 404)'});
export const patchOpportunityOp = contract({
  operationId: 'patchOpportunity', method: 'PATCH', path: '/opportunities/{id}', fn, tag, params: idParams, body: patchOpportunityBody, responses: ok(200, opportunityView, opportunityExample),
  problems: ['not-found'], summary: 'Change an opportunity, its stage included; audited with old and new values (If-Match: 428 without, 412 stale; 400; 404)', requestExample: patchOpportunityExample, requestHeaders: ['if-match'], description: 'Change an opportunity, its stage included; audited with old and new values (If-Match: 428 without, 412 stale; 400; 404)'});
export const putQuotationOp = contract({
  operationId: 'putQuotation', method: 'PUT', path: '/opportunities/{id}/quotation', fn, tag, params: idParams, body: quotationBody, responses: ok(200, opportunityView, opportunityExample),
  problems: ['not-found', 'conflict', 'price-mismatch', 'forbidden'], summary: 'Price a quotation from the catalog like an order (other prices admin only, with a reason); sets the amount (If-Match; 400, 403, 409 price-mismatch or once ordered, 412, 428)', requestExample: quotationExample, requestHeaders: ['if-match'], description: 'Price a quotation from the catalog like an order (other prices admin only, with a reason); sets the amount (If-Match; 400, 403, 409 price-mismatch or once ordered, 412, 428)'});
export const companyOpportunitiesOp = contract({ operationId: 'listCompanyOpportunities', method: 'GET', path: '/companies/{id}/opportunities', fn, tag, params: idParams, query: pageQuery, responses: ok(200, opportunityPage, page(opportunityExample)), problems: ['not-found'], summary: 'A company\'s opportunities, newest first (404 unknown company)', description: 'A company\'s opportunities, newest first (404 unknown company)'});
export const contactOpportunitiesOp = contract({ operationId: 'listContactOpportunities', method: 'GET', path: '/contacts/{id}/opportunities', fn, tag, params: idParams, query: pageQuery, responses: ok(200, opportunityPage, page(opportunityExample)), problems: ['not-found'], summary: 'Opportunities a contact takes part in, newest first (404 unknown contact)', description: 'Opportunities a contact takes part in, newest first (404 unknown contact)'});
export const opportunityOrderOp = contract({
  operationId: 'orderFromOpportunity', method: 'POST', path: '/opportunities/{id}/order', fn: 'orders-api', tag, params: idParams, body: opportunityOrderBody,
  responses: { ...ok(201, orderView, opportunityOrderView, 'The new order'), ...ok(200, orderView, opportunityOrderView, 'The order made before for this opportunity') },
  problems: ['not-found', 'opportunity-not-orderable', 'not-chargeable', 'payment-email-limit', 'order-step-failed', 'payment-provider-failed', 'mailer-failed'], summary: 'Turn a won opportunity\'s quotation into an order with its checkout link and payment email, once (201 new, 200 repeat; 404; 409 opportunity-not-orderable; 400 no customer address; 422 not-chargeable; 429; 502)', requestExample: opportunityOrderExample, description: 'Turn a won opportunity\'s quotation into an order with its checkout link and payment email, once (201 new, 200 repeat; 404; 409 opportunity-not-orderable; 400 no customer address; 422 not-chargeable; 429; 502)'});

export const opportunities = [getStagesOp, putStagesOp, createOpportunityOp, listOpportunitiesOp, getOpportunityOp, patchOpportunityOp, putQuotationOp, companyOpportunitiesOp, contactOpportunitiesOp, opportunityOrderOp];
