import { ConfigError, optionalEnv, requireEnv } from '../config/config.js';
import { appSecrets } from '../config/app-secrets.js';
import { createSesMailer } from '../adapters/mailer/ses-mailer.js';
import { createLocalPayments } from '../adapters/payments/local-payments.js';
import { createStripePayments } from '../adapters/payments/stripe-payments.js';
import type { ConfirmOrderDeps } from '../domain/orders/confirm-order.js';
import type { OrderRuntime, Payments } from '../domain/orders/ports.js';
import { createOrderThreadLinker } from '../domain/threads/link-order.js';
import type { OrderThreadLinker } from '../domain/threads/stored-message.js';
import { createActivityStore } from '../store/activity-store.js';
import { logger } from '../observability/logger.js';
import { defaultTable, type TableRef } from '../store/dynamo.js';
import { createMessageStore } from '../store/message-store.js';
import { createOrderStore } from '../store/order-store.js';
import { createThreadStore } from '../store/thread-store.js';
import { createCatalogLineChecker } from './catalog-lines.js';

export const orderRuntime: OrderRuntime = {
  now: () => new Date(),
  newId: () => crypto.randomUUID(),
};

/**
 * Stripe with a secret key (STRIPE_API_BASE points it at a fake), else the local checkout page —
 * but only off AWS: a deployed stack (APP_SECRET_ID set) without a key is misconfigured.
 * @throws ConfigError when the app secret has no stripeSecretKey.
 */
export async function paymentsFromEnv(t: TableRef, publicBaseUrl: string): Promise<Payments> {
  const key = (await appSecrets()).stripeSecretKey;
  if (key) return createStripePayments(key, optionalEnv('stripeApiBase'));
  if (optionalEnv('appSecretId') && optionalEnv('stage') !== 'local') throw new ConfigError('The app secret has no stripeSecretKey; set it after deploying');
  return createLocalPayments(t, publicBaseUrl);
}

/** The mail side's linker: marks the message, its thread and its activity entries (idempotent). */
export const orderThreadLinker = (t: TableRef): OrderThreadLinker =>
  createOrderThreadLinker({ messages: createMessageStore(t), threads: createThreadStore(t), activities: createActivityStore(t) });

/** Every port of the order use cases, built once per container from the environment. */
export const orderDeps = (): Promise<ConfirmOrderDeps> => {
  if (!built) {
    built = buildOrderDeps();
    built.catch(() => { built = undefined; });
  }
  return built;
};
let built: Promise<ConfirmOrderDeps> | undefined;

async function buildOrderDeps(): Promise<ConfirmOrderDeps> {
  const t = defaultTable();
  const publicBaseUrl = requireEnv('publicBaseUrl');
  return {
    orders: createOrderStore(t),
    messages: createMessageStore(t),
    linker: orderThreadLinker(t),
    payments: await paymentsFromEnv(t, publicBaseUrl),
    mailer: createSesMailer(requireEnv('mailFrom')),
    checkLines: createCatalogLineChecker(t),
    runtime: orderRuntime,
    publicBaseUrl,
  };
}

export { logger };
