import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../support/api-client.js';
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
    const api = apiAs(newSpaceId());
    const customer = 'jane.doe@northwind.example';
    await api.post('/products', { sku: 'W-L-BLK', name: 'Large Black Widget', unitAmount: 1999, currency: 'USD' });
    await api.post('/contacts', { name: 'Jane Doe', emails: [customer], customFields: { wholesale_discount_pct: 10 } });
    const mailbox = await api.post('/mailboxes', {
      host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user.user, password: user.password,
      addresses: ['sales@acme-supplies.example'],
    });
    await api.post(`/mailboxes/${mailbox.body.id}/sync`);
    const threads = await eventually(() => api.get('/threads'), (r) => r.body?.items?.length >= 1);
    const threadId = threads.body.items[0].id as string;
    // The linker writes the thread before its message: under load the list shows it a moment earlier.
    const thread = await eventually(() => api.get(`/threads/${threadId}`), (r) => r.body?.messages?.length >= 1);
    const messageId = thread.body.messages[0].id as string;

    const draft = await api.post(`/messages/${encodeURIComponent(messageId)}/draft-order`);
    const confirm = await api.post('/orders', {
      messageId, customerEmail: draft.body.customerEmail, memo: draft.body.memo, currency: draft.body.currency,
      lines: draft.body.lines.map(({ productId, sku, description, quantity, unitAmount }: Record<string, unknown>) => ({ productId, sku, description, quantity, unitAmount })),
    }, { headers: { 'idempotency-key': `e2e-${messageId}` } });
    const mails = await sesMailsTo(customer);
    const checkoutUrl = /https?:\/\/\S+\/c\/pay\/\S+/.exec(mails[0]?.body.text ?? '')?.[0] ?? '';
    const page = await fetch(checkoutUrl);
    const pageHtml = await page.text();
    const payAction = /<form method="post" action="([^"]+\/pay)">/.exec(pageHtml)?.[1] ?? '';
    const paid = await fetch(new URL(payAction, checkoutUrl), { method: 'POST' });
    const paidHtml = await paid.text();
    const receipts = (await eventually(() => sesMailsTo(customer), (m) => m.length >= 2)).filter((m) => m.subject.startsWith('Receipt'));
    const order = await api.get(`/orders/${confirm.body.id}`);
    const linked = await api.get(`/threads/${threadId}`);
    const again = await api.post(`/messages/${encodeURIComponent(messageId)}/draft-order`);

    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ customerEmail: customer, currency: 'USD', total: 5 * 1799 });
    expect(draft.body.lines).toEqual([expect.objectContaining({ sku: 'W-L-BLK', quantity: 5, unitAmount: 1799 })]);
    expect(confirm.status).toBe(201);
    expect(confirm.body).toMatchObject({ status: 'awaiting_payment', channel: 'crm_email', total: 8995 });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.text).toContain(confirm.body.checkoutUrl);
    expect(confirm.body.checkoutUrl).toBe(`${new URL(checkoutUrl).origin}/c/pay/${confirm.body.checkoutSessionId}`);
    expect(confirm.body.checkoutSessionId).toMatch(/^cs_test_/);
    expect(checkoutUrl).toBe(confirm.body.checkoutUrl);
    expect(page.status).toBe(200);
    expect(pageHtml).toContain('Large Black Widget');
    expect(pageHtml).toMatch(/<td>5<\/td>/);
    expect(pageHtml).toContain('$89.95');
    expect(paid.status).toBe(200);
    expect(paidHtml).toContain('The webhook answered 200 to checkout.session.completed');
    expect(receipts).toHaveLength(1);
    expect(order.body.status).toBe('paid');
    expect(order.body.history.map((h: { status: string }) => h.status)).toEqual(['awaiting_payment', 'paid']);
    expect(linked.body.orderId).toBe(confirm.body.id);
    expect(linked.body.messages[0]).toMatchObject({ orderId: confirm.body.id, convertible: false });
    expect(again.status).toBe(409);
  });
});
