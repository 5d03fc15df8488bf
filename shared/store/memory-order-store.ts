import { ConflictError } from '../domain/errors.js';
import { MessageHasOrderError } from '../domain/orders/order-errors.js';
import type { Order } from '../domain/orders/order.js';
import type { OrderAudit, OrderStore } from '../domain/orders/ports.js';

type Claim = { token: string; at: string };
type Stored = Order & { emailClaim?: Claim; receiptClaim?: Claim; resendToken?: string };

/**
 * The in-memory twin of the DynamoDB order store, with the same conditional semantics, for unit
 * tests. `audit`, `markers` and `failNext` let tests check outcomes and inject store failures.
 */
export function createMemoryOrderStore() {
  const orders = new Map<string, Stored>();
  const messageClaims = new Map<string, string>();
  const markers = new Set<string>();
  const intents = new Map<string, string>();
  const audit: (OrderAudit & { orderId: string })[] = [];
  const key = (s: string, id: string) => `${s}/${id}`;
  const copy = (o: Stored | undefined): Order | undefined => {
    if (!o) return undefined;
    const { emailClaim: _c, receiptClaim: _r, resendToken: _t, ...rest } = structuredClone(o);
    return rest;
  };
  // As in DynamoDB: an update of a missing order is a conflict, a claim on one fails, a release is a no-op.
  const must = (s: string, id: string): Stored => {
    const o = orders.get(key(s, id));
    if (!o) throw new ConflictError('The order vanished while it was being updated', { orderId: id });
    return o;
  };
  const found = (s: string, id: string): Stored | undefined => orders.get(key(s, id));
  const set = (o: Stored) => orders.set(key(o.spaceId, o.id), o);
  const tick = () => Promise.resolve();

  const store: OrderStore = {
    async getOrder(s, id) { await tick(); return copy(orders.get(key(s, id))); },
    async createOrder(order, a) {
      await tick();
      const existing = orders.get(key(order.spaceId, order.id));
      if (existing) return { created: false, order: copy(existing)! };
      if (order.messageId !== undefined) {
        const claimed = messageClaims.get(key(order.spaceId, order.messageId));
        if (claimed && claimed !== order.id) throw new MessageHasOrderError(claimed);
        messageClaims.set(key(order.spaceId, order.messageId), order.id);
      }
      set(structuredClone(order));
      audit.push({ ...a, orderId: order.id });
      return { created: true, order: copy(orders.get(key(order.spaceId, order.id)))! };
    },
    async recordCheckout(s, id, checkout, a) {
      await tick();
      const o = must(s, id);
      if (!o.checkout && o.checkoutAttempt === checkout.attempt) {
        set({ ...o, checkout, steps: { ...o.steps, checkout: a.at }, updatedAt: a.at });
        audit.push({ ...a, orderId: id });
      }
      return copy(must(s, id))!;
    },
    async claimEmail(s, id, claim) {
      await tick();
      const o = found(s, id);
      if (!o || o.steps.email || (o.emailClaim && o.emailClaim.at >= claim.staleBefore)) return false;
      set({ ...o, emailClaim: { token: claim.token, at: claim.at } });
      return true;
    },
    async releaseEmail(s, id, token) {
      await tick();
      const o = found(s, id);
      if (o?.emailClaim?.token === token) set({ ...o, emailClaim: undefined });
    },
    async claimReceipt(s, id, claim) {
      await tick();
      const o = found(s, id);
      if (!o || o.status !== 'paid' || o.steps.receipt || (o.receiptClaim && o.receiptClaim.at >= claim.staleBefore)) return false;
      set({ ...o, receiptClaim: { token: claim.token, at: claim.at } });
      return true;
    },
    async releaseReceipt(s, id, token) {
      await tick();
      const o = found(s, id);
      if (o?.receiptClaim?.token === token) set({ ...o, receiptClaim: undefined });
    },
    async claimResend(s, id, claim) {
      await tick();
      const o = found(s, id);
      const recent = (at: string | undefined) => at !== undefined && at > claim.cutoff;
      if (!o || o.status !== 'awaiting_payment' || recent(o.steps.email) || recent(o.lastResendAt)) return false;
      set({ ...o, lastResendAt: claim.at, resendToken: claim.token });
      return o.lastResendAt ? { previousAt: o.lastResendAt } : {};
    },
    async releaseResend(s, id, token, previousAt) {
      await tick();
      const o = found(s, id);
      if (!o || o.resendToken !== token) return;
      const { lastResendAt: _l, resendToken: _t, ...rest } = o;
      set({ ...rest, ...(previousAt ? { lastResendAt: previousAt } : {}) });
    },
    async findByPaymentIntent(s, pi) { await tick(); return intents.get(key(s, pi)); },
    async markStep(s, id, step, a) {
      await tick();
      const o = must(s, id);
      if (!o.steps[step]) {
        set({ ...o, steps: { ...o.steps, [step]: a.at }, updatedAt: a.at });
        audit.push({ ...a, orderId: id });
      }
      return copy(must(s, id))!;
    },
    async applyEvent(s, change) {
      await tick();
      if (markers.has(key(s, change.eventId))) return 'duplicate-event';
      const o = found(s, change.orderId);
      if (!o || o.status !== change.from || o.checkout?.sessionId !== change.sessionId) return 'order-changed';
      if (change.anomalies && (o.anomalies?.length ?? 0) !== change.anomalies.previousCount) return 'order-changed';
      markers.add(key(s, change.eventId));
      set({
        ...o, updatedAt: change.at,
        ...(change.to ? { status: change.to, history: [...o.history, { status: change.to, at: change.at, cause: change.eventId }] } : {}),
        ...(change.anomalies ? { anomalies: structuredClone(change.anomalies.list) } : {}),
        ...(change.paymentIntentId ? { paymentIntentId: change.paymentIntentId } : {}),
      });
      if (change.paymentIntentId) intents.set(key(s, change.paymentIntentId), change.orderId);
      audit.push({ ...change.audit, orderId: change.orderId });
      return 'applied';
    },
    async reissueCheckout(s, id, checkout, a) {
      await tick();
      const o = must(s, id);
      if (o.status === 'expired' && o.checkoutAttempt === checkout.attempt - 1) {
        const { email: _e, ...steps } = o.steps;
        set({
          ...o, status: 'awaiting_payment', checkout, checkoutAttempt: checkout.attempt, steps: { ...steps, checkout: a.at },
          emailClaim: undefined, updatedAt: a.at, history: [...o.history, { status: 'awaiting_payment', at: a.at, cause: 'resend-link' }],
        });
        audit.push({ ...a, orderId: id });
      }
      return copy(must(s, id))!;
    },
    async addAudit(_s, orderId, a) { await tick(); audit.push({ ...a, orderId }); },
    async listOrders(s, q) {
      await tick();
      // Sorted and resumed on the index's sort key, so paging matches the DynamoDB store.
      const sortKey = (o: Order) => `${o.createdAt}#${o.id}`;
      const after = typeof q.startKey?.sortKey === 'string' ? q.startKey.sortKey : undefined;
      const matching = [...orders.values()]
        .filter((o) => o.spaceId === s && (!q.status || o.status === q.status) && (after === undefined || sortKey(o) < after))
        .sort((a, b) => sortKey(b).localeCompare(sortKey(a)));
      const items = matching.slice(0, q.limit).map((o) => copy(o)!);
      const last = items.at(-1);
      return { items, ...(matching.length > q.limit && last ? { lastKey: { sortKey: sortKey(last) } } : {}) };
    },
  };
  return Object.assign(store, { audit, markers, orders });
}
