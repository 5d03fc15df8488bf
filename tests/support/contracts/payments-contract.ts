import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PaymentProviderError } from '../../../shared/domain/orders/order-errors.js';
import type { CheckoutRequest, Payments } from '../../../shared/domain/orders/ports.js';

/** What a Payments adapter under contract hands the suite. */
export interface PaymentsUnderTest {
  readonly payments: Payments;
  /** Pays an open session as its customer would; returns the PaymentIntent id a refund names. */
  pay(sessionId: string): Promise<string>;
}

/** `refusing` asks for payments whose provider refuses or cannot be reached. */
export type MakePayments = (options: { refusing: boolean }) => PaymentsUnderTest;

const aCheckout = (overrides: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  spaceId: 'space-a', orderId: `ord_${randomUUID().slice(0, 8)}`, idempotencyKey: `checkout-${randomUUID()}`,
  currency: 'EUR', customerEmail: 'buyer@shop.example', successUrl: 'http://127.0.0.1/paid', cancelUrl: 'http://127.0.0.1/cancelled',
  lines: [{ description: 'Large Black Widget', quantity: 5, unitAmount: 1250 }], ...overrides,
});

const refundOf = (orderId: string, paymentIntentId: string, amount: number, idempotencyKey = `refund-${randomUUID()}`) =>
  ({ spaceId: 'space-a', orderId, paymentIntentId, amount, currency: 'EUR' as const, idempotencyKey });

/** The behaviour every Payments adapter promises (shared/domain/orders/ports.ts), run against memory and Stripe. */
export function paymentsContract(name: string, make: MakePayments): void {
  describe(`${name} keeps the Payments contract`, () => {
    it('opens a payable session that reads back open, with a URL and a future expiry', async () => {
      const { payments } = make({ refusing: false });

      const session = await payments.createCheckout(aCheckout());

      expect(new URL(session.url).protocol).toMatch(/^https?:$/);
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
      expect(await payments.getCheckout(session.sessionId)).toMatchObject({ sessionId: session.sessionId, status: 'open' });
    });

    it('makes one session per idempotency key, however many times and however concurrently it is asked', async () => {
      const { payments } = make({ refusing: false });
      const request = aCheckout();

      const sessions = await Promise.all([1, 2, 3, 4].map(() => payments.createCheckout(request)));
      const other = await payments.createCheckout({ ...request, idempotencyKey: `checkout-${randomUUID()}` });

      expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(1);
      expect(other.sessionId).not.toBe(sessions[0]!.sessionId);
    });

    it('expires an open session once, and reads an expired or paid one back as it is', async () => {
      const u = make({ refusing: false });
      const open = await u.payments.createCheckout(aCheckout());
      const paid = await u.payments.createCheckout(aCheckout());
      await u.pay(paid.sessionId);

      expect(await u.payments.expireCheckout(open.sessionId)).toMatchObject({ status: 'expired' });
      expect(await u.payments.expireCheckout(open.sessionId)).toMatchObject({ status: 'expired' });
      expect(await u.payments.expireCheckout(paid.sessionId)).toMatchObject({ status: 'complete' });
      expect(await u.payments.getCheckout(open.sessionId)).toMatchObject({ status: 'expired' });
    });

    it('refunds once per idempotency key, in parts up to what was paid, and refuses more', async () => {
      const u = make({ refusing: false });
      const request = aCheckout();
      const session = await u.payments.createCheckout(request);
      const intent = await u.pay(session.sessionId);
      const first = refundOf(request.orderId, intent, 2000);

      const replays = await Promise.all([1, 2, 3].map(() => u.payments.refund(first)));
      const rest = await u.payments.refund(refundOf(request.orderId, intent, 4250));
      const tooMuch = u.payments.refund(refundOf(request.orderId, intent, 1));

      expect(new Set(replays.map((r) => r.refundId)).size).toBe(1);
      expect(rest.refundId).not.toBe(replays[0]!.refundId);
      await expect(tooMuch).rejects.toBeInstanceOf(PaymentProviderError);
      await expect(tooMuch).rejects.toMatchObject({ extra: { refused: true } });
    });

    it('refuses a refund of a payment it does not know, moving no money', async () => {
      const { payments } = make({ refusing: false });

      await expect(payments.refund(refundOf('ord_x', 'pi_unknown', 100))).rejects.toMatchObject({ code: 'payment-provider-failed', extra: { refused: true } });
    });

    it('throws PaymentProviderError for a session it does not know', async () => {
      const { payments } = make({ refusing: false });

      await expect(payments.getCheckout('cs_unknown')).rejects.toBeInstanceOf(PaymentProviderError);
      await expect(payments.expireCheckout('cs_unknown')).rejects.toBeInstanceOf(PaymentProviderError);
    });

    it('throws PaymentProviderError when the provider refuses or cannot be reached', async () => {
      const { payments } = make({ refusing: true });

      await expect(payments.createCheckout(aCheckout())).rejects.toBeInstanceOf(PaymentProviderError);
    });
  });
}
