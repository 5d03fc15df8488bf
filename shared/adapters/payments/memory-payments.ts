import { PaymentProviderError } from '../../domain/orders/order-errors.js';
import type { CheckoutRequest, CheckoutSession, Payments, RefundRequest } from '../../domain/orders/ports.js';

type MemorySession = CheckoutSession & { readonly request: CheckoutRequest; paymentIntentId?: string };

const totalOf = (request: CheckoutRequest): number => request.lines.reduce((sum, l) => sum + l.quantity * l.unitAmount, 0);

/**
 * An in-memory Checkout for unit tests, keeping the same contract as the Stripe adapter
 * (tests/support/contracts/payments-contract.ts): one session and one refund per idempotency key,
 * refunds only of what was paid. `forgetKeys()` drops the keys (Stripe prunes them after 24 h);
 * `created` lists every new session, `refunds` every new refund; `failNext(n)` fails session
 * creates; `pay(id)` completes a session as its customer would. It charges any currency and amount.
 */
export function createMemoryPayments() {
  const byKey = new Map<string, string>();
  const sessions = new Map<string, MemorySession>();
  const created: MemorySession[] = [];
  const refundsByKey = new Map<string, { refundId: string; status: string }>();
  const refunds: (RefundRequest & { refundId: string })[] = [];
  let failures = 0;
  const sessionOf = (sessionId: string): MemorySession => {
    const s = sessions.get(sessionId);
    if (!s) throw new PaymentProviderError('The payment provider refused the request', { providerError: 'resource_missing' });
    return s;
  };
  const view = ({ sessionId, url, expiresAt, status }: MemorySession): CheckoutSession => ({ sessionId, url, expiresAt, ...(status ? { status } : {}) });
  const refused = (why: string) => new PaymentProviderError(why, { providerError: 'StripeInvalidRequestError', refused: true });
  const payments: Payments = {
    chargeIssues: () => [],
    async createCheckout(request) {
      await Promise.resolve();
      if (failures > 0) {
        failures--;
        throw new PaymentProviderError('The payment provider refused the request', { providerError: 'injected' });
      }
      const known = byKey.get(request.idempotencyKey);
      if (known) return view(sessionOf(known));
      const sessionId = `cs_mem_${created.length + 1}`;
      const session: MemorySession = { sessionId, url: `https://pay.example/${sessionId}`, expiresAt: '2099-01-01T00:00:00.000Z', status: 'open', request };
      byKey.set(request.idempotencyKey, sessionId);
      sessions.set(sessionId, session);
      created.push(session);
      return view(session);
    },
    getCheckout: async (sessionId) => view(sessionOf(sessionId)),
    async expireCheckout(sessionId) {
      const s = sessionOf(sessionId);
      if (s.status === 'open') Object.assign(s, { status: 'expired' });
      return view(s);
    },
    async refund(request) {
      await Promise.resolve();
      const known = refundsByKey.get(request.idempotencyKey);
      if (known) return known;
      const paid = [...sessions.values()].find((s) => s.paymentIntentId === request.paymentIntentId);
      if (!paid) throw refused(`No such payment_intent: ${request.paymentIntentId}`);
      const refundedSoFar = refunds.filter((r) => r.paymentIntentId === request.paymentIntentId).reduce((sum, r) => sum + r.amount, 0);
      if (!(request.amount > 0) || refundedSoFar + request.amount > totalOf(paid.request)) throw refused('Refund amount is greater than the unrefunded amount');
      const made = { refundId: `re_mem_${refunds.length + 1}`, status: 'succeeded' };
      refundsByKey.set(request.idempotencyKey, made);
      refunds.push({ ...request, ...made });
      return made;
    },
  };
  return Object.assign(payments, {
    created,
    refunds,
    forgetKeys: () => byKey.clear(),
    failNext: (n = 1) => { failures = n; },
    pay(sessionId: string): string {
      const s = sessionOf(sessionId);
      if (s.paymentIntentId === undefined) Object.assign(s, { status: 'complete', paymentIntentId: `pi_mem_${sessionId}` });
      return s.paymentIntentId!;
    },
  });
}
