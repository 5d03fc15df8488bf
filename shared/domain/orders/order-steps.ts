import type { OrderThreadLinker } from '../threads/stored-message.js';
import { checkoutKeyFor } from './order-identity.js';
import { OrderStepFailedError, PaymentEmailLimitError } from './order-errors.js';
import type { Order } from './order.js';
import { sendOrderMail, type ReplyTagging } from './order-mail.js';
import type { CheckoutRequest, Mailer, OrderAudit, OrderRuntime, OrderStore, PaymentEmailQuota, Payments } from './ports.js';
import { paymentEmail } from './payment-email.js';
import { takeEmailBudget } from './payment-email-limits.js';

/** What the confirm steps need. */
export interface OrderStepDeps {
  readonly orders: OrderStore;
  readonly payments: Payments;
  readonly mailer: Mailer;
  /** Tags payment emails for replies (Message-ID token, subject tag, Reply-To) and keeps what was sent. */
  readonly replyTags: ReplyTagging;
  readonly linker: OrderThreadLinker;
  readonly runtime: OrderRuntime;
  readonly publicBaseUrl: string;
  /** The Space's daily budget of payment emails; every send takes one. */
  readonly emailQuota: PaymentEmailQuota;
  /** Least seconds between two payment emails of one order (resends). */
  readonly paymentEmailCooldownSeconds: number;
  /** Pause between polls while another request sends the email (injectable for tests). */
  readonly wait?: (ms: number) => Promise<void>;
}

/** A claim older than this is treated as abandoned (its holder crashed) and may be taken over. */
export const EMAIL_CLAIM_STALE_MS = 60_000;
const EMAIL_WAIT_POLLS = 100;
const defaultWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const auditFor = (deps: Pick<OrderStepDeps, 'runtime'>, action: OrderAudit['action'], userId: string, details?: Record<string, unknown>): OrderAudit =>
  ({ id: deps.runtime.newId(), action, at: deps.runtime.now().toISOString(), userId, ...(details ? { details } : {}) });

/** The provider request of one checkout attempt (deterministic idempotency key, URLs from PUBLIC_BASE_URL). */
export function checkoutRequestFor(deps: Pick<OrderStepDeps, 'publicBaseUrl'>, order: Order, attempt: number): CheckoutRequest {
  const base = deps.publicBaseUrl.replace(/\/$/, '');
  const ref = encodeURIComponent(order.id);
  return {
    orderId: order.id, spaceId: order.spaceId, idempotencyKey: checkoutKeyFor(order.id, attempt),
    lines: order.lines, currency: order.currency, customerEmail: order.customerEmail,
    successUrl: `${base}/checkout/done?order=${ref}`, cancelUrl: `${base}/checkout/cancelled?order=${ref}`,
  };
}

/**
 * Makes sure the order has a Checkout Session. A stored session is always reused (Stripe may have
 * pruned its idempotency key, S9); otherwise the attempt's deterministic key makes retries and
 * concurrent requests land on one session.
 * @throws OrderStepFailedError `checkout`
 */
export async function ensureCheckout(deps: OrderStepDeps, order: Order, userId: string): Promise<Order> {
  if (order.checkout) return order;
  try {
    const attempt = order.checkoutAttempt;
    const session = await deps.payments.createCheckout(checkoutRequestFor(deps, order, attempt));
    const checkout = { sessionId: session.sessionId, url: session.url, expiresAt: session.expiresAt, attempt };
    return await deps.orders.recordCheckout(order.spaceId, order.id, checkout, auditFor(deps, 'checkout-created', userId, { sessionId: session.sessionId, attempt }));
  } catch (err) {
    throw asStepFailure(err, 'checkout', order.id);
  }
}

/**
 * Sends the payment email exactly once: a conditional claim on the order comes first, so of many
 * concurrent requests one sends and the others wait for its result. The send takes one email of
 * the Space's daily budget.
 * @throws OrderStepFailedError `email`, PaymentEmailLimitError (the claim is released)
 */
export async function ensureEmailSent(deps: OrderStepDeps, order: Order, userId: string): Promise<Order> {
  const wait = deps.wait ?? defaultWait;
  let current = order;
  for (let poll = 0; poll < EMAIL_WAIT_POLLS; poll++) {
    if (current.steps.email) return current;
    if (!current.checkout) throw new OrderStepFailedError('checkout', order.id);
    const token = deps.runtime.newId();
    const now = deps.runtime.now();
    const staleBefore = new Date(now.getTime() - EMAIL_CLAIM_STALE_MS).toISOString();
    if (await claimEmail(deps, current, token, now.toISOString(), staleBefore)) return sendClaimed(deps, current, token, userId);
    await wait(50);
    current = (await deps.orders.getOrder(order.spaceId, order.id)) ?? current;
  }
  throw new OrderStepFailedError('email', order.id);
}

async function claimEmail(deps: OrderStepDeps, order: Order, token: string, at: string, staleBefore: string): Promise<boolean> {
  try {
    return await deps.orders.claimEmail(order.spaceId, order.id, { token, at, staleBefore });
  } catch (err) {
    throw asStepFailure(err, 'email', order.id);
  }
}

async function sendClaimed(deps: OrderStepDeps, order: Order, token: string, userId: string): Promise<Order> {
  let sent: { providerId: string; messageId: string };
  try {
    await takeEmailBudget(deps.emailQuota, order.spaceId, deps.runtime.now(), order.id);
    sent = await sendOrderMail(deps, order, 'payment', paymentEmail(order));
  } catch (err) {
    await deps.orders.releaseEmail(order.spaceId, order.id, token).catch(() => undefined);
    throw asStepFailure(err, 'email', order.id);
  }
  try {
    return await deps.orders.markStep(order.spaceId, order.id, 'email', auditFor(deps, 'payment-email-sent', userId, { ...sent, attempt: order.checkout?.attempt }));
  } catch (err) {
    throw asStepFailure(err, 'email', order.id);
  }
}

/**
 * Links the order to its message and thread (idempotent on the mail side), then records the step.
 * @throws OrderStepFailedError `linked`
 */
export async function ensureLinked(deps: OrderStepDeps, order: Order, userId: string): Promise<Order> {
  if (order.steps.linked || order.messageId === undefined || order.threadId === undefined) return order;
  try {
    await deps.linker.linkOrder(order.spaceId, order.messageId, order.threadId, order.id);
    return await deps.orders.markStep(order.spaceId, order.id, 'linked', auditFor(deps, 'thread-linked', userId, { threadId: order.threadId }));
  } catch (err) {
    throw asStepFailure(err, 'linked', order.id);
  }
}

const asStepFailure = (err: unknown, step: OrderStepFailedError['step'], orderId: string): Error =>
  err instanceof OrderStepFailedError || err instanceof PaymentEmailLimitError ? err : Object.assign(new OrderStepFailedError(step, orderId), { cause: err });
