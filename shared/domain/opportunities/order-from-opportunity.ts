import { createHash } from 'node:crypto';
import type { Actor, Runtime } from '../audit/audit-entry.js';
import { ValidationError, VersionMismatchError } from '../errors.js';
import type { CustomerLookup } from '../orders/customer-discount.js';
import { NotChargeableError } from '../orders/order-errors.js';
import { orderIdFor } from '../orders/order-identity.js';
import { auditFor, ensureCheckout, ensureEmailSent, type OrderStepDeps } from '../orders/order-steps.js';
import type { Order } from '../orders/order.js';
import { assertEmailBudgetLeft } from '../orders/payment-email-limits.js';
import { OpportunityNotOrderableError } from './opportunity-errors.js';
import type { Opportunity } from './opportunity.js';
import { loadOpportunity, save } from './opportunity-use-cases.js';
import type { OpportunityStore } from './ports.js';

export interface OpportunityOrderDeps extends OrderStepDeps {
  readonly opportunities: OpportunityStore;
  readonly customers: CustomerLookup;
  readonly rt: Runtime;
}

/**
 * Turns a won deal's quotation into an order, once: the order id derives from the Space and the
 * deal, so repeats and concurrent calls meet on one order. Then, as for an order from mail, its
 * Checkout Session and payment email (each step recorded; a repeat finishes a failed one). The deal
 * keeps the order's id.
 * @throws NotFoundError, OpportunityNotOrderableError, ValidationError (no customer address),
 *   NotChargeableError, PaymentEmailLimitError, OrderStepFailedError
 */
export async function orderFromOpportunity(deps: OpportunityOrderDeps, actor: Actor, input: { opportunityId: string; customerEmail?: string }): Promise<{ order: Order; created: boolean }> {
  const opp = await loadOpportunity(deps, actor.spaceId, input.opportunityId);
  if (opp.stageKind !== 'won') throw new OpportunityNotOrderableError('not-won');
  if (!opp.quotation) throw new OpportunityNotOrderableError('no-quotation');
  const id = orderIdFor(actor.spaceId, `opportunity#${opp.id}`);
  let order = await deps.orders.getOrder(actor.spaceId, id);
  let created = false;
  if (!order) ({ order, created } = await createFrom(deps, actor, opp, id, input.customerEmail));
  await recordOnDeal(deps, actor, opp, id);
  order = await ensureCheckout(deps, order, actor.userId);
  order = await ensureEmailSent(deps, order, actor.userId);
  return { order, created };
}

async function createFrom(deps: OpportunityOrderDeps, actor: Actor, opp: Opportunity, id: string, email?: string) {
  const q = opp.quotation!;
  const contactId = opp.contactIds[0];
  const contact = contactId ? await deps.customers.contactById(actor.spaceId, contactId) : undefined;
  const customerEmail = email ?? contact?.emails[0];
  if (!customerEmail) throw new ValidationError([{ pointer: '#/customerEmail', detail: 'the opportunity has no contact with an address: send customerEmail' }]);
  const refusals = deps.payments.chargeIssues({ currency: q.currency, lines: q.lines });
  if (refusals.length > 0) throw new NotChargeableError(refusals);
  await assertEmailBudgetLeft(deps.emailQuota, actor.spaceId, deps.runtime.now());
  const now = deps.runtime.now().toISOString();
  const order: Order = {
    spaceId: actor.spaceId, id, channel: 'crm_opportunity', status: 'awaiting_payment', opportunityId: opp.id,
    customerEmail, memo: opp.name, currency: q.currency, lines: q.lines, total: q.total, ...(q.discountPct ? { discountPct: q.discountPct } : {}),
    ...(contactId ? { contactId } : {}), companyId: opp.companyId,
    fingerprint: createHash('sha256').update(JSON.stringify(q)).digest('hex'), checkoutAttempt: 1, steps: {},
    history: [{ status: 'awaiting_payment', at: now, cause: 'opportunity-won' }], createdBy: actor.userId, createdAt: now, updatedAt: now,
  };
  return deps.orders.createOrder(order, auditFor(deps, 'create', actor.userId, { opportunityId: opp.id }));
}

/** The deal names its order (retried on a concurrent edit: the order exists either way). */
async function recordOnDeal(deps: OpportunityOrderDeps, actor: Actor, opp: Opportunity, orderId: string): Promise<void> {
  let current = opp;
  for (let attempt = 0; attempt < 3 && current.quotationOrderId !== orderId; attempt++) {
    try {
      await save(deps, actor, current, {
        ...current, quotationOrderId: orderId, orderIds: [...new Set([...current.orderIds, orderId])], updatedAt: deps.rt.now().toISOString(), version: current.version + 1,
      });
      return;
    } catch (err) {
      if (!(err instanceof VersionMismatchError)) throw err;
      current = await loadOpportunity(deps, actor.spaceId, opp.id);
    }
  }
}
