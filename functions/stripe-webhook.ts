import { createSesMailer } from '../shared/adapters/mailer/ses-mailer.js';
import { stripeAmounts } from '../shared/adapters/payments/stripe-currencies.js';
import { createStripePayments } from '../shared/adapters/payments/stripe-payments.js';
import { verifyStripeSignature } from '../shared/adapters/payments/verify-stripe-signature.js';
import { appSecrets } from '../shared/config/app-secrets.js';
import { optionalEnv, requireEnv } from '../shared/config/config.js';
import { handleStripeEvent } from '../shared/domain/orders/handle-stripe-event.js';
import type { OrderRuntime } from '../shared/domain/orders/ports.js';
import { stripeWebhookOp } from '../shared/http/contracts/orders.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { logger } from '../shared/observability/logger.js';
import { createOrderStore } from '../shared/store/order-store.js';
import { defaultTable } from '../shared/store/dynamo.js';
import { countingOrders, customerEventRecorder } from '../shared/deps/customer-stats.js';

/** Names the event id after whose commit the handler crashes (S7 fault test); read per invocation. */
export const FAULT_CRASH_AFTER_COMMIT = 'MAILBRIDGE_FAULT_WEBHOOK_CRASH_AFTER_COMMIT';

/** The handler's clock: signature age and event times. Tests move it (S7: a redelivery days later). */
export const webhookClock = { now: (): Date => new Date() };

const runtime: OrderRuntime = { now: () => webhookClock.now(), newId: () => crypto.randomUUID() };
const orderLog = { info: (m: string, f?: Record<string, unknown>) => logger.info(m, f ?? {}), warn: (m: string, f?: Record<string, unknown>) => logger.warn(m, f ?? {}), error: (m: string, f?: Record<string, unknown>) => logger.error(m, f ?? {}) };
let orders: ReturnType<typeof createOrderStore> | undefined;

const crashAfterCommit = (eventId: string): void => {
  if (process.env[FAULT_CRASH_AFTER_COMMIT] === eventId) throw new Error('injected crash after the webhook commit');
};

/** POST /webhooks/stripe: verify (before any read), then apply the event to its order once and send the receipt once. */
export const handler = httpHandler(
  implement(stripeWebhookOp, async ({ rawBody, headers }) => {
    const secrets = await appSecrets();
    const current = [secrets.stripeWebhookSecret, secrets.stripeWebhookSecretPrevious];
    const event = verifyStripeSignature(rawBody, headers['stripe-signature'], current, Math.floor(webhookClock.now().getTime() / 1000));
    orders ??= countingOrders(createOrderStore(), customerEventRecorder(defaultTable()));
    const outcome = await handleStripeEvent({
      orders, runtime, amounts: stripeAmounts, log: orderLog, mailer: createSesMailer(requireEnv('mailFrom')), afterCommit: crashAfterCommit,
      ...(secrets.stripeSecretKey ? { intents: createStripePayments(secrets.stripeSecretKey, optionalEnv('stripeApiBase')) } : {}),
    }, event);
    logger.info('stripe event handled', { eventId: event.id, eventType: event.type, outcome });
    return { status: 200, body: { received: true, outcome } };
  }),
);
