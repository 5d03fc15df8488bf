import { createHash } from 'node:crypto';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The order id for a confirm: the same Space, message and Idempotency-Key always give the same id,
 * so retries and concurrent replays meet on one item instead of creating a second order.
 */
export const orderIdFor = (spaceId: string, messageId: string, idempotencyKey?: string): string =>
  `ord_${sha256(JSON.stringify([spaceId, messageId, idempotencyKey ?? null])).slice(0, 32)}`;

/** The provider idempotency key of one checkout attempt (Stripe allows 255 characters). */
export const checkoutKeyFor = (orderId: string, attempt: number): string => `order-${orderId}-checkout-${attempt}`;

export interface ConfirmBody {
  readonly messageId: string;
  readonly customerEmail: string;
  readonly memo: string;
  readonly currency?: string;
  readonly lines: readonly {
    productId?: string; sku?: string; description: string; quantity: number; unitAmount: number;
    priceOverride?: { unitAmount: number; reason: string };
  }[];
}

/** sha256 of the normalized confirm body: key order, case of the email and absent fields never matter. */
export const fingerprintOf = (body: ConfirmBody): string =>
  sha256(JSON.stringify({
    messageId: body.messageId,
    customerEmail: body.customerEmail.trim().toLowerCase(),
    memo: body.memo.trim(),
    currency: body.currency?.toUpperCase() ?? null,
    // An override joins the tuple only when sent, so fingerprints of bodies without one never change.
    lines: body.lines.map((l) => [l.productId ?? null, l.sku ?? null, l.description.trim(), l.quantity, l.unitAmount,
      ...(l.priceOverride ? [l.priceOverride.unitAmount, l.priceOverride.reason.trim()] : [])]),
  }));
