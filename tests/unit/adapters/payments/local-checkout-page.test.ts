import { describe, expect, it } from 'vitest';
import { checkoutPage } from '../../../../infra/local/checkout/checkout-page.js';
import { eventFor } from '../../../../infra/local/checkout/checkout-routes.js';
import type { LocalCheckoutSession } from '../../../../shared/adapters/payments/local-payments.js';

const aSession = (overrides: Partial<LocalCheckoutSession> = {}): LocalCheckoutSession => ({
  sessionId: 'cs_local_abc_73', url: 'http://127.0.0.1/local/checkout/cs_local_abc_73', expiresAt: '2099-01-01T00:00:00.000Z', status: 'open',
  spaceId: 's', orderId: 'ord_1', currency: 'USD', amountTotal: 6250, customerEmail: 'a@x.example',
  lines: [{ description: '<script>alert(1)</script> Widget', quantity: 5, unitAmount: 1250 }], successUrl: '', cancelUrl: '', ...overrides,
});

describe('local checkout page', () => {
  it('shows lines and total with every user text escaped', () => {
    const html = checkoutPage(aSession());

    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Widget');
    expect(html).toContain('$62.50');
    expect(html).toContain('/local/checkout/cs_local_abc_73/pay');
  });

  it('builds a paid checkout.session.completed event carrying the Space and order', () => {
    const event = JSON.parse(eventFor('pay', aSession()));

    expect(event.type).toBe('checkout.session.completed');
    expect(event.data.object).toMatchObject({ id: 'cs_local_abc_73', payment_status: 'paid', amount_total: 6250, currency: 'usd', metadata: { spaceId: 's', orderId: 'ord_1' } });
  });
});
