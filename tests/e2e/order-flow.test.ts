import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSpaceId, typedApiAs } from '../support/api-client.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { useLocalStackEnv, type ProvidedStack } from '../support/local-stack.js';
import { readSamples } from '../integration/mail/mail-harness.js';
import { eventually } from '../support/eventually.js';

let dovecot: DovecotServer;
let stack: ProvidedStack;
const user = { user: 'orders', password: 'e2e-order-password' };

beforeAll(async () => {
  stack = useLocalStackEnv();
  dovecot = await startDovecot({ users: [user] });
  const samples = await readSamples();
  await dovecot.appendMessage(user.user, 'INBOX', samples.get('01-order-request.eml')!);
});
afterAll(async () => { await dovecot?.stop(); });


type SesMail = { subject: string; body: { text?: string; html?: string }; destination: { to: string[] } };
const sesMailsTo = async (to: string): Promise<SesMail[]> =>
  ((await (await fetch(`${stack.endpoints.ses}/store`)).json()) as { emails: SesMail[] }).emails.filter((e) => e.destination.to.includes(to));

describe('inbound email to a paid order (gateway, IMAP sync, SES, fake Stripe API and its checkout page, signed webhook)', () => {
  it('turns "bill me for 5 Large Black Widgets" into a paid order linked to its thread', async () => {
    const api = typedApiAs(newSpaceId());
    const customer = 'jane.doe@northwind.example';
    await api.POST('/products', { body: { sku: 'W-L-BLK', name: 'Large Black Widget', unitAmount: 1999, currency: 'USD' } });
    await api.POST('/contacts', { body: { name: 'Jane Doe', emails: [customer], customFields: { wholesale_discount_pct: 10 } } });
    const mailbox = await api.POST('/mailboxes', {
      body: {
        host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user.user, password: user.password,
        addresses: ['sales@acme-supplies.example'],
      },
    });
    await api.POST('/mailboxes/{id}/sync', { params: { path: { id: mailbox.data!.id } } });
    const threads = await eventually(() => api.GET('/threads'), (r) => (r.data?.items.length ?? 0) >= 1);
    const threadId = threads.data!.items[0]!.id;
    // The linker writes the thread before its message: under load the list shows it a moment earlier.
    const thread = await eventually(() => api.GET('/threads/{id}', { params: { path: { id: threadId } } }), (r) => (r.data?.messages.length ?? 0) >= 1);
    const messageId = thread.data!.messages[0]!.id;

    const draft = await api.POST('/messages/{id}/draft-order', { params: { path: { id: messageId } } });
    const d = draft.data!;
    const confirm = await api.POST('/orders', {
      params: { header: { 'Idempotency-Key': `e2e-${messageId}` } },
      body: {
        messageId, customerEmail: d.customerEmail, memo: d.memo, currency: d.currency ?? undefined,
        lines: d.lines.map(({ productId, sku, description, quantity, unitAmount }) => ({ productId, sku, description, quantity, unitAmount })),
      },
    });
    const confirmed = confirm.data!;
    // Other tests mail this sample's sender too (replies from the record): keep this order's mail only.
    const mails = (await sesMailsTo(customer)).filter((m) => (m.body.text ?? '').includes(`/c/pay/${confirmed.checkoutSessionId}`));
    const checkoutUrl = /https?:\/\/\S+\/c\/pay\/\S+/.exec(mails[0]?.body.text ?? '')?.[0] ?? '';
    const page = await fetch(checkoutUrl);
    const pageHtml = await page.text();
    const payAction = /<form method="post" action="([^"]+\/pay)">/.exec(pageHtml)?.[1] ?? '';
    const paid = await fetch(new URL(payAction, checkoutUrl), { method: 'POST' });
    const paidHtml = await paid.text();
    const receiptsOf = async () => (await sesMailsTo(customer)).filter((m) => m.subject.startsWith('Receipt') && (m.body.text ?? '').includes(confirmed.id));
    const receipts = await eventually(receiptsOf, (m) => m.length >= 1);
    const order = await api.GET('/orders/{id}', { params: { path: { id: confirmed.id } } });
    const linked = await api.GET('/threads/{id}', { params: { path: { id: threadId } } });
    const again = await api.POST('/messages/{id}/draft-order', { params: { path: { id: messageId } } });

    expect(draft.response.status).toBe(200);
    expect(d).toMatchObject({ customerEmail: customer, currency: 'USD', total: 5 * 1799 });
    expect(d.lines).toEqual([expect.objectContaining({ sku: 'W-L-BLK', quantity: 5, unitAmount: 1799 })]);
    expect(confirm.response.status).toBe(201);
    expect(confirmed).toMatchObject({ status: 'awaiting_payment', channel: 'crm_email', total: 8995 });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.text).toContain(confirmed.checkoutUrl);
    expect(confirmed.checkoutUrl).toBe(`${new URL(checkoutUrl).origin}/c/pay/${confirmed.checkoutSessionId}`);
    expect(confirmed.checkoutSessionId).toMatch(/^cs_test_/);
    expect(checkoutUrl).toBe(confirmed.checkoutUrl);
    expect(page.status).toBe(200);
    expect(pageHtml).toContain('Large Black Widget');
    expect(pageHtml).toMatch(/<td>5<\/td>/);
    expect(pageHtml).toContain('$89.95');
    expect(paid.status).toBe(200);
    expect(paidHtml).toContain('The webhook answered 200 to checkout.session.completed');
    expect(receipts).toHaveLength(1);
    expect(order.data?.status).toBe('paid');
    expect(order.data?.history.map((h) => h.status)).toEqual(['awaiting_payment', 'paid']);
    expect(linked.data?.orderId).toBe(confirmed.id);
    expect(linked.data?.messages[0]).toMatchObject({ orderId: confirmed.id, convertible: false });
    expect(again.response.status).toBe(409);
  });
});
