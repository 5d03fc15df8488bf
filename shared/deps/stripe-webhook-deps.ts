import { createSesMailer, sesClient } from '../adapters/mailer/ses-mailer.js';
import { stripeAmounts } from '../adapters/payments/stripe-currencies.js';
import { createStripePayments } from '../adapters/payments/stripe-payments.js';
import { verifyStripeSignature } from '../adapters/payments/verify-stripe-signature.js';
import { appSecrets } from '../config/app-secrets.js';
import { once, optionalEnv, requireEnv } from '../config/config.js';
import type { PaymentEvent, StripeEventDeps } from '../domain/orders/handle-stripe-event.js';
import type { OrderRuntime } from '../domain/orders/ports.js';
import { log, type Log } from '../observability/logger.js';
import { defaultTable } from '../store/dynamo.js';
import { createOrderStore } from '../store/order-store.js';
import { countingOrders, customerEventRecorder } from './customer-stats.js';
import { createReplyTagging } from './reply-tagging.js';

/** Names the event id after whose commit the handler crashes (fault test); read per invocation. */
export const FAULT_CRASH_AFTER_COMMIT = 'MAILBRIDGE_FAULT_WEBHOOK_CRASH_AFTER_COMMIT';

/** The webhook's clock: signature age and event times. Tests move it (a redelivery days later). */
export const webhookClock = { now: (): Date => new Date() };

const runtime: OrderRuntime = { now: () => webhookClock.now(), newId: () => crypto.randomUUID() };
const orders = once(() => countingOrders(createOrderStore(), customerEventRecorder(defaultTable())));
const receipts = once(async () => ({ mailer: createSesMailer(requireEnv('mailFrom'), sesClient(), requireEnv('sesConfigurationSet')), replyTags: await createReplyTagging(defaultTable()) }));

const crashAfterCommit = (eventId: string): void => {
  if (process.env[FAULT_CRASH_AFTER_COMMIT] === eventId) throw new Error('injected crash after the webhook commit');
};

/**
 * The event, once its signature checks out against the current or the previous webhook secret
 * (read before anything else is), with the ports that apply it.
 * @throws InvalidSignatureError when no secret signed these bytes recently.
 */
export async function verifiedStripeEvent(rawBody: string, signature: string | undefined): Promise<{ event: PaymentEvent; deps: StripeEventDeps & { log: Log } }> {
  const secrets = await appSecrets();
  const current = [secrets.stripeWebhookSecret, secrets.stripeWebhookSecretPrevious];
  const event = verifyStripeSignature(rawBody, signature, current, Math.floor(webhookClock.now().getTime() / 1000));
  const deps = {
    orders: orders(), runtime, amounts: stripeAmounts, log, receipts: await receipts(), afterCommit: crashAfterCommit,
    ...(secrets.stripeSecretKey ? { intents: createStripePayments(secrets.stripeSecretKey, optionalEnv('stripeApiBase')) } : {}),
  };
  return { event, deps };
}
