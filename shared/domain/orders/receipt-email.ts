import { formatMoney } from '../money/format-money.js';
import type { Order } from './order.js';
import { escapeHtml } from './payment-email.js';
import { sendOrderMail, type OrderMailDeps } from './order-mail.js';
import type { MailContent, OrderAudit, OrderStore } from './ports.js';

/** A receipt claim older than this is treated as abandoned (its holder crashed); a redelivery takes over. */
export const RECEIPT_CLAIM_STALE_MS = 60_000;

const oneLine = (text: string): string => text.replace(/[\r\n\u0085\u2028\u2029\u0000-\u001f\u007f]+/g, ' ').trim();

/** The receipt of a paid order: lines and total, as text and HTML (user text escaped). */
export function receiptEmail(order: Order): MailContent {
  const money = (amount: number) => formatMoney(amount, order.currency);
  const memo = oneLine(order.memo).slice(0, 80);
  const lines = order.lines.map((l) => `- ${oneLine(l.description)} × ${l.quantity} = ${money(l.amount)}`);
  const text = ['Hello,', '', 'we received your payment. Thank you!', '', ...lines, '', `Total paid: ${money(order.total)}`, '', `Order reference: ${order.id}`].join('\n');
  const rows = order.lines.map((l) => `<tr><td>${escapeHtml(l.description)}</td><td>${l.quantity}</td><td>${escapeHtml(money(l.amount))}</td></tr>`);
  const html = [
    '<!doctype html><html><body><p>Hello,</p><p>we received your payment. Thank you!</p><table><tbody>', ...rows,
    `</tbody><tfoot><tr><td colspan="2">Total paid</td><td>${escapeHtml(money(order.total))}</td></tr></tfoot></table>`,
    `<p>Order reference: ${escapeHtml(order.id)}</p></body></html>`,
  ].join('\n');
  return { to: order.customerEmail, subject: memo ? `Receipt for your order: ${memo}` : 'Receipt for your order', text, html };
}

/**
 * Sends the receipt of a paid order at most once per order: a conditional claim comes first, the
 * `receipt` step after the send. Redeliveries (and a retry after a crash) find the step and stop.
 * @throws the mailer's error after releasing the claim, so the webhook answers 5xx and Stripe retries.
 */
export async function ensureReceiptSent(deps: OrderMailDeps & { orders: OrderStore }, spaceId: string, orderId: string): Promise<boolean> {
  const order = await deps.orders.getOrder(spaceId, orderId);
  if (!order || order.status !== 'paid' || order.steps.receipt) return false;
  const token = deps.runtime.newId();
  const now = deps.runtime.now();
  const claimed = await deps.orders.claimReceipt(spaceId, orderId, { token, at: now.toISOString(), staleBefore: new Date(now.getTime() - RECEIPT_CLAIM_STALE_MS).toISOString() });
  if (!claimed) return false;
  let sent: { providerId: string; messageId: string };
  try {
    sent = await sendOrderMail(deps, order, 'receipt', receiptEmail(order));
  } catch (err) {
    await deps.orders.releaseReceipt(spaceId, orderId, token).catch(() => undefined);
    throw err;
  }
  const audit: OrderAudit = { id: deps.runtime.newId(), action: 'receipt-email-sent', at: deps.runtime.now().toISOString(), userId: 'stripe', details: sent };
  await deps.orders.markStep(spaceId, orderId, 'receipt', audit);
  return true;
}
