import Stripe from 'stripe';
import { DomainError } from '../../domain/errors.js';
import type { PaymentEvent } from '../../domain/orders/handle-stripe-event.js';

/** Largest accepted |now − t| in seconds. A constant on purpose: the SDK accepts future timestamps and tolerance 0 disables its check (S5). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The delivery is not provably from Stripe (missing, forged, stale or future signature). */
export class InvalidSignatureError extends DomainError {
  readonly code = 'invalid-signature';
}

const timestampOf = (header: string): number | undefined => {
  const stamps = header.split(',').map((p) => p.trim()).filter((p) => p.startsWith('t=')).map((p) => p.slice(2));
  if (stamps.length !== 1 || !/^\d{1,12}$/.test(stamps[0]!)) return undefined;
  return Number(stamps[0]);
};

const isEventShape = (e: PaymentEvent): boolean =>
  typeof e?.id === 'string' && typeof e.type === 'string' && typeof e.data?.object === 'object' && e.data.object !== null;

/**
 * Verifies a webhook on the exact raw body with the SDK, for the current and (during a rotation)
 * the previous secret, and enforces |now − t| ≤ 300 s itself.
 * @throws InvalidSignatureError for every failure; the reason goes to logs, never to the caller.
 */
export function verifyStripeSignature(rawBody: string, header: string | undefined, secrets: readonly (string | undefined)[], nowSeconds: number): PaymentEvent {
  const usable = secrets.filter((s): s is string => typeof s === 'string' && s !== '');
  if (!header) throw new InvalidSignatureError('Missing Stripe-Signature header', { reason: 'missing' });
  if (usable.length === 0) throw new InvalidSignatureError('No webhook secret is configured', { reason: 'unconfigured' });
  const t = timestampOf(header);
  if (t === undefined) throw new InvalidSignatureError('Malformed Stripe-Signature header', { reason: 'malformed' });
  if (Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) throw new InvalidSignatureError('The signature timestamp is outside the tolerance', { reason: 'timestamp' });
  for (const secret of usable) {
    try {
      const event = Stripe.webhooks.constructEvent(Buffer.from(rawBody, 'utf8'), header, secret, SIGNATURE_TOLERANCE_SECONDS) as unknown as PaymentEvent;
      if (!isEventShape(event)) throw new InvalidSignatureError('The payload is not a Stripe event', { reason: 'shape' });
      return event;
    } catch (err) {
      if (err instanceof InvalidSignatureError) throw err;
      // try the next secret
    }
  }
  throw new InvalidSignatureError('The signature does not match', { reason: 'mismatch' });
}
