import { appSecrets } from '../shared/config/app-secrets.js';
import { verifyStripeSignature } from '../shared/adapters/payments/verify-stripe-signature.js';
import { handleStripeEvent } from '../shared/domain/orders/handle-stripe-event.js';
import { stripeWebhookOp } from '../shared/http/contracts/orders.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { logger } from '../shared/observability/logger.js';
import { createOrderStore } from '../shared/store/order-store.js';
import { orderRuntime } from '../shared/wiring/order-deps.js';

const orderLog = { info: (m: string, f?: Record<string, unknown>) => logger.info(m, f ?? {}), warn: (m: string, f?: Record<string, unknown>) => logger.warn(m, f ?? {}), error: (m: string, f?: Record<string, unknown>) => logger.error(m, f ?? {}) };
const orders = { current: undefined as ReturnType<typeof createOrderStore> | undefined };

/** POST /webhooks/stripe: verify (before any read), then apply the event to its order once. */
export const handler = httpHandler(
  implement(stripeWebhookOp, async ({ rawBody, headers }) => {
    const secrets = await appSecrets();
    const current = [secrets.stripeWebhookSecret, secrets.stripeWebhookSecretPrevious];
    const event = verifyStripeSignature(rawBody, headers['stripe-signature'], current, Math.floor(Date.now() / 1000));
    orders.current ??= createOrderStore();
    const outcome = await handleStripeEvent({ orders: orders.current, runtime: orderRuntime, log: orderLog }, event);
    logger.info('stripe event handled', { eventId: event.id, eventType: event.type, outcome });
    return { status: 200, body: { received: true, outcome } };
  }),
);
