import type { CheckoutRequest, CheckoutSession, Payments, RefundRequest } from '../../domain/orders/ports.js';

/**
 * An in-memory Checkout for unit tests. Honours idempotency keys like Stripe; `forgetKeys()` drops
 * them (Stripe prunes keys after 24 h, S9); `created` lists every new session, `refunds` every new
 * refund (one per idempotency key); `failNext(n)` fails session creates.
 * It charges any currency and amount (`chargeIssues` is empty).
 */
export function createMemoryPayments() {
  const byKey = new Map<string, CheckoutSession>();
  const sessions = new Map<string, CheckoutSession & { request: CheckoutRequest }>();
  const created: (CheckoutSession & { request: CheckoutRequest })[] = [];
  const refundsByKey = new Map<string, { refundId: string; status: string }>();
  const refunds: (RefundRequest & { refundId: string })[] = [];
  let failures = 0;
  const payments: Payments = {
    chargeIssues: () => [],
    async createCheckout(request) {
      await Promise.resolve();
      if (failures > 0) {
        failures--;
        throw new Error('memory payments: injected failure');
      }
      const known = byKey.get(request.idempotencyKey);
      if (known) return known;
      const sessionId = `cs_mem_${created.length + 1}`;
      const session = { sessionId, url: `https://pay.example/${sessionId}`, expiresAt: '2099-01-01T00:00:00.000Z', status: 'open' as const };
      byKey.set(request.idempotencyKey, session);
      sessions.set(sessionId, { ...session, request });
      created.push({ ...session, request });
      return session;
    },
    async getCheckout(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      return s;
    },
    async expireCheckout(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      if (s.status === 'open') sessions.set(sessionId, { ...s, status: 'expired' });
      return sessions.get(sessionId)!;
    },
    async refund(request) {
      await Promise.resolve();
      const known = refundsByKey.get(request.idempotencyKey);
      if (known) return known;
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
  });
}
