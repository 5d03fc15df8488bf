import { formatMoney } from '../money/format-money.js';
import type { Order } from './order.js';
import type { MailContent } from './ports.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element and attribute content. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** Anything that could end a header line or smuggle one in becomes a space (defence in depth). */
const oneLine = (text: string): string => text.replace(/[\r\n\u0085\u2028\u2029\u0000-\u001f\u007f]+/g, ' ').trim();

const MAX_SUBJECT_MEMO = 80;

/**
 * The payment email of an order: the link, the lines and the total, as text and HTML. User fields
 * appear only in bodies (escaped) and in a single-line subject; the recipient is the one address.
 */
export function paymentEmail(order: Order): MailContent {
  if (!order.checkout) throw new Error('paymentEmail needs an order with a checkout session');
  const money = (amount: number) => formatMoney(amount, order.currency);
  const memo = oneLine(order.memo).slice(0, MAX_SUBJECT_MEMO);
  const subject = memo ? `Payment link for your order: ${memo}` : 'Payment link for your order';
  const url = order.checkout.url;
  const textLines = order.lines.map((l) => `- ${oneLine(l.description)} × ${l.quantity} @ ${money(l.unitAmount)} = ${money(l.amount)}`);
  const text = [
    'Hello,', '', 'thank you for your order. You can pay it here:', url, '',
    ...textLines, '', `Total: ${money(order.total)}`, '', `Order reference: ${order.id}`,
  ].join('\n');
  const rows = order.lines.map((l) =>
    `<tr><td>${escapeHtml(l.description)}</td><td>${l.quantity}</td><td>${escapeHtml(money(l.unitAmount))}</td><td>${escapeHtml(money(l.amount))}</td></tr>`);
  const html = [
    '<!doctype html><html><body>',
    '<p>Hello,</p><p>thank you for your order. You can pay it here:</p>',
    `<p><a href="${escapeHtml(url)}">Pay ${escapeHtml(money(order.total))}</a></p>`,
    '<table><thead><tr><th>Item</th><th>Qty</th><th>Unit</th><th>Amount</th></tr></thead><tbody>',
    ...rows,
    `</tbody><tfoot><tr><td colspan="3">Total</td><td>${escapeHtml(money(order.total))}</td></tr></tfoot></table>`,
    `<p>Order reference: ${escapeHtml(order.id)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: order.customerEmail, subject, text, html };
}
