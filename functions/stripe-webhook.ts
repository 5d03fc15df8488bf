import { verifiedStripeEvent } from '../shared/deps/stripe-webhook-deps.js';
import { handleStripeEvent } from '../shared/domain/orders/handle-stripe-event.js';
import { stripeWebhookOp } from '../shared/http/contracts/orders.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';

export { FAULT_CRASH_AFTER_COMMIT, webhookClock } from '../shared/deps/stripe-webhook-deps.js';

/** POST /webhooks/stripe: verify (before any read), then apply the event to its order once and send the receipt once. */
export const handler = httpHandler(
  implement(stripeWebhookOp, async ({ rawBody, headers }) => {
    const { event, deps } = await verifiedStripeEvent(rawBody, headers['stripe-signature']);
    const outcome = await handleStripeEvent(deps, event);
    deps.log.info('stripe event handled', { eventId: event.id, eventType: event.type, outcome });
    return { status: 200, body: { received: true, outcome } };
  }),
);
