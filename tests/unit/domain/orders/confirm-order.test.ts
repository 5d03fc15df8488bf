import { describe, expect, it } from 'vitest';
import { captureIdOf, ContactPendingReviewError, type Capture } from '../../../../shared/domain/contacts/capture.js';
import { confirmOrder } from '../../../../shared/domain/orders/confirm-order.js';
import { OrderStepFailedError } from '../../../../shared/domain/orders/order-errors.js';
import { aConfirmInput, aMessage, memoryConfirmDeps } from './order-builders.js';

describe('confirmOrder', () => {
  it('creates one order, one session and one email for 20 concurrent confirms of one draft', async () => {
    const { deps, payments, mailer, links } = memoryConfirmDeps();

    const results = await Promise.all(Array.from({ length: 20 }, () => confirmOrder(deps, aConfirmInput())));

    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(payments.created).toHaveLength(1);
    expect(mailer.sent).toHaveLength(1);
    expect(new Set(links).size).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r.order))).size).toBe(1);
  });

  it('sends nothing to a captured contact waiting for review, and sends once it is approved', async () => {
    const { deps, payments, mailer, captures } = memoryConfirmDeps();
    const input = aConfirmInput();
    const id = captureIdOf(input.spaceId, input.customerEmail);
    const pending: Capture = {
      spaceId: input.spaceId, id, address: input.customerEmail.toLowerCase(), name: 'Jane', state: 'pending', capturedAt: '2025-01-02T09:00:00.000Z',
      source: { messageId: input.messageId, threadId: 't', subject: 's', date: '2025-01-02T09:00:00.000Z', direction: 'inbound' },
    };
    await captures.proposeCapture(pending);

    await expect(confirmOrder(deps, input)).rejects.toBeInstanceOf(ContactPendingReviewError);
    expect(payments.created).toHaveLength(0);
    expect(mailer.sent).toHaveLength(0);

    captures.items.set(id, { ...pending, state: 'approved', contactId: 'c-1' });
    await confirmOrder(deps, input);
    expect(mailer.sent).toHaveLength(1);
  });

  it('records each step and an audit row per step', async () => {
    const { deps, orders } = memoryConfirmDeps();

    const { order } = await confirmOrder(deps, aConfirmInput());

    expect(order.status).toBe('awaiting_payment');
    expect(order.channel).toBe('crm_email');
    expect(Object.keys(order.steps).sort()).toEqual(['checkout', 'email', 'linked']);
    expect(orders.audit.map((a) => a.action)).toEqual(['create', 'checkout-created', 'payment-email-sent', 'thread-linked']);
  });

  it('emails the checkout link, the lines and the total to the one customer address', async () => {
    const { deps, mailer } = memoryConfirmDeps();

    const { order } = await confirmOrder(deps, aConfirmInput());

    expect(mailer.sent[0]!.to).toBe('buyer@customer.example');
    expect(mailer.sent[0]!.text).toContain(order.checkout!.url);
    expect(mailer.sent[0]!.text).toContain('Large Black Widget × 5');
    expect(mailer.sent[0]!.html).toContain('$62.50');
  });

  it('refuses the same Idempotency-Key with different lines and opens no new session', async () => {
    const { deps, payments } = memoryConfirmDeps();
    await confirmOrder(deps, aConfirmInput({ idempotencyKey: 'k1' }));

    const changed = aConfirmInput({ idempotencyKey: 'k1', lines: [{ description: 'Other', quantity: 1, unitAmount: 1 }] });

    await expect(confirmOrder(deps, changed)).rejects.toMatchObject({ code: 'idempotency-key-reused' });
    expect(payments.created).toHaveLength(1);
  });

  it('refuses a second order for a message that already has one', async () => {
    const { deps } = memoryConfirmDeps();
    await confirmOrder(deps, aConfirmInput({ idempotencyKey: 'k1' }));

    await expect(confirmOrder(deps, aConfirmInput({ idempotencyKey: 'k2' }))).rejects.toMatchObject({ code: 'message-has-order' });
  });

  it('refuses outbound and automated mail as not convertible', async () => {
    const { deps } = memoryConfirmDeps([aMessage({ id: 'out', direction: 'outbound' }), aMessage({ id: 'auto', automated: 'auto-reply' })]);

    await expect(confirmOrder(deps, aConfirmInput({ messageId: 'out' }))).rejects.toMatchObject({ code: 'not-convertible' });
    await expect(confirmOrder(deps, aConfirmInput({ messageId: 'auto' }))).rejects.toMatchObject({ code: 'not-convertible' });
  });

  it.each([
    ['checkout', (m: ReturnType<typeof memoryConfirmDeps>) => m.payments.failNext()],
    ['email', (m: ReturnType<typeof memoryConfirmDeps>) => m.mailer.failNext()],
    ['linked', (m: ReturnType<typeof memoryConfirmDeps>) => m.failLinkNext()],
  ] as const)('names the failed %s step and completes the order on retry', async (step, breakIt) => {
    const memory = memoryConfirmDeps();
    breakIt(memory);

    const failure = await confirmOrder(memory.deps, aConfirmInput()).catch((e: unknown) => e);
    const retry = await confirmOrder(memory.deps, aConfirmInput());

    expect(failure).toBeInstanceOf(OrderStepFailedError);
    expect((failure as OrderStepFailedError).step).toBe(step);
    expect(Object.keys(retry.order.steps).sort()).toEqual(['checkout', 'email', 'linked']);
    expect(memory.payments.created).toHaveLength(1);
    expect(memory.mailer.sent).toHaveLength(1);
  });

  it('reuses the stored session when the provider forgot its idempotency key', async () => {
    const { deps, payments } = memoryConfirmDeps();
    await confirmOrder(deps, aConfirmInput());
    payments.forgetKeys();

    const again = await confirmOrder(deps, aConfirmInput());

    expect(payments.created).toHaveLength(1);
    expect(again.order.checkout!.sessionId).toBe(payments.created[0]!.sessionId);
  });
});
