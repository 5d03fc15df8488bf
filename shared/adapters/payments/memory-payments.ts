import type { CheckoutRequest, CheckoutSession, Payments } from '../../domain/orders/ports.js';

/**
 * An in-memory Checkout for unit tests. Honours idempotency keys like Stripe; `forgetKeys()` drops
 * them (Stripe prunes keys after 24 h, S9); `created` lists every new session; `failNext(n)` fails.
 * It charges any currency and amount (`chargeIssues` is empty).
 */
export function createMemoryPayments() {
  const byKey = new Map<string, CheckoutSession>();
  const sessions = new Map<string, CheckoutSession & { request: CheckoutRequest }>();
  const created: (CheckoutSession & { request: CheckoutRequest })[] = [];
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
  };
  return Object.assign(payments, {
    created,
    forgetKeys: () => byKey.clear(),
    failNext: (n = 1) => { failures = n; },
  });
}
