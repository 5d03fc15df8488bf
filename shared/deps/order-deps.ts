import { ConfigError, intEnv, once, optionalEnv, requireEnv } from '../config/config.js';
import { appSecrets } from '../config/app-secrets.js';
import { createSesMailer, sesClient } from '../adapters/mailer/ses-mailer.js';
import { createStripePayments } from '../adapters/payments/stripe-payments.js';
import type { ConfirmOrderDeps } from '../domain/orders/confirm-order.js';
import type { OrderRuntime, Payments } from '../domain/orders/ports.js';
import { createOrderThreadLinker } from '../domain/threads/link-order.js';
import type { OrderThreadLinker } from '../domain/threads/stored-message.js';
import { createCaptureStore } from '../store/capture-store.js';
import { createActivityStore } from '../store/activity-store.js';
import { countingOrders, customerEventRecorder } from './customer-stats.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import { defaultTable, type TableRef } from '../store/dynamo.js';
import { createMessageStore } from '../store/message-store.js';
import { createOrderStore } from '../store/order-store.js';
import { createThreadStore } from '../store/thread-store.js';
import { createPaymentEmailQuota, createRateLimitStore } from '../store/rate-limit-store.js';
import { createContactStore } from '../store/contact-store.js';
import type { CustomerLookup, DraftCustomer } from '../domain/orders/customer-discount.js';
import { createCatalogReader } from './catalog-lines.js';
import { createReplyTagging } from './reply-tagging.js';

/** Defaults of the payment-email limits (PAYMENT_EMAILS_PER_DAY, PAYMENT_EMAIL_COOLDOWN_SECONDS). */
export const PAYMENT_EMAILS_PER_DAY = 500;
export const PAYMENT_EMAIL_COOLDOWN_SECONDS = 60;

/** The system clock; order ids stay UUIDs (they travel in payment links and Stripe metadata). */
export const orderRuntime: OrderRuntime = {
  now: systemRuntime.now,
  newId: () => crypto.randomUUID(),
};

/**
 * Stripe, always: in AWS with the key from the app secret; locally with the fake Stripe API's key
 * and STRIPE_API_BASE pointing the SDK at it.
 * @throws ConfigError when no Stripe secret key is configured.
 */
export async function paymentsFromEnv(): Promise<Payments> {
  const key = (await appSecrets()).stripeSecretKey;
  if (key) return createStripePayments(key, optionalEnv('stripeApiBase'));
  throw new ConfigError(optionalEnv('appSecretId')
    ? 'The app secret has no stripeSecretKey; set it after deploying'
    : 'STRIPE_SECRET_KEY is not set (npm start sets it for the local fake Stripe API)');
}

/** The mail side's linker: marks the message, its thread and its activity entries (idempotent). */
export const orderThreadLinker = (t: TableRef): OrderThreadLinker =>
  createOrderThreadLinker({ messages: createMessageStore(t), threads: createThreadStore(t), activities: createActivityStore(t) });

/** The Space's contacts as pricing sees them (wholesale discount in custom fields). */
export const customerLookup = (t: TableRef): CustomerLookup => {
  const contacts = createContactStore(t);
  const asCustomer = (c: unknown): DraftCustomer | undefined => (c ? (c as DraftCustomer) : undefined);
  return {
    contactById: async (s, id) => asCustomer(await contacts.getContact(s, id)),
    contactByEmail: async (s, email) => asCustomer(await contacts.findContactByEmail(s, email)),
  };
};

/** Every port of the order use cases, built once per container from the environment. */
export const orderDeps = once((): Promise<ConfirmOrderDeps> => buildOrderDeps());

async function buildOrderDeps(): Promise<ConfirmOrderDeps> {
  const t = defaultTable();
  const publicBaseUrl = requireEnv('publicBaseUrl');
  return {
    orders: countingOrders(createOrderStore(t), customerEventRecorder(t)),
    messages: createMessageStore(t),
    linker: orderThreadLinker(t),
    payments: await paymentsFromEnv(),
    mailer: createSesMailer(requireEnv('mailFrom'), sesClient(), requireEnv('sesConfigurationSet')),
    replyTags: await createReplyTagging(t),
    catalog: createCatalogReader(t),
    customers: customerLookup(t),
    captures: createCaptureStore(t),
    runtime: orderRuntime,
    publicBaseUrl,
    emailQuota: createPaymentEmailQuota(createRateLimitStore(t), intEnv('paymentEmailsPerDay', PAYMENT_EMAILS_PER_DAY)),
    paymentEmailCooldownSeconds: intEnv('paymentEmailCooldownSeconds', PAYMENT_EMAIL_COOLDOWN_SECONDS),
  };
}

