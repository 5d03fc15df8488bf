import { formatMoney } from '../../../shared/domain/money/format-money.js';
import { isCurrency } from '../../../shared/domain/money/currencies.js';
import { fromStripeAmount } from '../../../shared/adapters/payments/stripe-currencies.js';
import { escapeHtml } from '../../../shared/domain/orders/payment-email.js';

/** What the hosted checkout page shows of a session. */
export interface CheckoutPageModel {
  readonly id: string;
  readonly status: 'open' | 'complete' | 'expired';
  readonly paymentStatus: 'paid' | 'unpaid';
  readonly amountTotal: number;
  /** Stripe's lower-case code. */
  readonly currency: string;
  readonly customerEmail: string;
  readonly orderId: string;
  readonly lines: readonly { readonly name: string; readonly quantity: number; readonly unitAmount: number }[];
}

/** Formats an amount in Stripe's unit (ISK and UGX carry two extra digits there). */
const money = (stripeAmount: number, currency: string) => {
  const code = currency.toUpperCase();
  const iso = fromStripeAmount(stripeAmount, code);
  return isCurrency(code) && iso !== undefined ? formatMoney(iso, code) : `${stripeAmount} ${code}`;
};

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui;margin:2rem auto;max-width:40rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}form{display:inline}button{margin:.5rem .5rem 0 0;padding:.5rem 1rem}
.note{color:#666;font-size:.9rem}</style></head><body>${body}</body></html>`;

/** The fake's stand-in for Stripe's hosted checkout page: lines, total and buttons (all text escaped). */
export function checkoutPage(s: CheckoutPageModel, notice?: string): string {
  const rows = s.lines.map((l) => `<tr><td>${escapeHtml(l.name)}</td><td>${l.quantity}</td><td>${escapeHtml(money(l.unitAmount, s.currency))}</td><td>${escapeHtml(money(l.unitAmount * l.quantity, s.currency))}</td></tr>`).join('');
  const base = `/c/pay/${encodeURIComponent(s.id)}`;
  return layout('Checkout (local Stripe)', `
<h1>Checkout</h1>
<p class="note">This is the local fake of Stripe's API. Its buttons change the session as Stripe would and deliver the signed event to <code>POST /webhooks/stripe</code>.</p>
${notice ? `<p><strong>${escapeHtml(notice)}</strong></p>` : ''}
<p>Order <code>${escapeHtml(s.orderId)}</code> for ${escapeHtml(s.customerEmail)} — session status: <strong>${escapeHtml(s.status)}</strong></p>
<table><thead><tr><th>Item</th><th>Qty</th><th>Unit</th><th>Amount</th></tr></thead><tbody>${rows}</tbody>
<tfoot><tr><th colspan="3">Total</th><th>${escapeHtml(money(s.amountTotal, s.currency))}</th></tr></tfoot></table>
${s.status === 'open' ? `<form method="post" action="${base}/pay"><button>Pay ${escapeHtml(money(s.amountTotal, s.currency))}</button></form>
<form method="post" action="${base}/expire"><button>Let it expire</button></form>` : ''}
${s.paymentStatus === 'paid' ? `<form method="post" action="${base}/refund"><button>Refund</button></form>` : ''}`);
}

/** The success / cancel landing pages. */
export const landingPage = (title: string, text: string) => layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
