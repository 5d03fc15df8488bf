import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyMessageId, replyTagKey, subjectTag } from '../../../shared/domain/orders/reply-token.js';
import { mailRulesSchema } from '../../../shared/domain/rules/mail-rules.js';
import type { MessageRecord } from '../../../shared/domain/threads/ports.js';
import { createOrderMailStore } from '../../../shared/store/order-mail-store.js';
import { productItem } from '../../../shared/store/product-store.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { eventually } from '../../support/eventually.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import type { FakeStripe } from '../../support/fake-stripe.js';
import type { ProvidedStack } from '../../support/local-stack.js';
import { createContactStore } from '../../../shared/store/contact-store.js';
import { callOrders, orderTrail, sesMailsTo, startOrderHarness, WIDGET_ID } from '../orders/order-fixtures.js';
import { aMail, mailHarness, messageItems, OWN_ADDRESS } from './mail-harness.js';

let dovecot: DovecotServer;
let stack: ProvidedStack;
let stripe: FakeStripe;
const users = [{ user: 't0', password: 'pw-0' }, { user: 't1', password: 'pw-1' }, { user: 't2', password: 'pw-2' }, { user: 't3', password: 'pw-3' }];
const POSTFIX_DSN = readFileSync(join(import.meta.dirname, '../../fixtures/mail/bounces/postfix-5.1.1.eml'), 'utf8');

/** The corpus Postfix DSN, returning `original` sent to `recipient`, with `status` (4.x.x delays say so). */
const aDsn = (original: string, recipient: string, status: string) => POSTFIX_DSN
  .replaceAll('gone@northwind.example', recipient).replace('sent-postfix@acme-supplies.example', original)
  .replace('20250303171400.9A1B3C5@mail.acme-supplies.example', `${ulid()}@mail.acme-supplies.example`)
  .replaceAll('5.1.1', status).replace('Action: failed', status.startsWith('4') ? 'Action: delayed' : 'Action: failed');
const JANE = 'jane.doe@northwind.example';

beforeAll(async () => {
  ({ stack, stripe } = await startOrderHarness());
  dovecot = await startDovecot({ users });
});
afterAll(async () => { await Promise.all([dovecot?.stop(), stripe?.stop()]); });

/** A Space with Jane, the widget, tagged subjects, a Dovecot mailbox and Jane's order mail synced; then the order confirmed through orders-api. */
async function aConfirmedOrderWithMailbox(user: { user: string; password: string }) {
  const spaceId = newSpaceId();
  const h = await mailHarness(spaceId);
  const jane = await h.addContact('Jane Doe', [JANE]);
  const now = new Date().toISOString();
  await h.rt.table.client.send(new PutCommand({ TableName: h.rt.table.table, Item: productItem({
    id: WIDGET_ID, spaceId, sku: 'W-L-BLK', name: 'Large Black Widget', aliases: [], unitAmount: 1250, currency: 'USD', active: true, createdAt: now, updatedAt: now, version: 1,
  }) }));
  await h.rt.rules.putMailRules({ spaceId, userId: 'admin-1', requestId: 'r', at: now, auditId: ulid() }, mailRulesSchema.parse({ replyTags: { subjectTag: true, prefix: 'MB' } }), 0);
  await dovecot.appendMessage(user.user, 'INBOX', aMail({ subject: 'Order', body: 'Bill me for 5 Large Black Widgets.' }));
  const mailbox = await h.connect(dovecot, user);
  await h.sync(mailbox.id);
  const [first] = await h.drain();
  const messageId = (first as { id: string }).id;

  const confirmed = await callOrders(spaceId, 'POST /orders', { body: {
    messageId, customerEmail: JANE, memo: 'Widgets',
    lines: [{ productId: WIDGET_ID, sku: 'W-L-BLK', description: 'Large Black Widget', quantity: 5, unitAmount: 1250 }],
  } });
  expect(confirmed.statusCode).toBe(201);
  const order = confirmed.json as { id: string; threadId: string; contactId: string };
  const sentAudit = (await orderTrail(spaceId, order.id)).audit.find((a) => a.action === 'payment-email-sent')!;
  return { spaceId, h, jane, mailbox, order, sentMessageId: String(sentAudit.details!.messageId) };
}

const itemsBySubject = async (h: Awaited<ReturnType<typeof mailHarness>>, spaceId: string) =>
  new Map((await messageItems(h.rt, spaceId)).map((m) => [m.subject as string, m as unknown as MessageRecord]));

describe('replies to our order mail (real Dovecot, orders-api, SES emulator, DynamoDB Local)', () => {
  it('links a reply to the payment email from another address to the order contact and thread, by In-Reply-To or by the subject tag alone', async () => {
    const { spaceId, h, jane, mailbox, order, sentMessageId } = await aConfirmedOrderWithMailbox(users[0]!);
    // Other files' orders mail Jane too (without tags): this Space's payment email is the newest tagged one.
    const tagged = (await sesMailsTo(stack, JANE)).filter((m) => /\[MB-[0-9A-Z]{8}\]/.test(m.subject));
    const payment = tagged.at(-1) as unknown as { subject: string; replyTo: string[] } | undefined;
    const tag = /\[MB-[0-9A-Z]{8}\]/.exec(payment!.subject)![0];

    await dovecot.appendMessages(users[0]!.user, 'INBOX', [
      aMail({ subject: 'Re: Payment link for your order', from: 'Jane at home <jane.home@homemail.example>', inReplyTo: sentMessageId, body: 'Paid from my own card.' }),
      aMail({ subject: `Re: Payment link ${tag}`, from: 'Accounts <accounts@northwind-finance.example>', body: 'Which VAT id?' }),
    ]);
    await h.sync(mailbox.id);
    await h.drain();

    const bySubject = await itemsBySubject(h, spaceId);
    const byId = bySubject.get('Re: Payment link for your order')!;
    const byTag = bySubject.get(`Re: Payment link ${tag}`)!;
    console.log('payment email subject:', payment!.subject, '| Reply-To:', payment!.replyTo, '| stored Message-ID:', sentMessageId);
    expect(payment!.replyTo).toEqual([OWN_ADDRESS]);
    expect(await createOrderMailStore(h.rt.table).findSentByMessageId(spaceId, sentMessageId)).toMatchObject({ orderId: order.id, kind: 'payment', to: JANE });
    expect(order.contactId).toBe(jane);
    for (const reply of [byId, byTag]) {
      expect(reply).toMatchObject({ threadId: order.threadId, contactIds: [jane], linkProvenance: { [`contact#${jane}`]: { kind: 'id_tag' } } });
    }
  });

  it('ignores a forged tag and a Message-ID minted for another Space, and a malformed tag', async () => {
    const { spaceId, h, mailbox, order } = await aConfirmedOrderWithMailbox(users[1]!);
    const key = replyTagKey(process.env.CURSOR_KEY!);
    const foreignId = replyMessageId(key, { spaceId: 'another-space', orderId: order.id, kind: 'payment', sequence: Date.now(), domain: 'mailbridge.example' });
    const foreignTag = subjectTag(key, 'another-space', order.id, 'MB');

    await dovecot.appendMessages(users[1]!.user, 'INBOX', [
      aMail({ subject: 'Re: forged id', from: 'Mallory <mallory@evil.example>', inReplyTo: foreignId }),
      aMail({ subject: `Re: forged tag ${foreignTag}`, from: 'Mallory <mallory@evil.example>' }),
      aMail({ subject: 'Re: malformed [MB-ZZZZZZZZ]', from: 'Mallory <mallory@evil.example>', inReplyTo: `mb.${order.id}.payment1.0000000000000000@mailbridge.example` }),
    ]);
    await h.sync(mailbox.id);
    await h.drain();

    const bySubject = await itemsBySubject(h, spaceId);
    for (const subject of ['Re: forged id', `Re: forged tag ${foreignTag}`, 'Re: malformed [MB-ZZZZZZZZ]']) {
      const reply = bySubject.get(subject)!;
      expect(reply).toMatchObject({ contactIds: [], companyIds: [] });
      expect(reply.threadId).not.toBe(order.threadId);
      expect(reply.linkProvenance).toBeUndefined();
    }
  });

  it('flags the order when its payment email bounces permanently, audited; a 4.x.x delay or a bounce naming another recipient changes nothing', async () => {
    const { spaceId, h, jane, mailbox, order, sentMessageId } = await aConfirmedOrderWithMailbox(users[2]!);

    await dovecot.appendMessages(users[2]!.user, 'INBOX', [
      aDsn(sentMessageId, JANE, '4.2.2'),
      aDsn(sentMessageId, 'mallory@evil.example', '5.1.1'),
    ]);
    await h.sync(mailbox.id);
    await h.drain();
    const beforeHard = (await callOrders(spaceId, 'GET /orders/{id}', { pathParameters: { id: order.id } })).json;
    await dovecot.appendMessages(users[2]!.user, 'INBOX', [aDsn(sentMessageId, JANE, '5.1.1'), aDsn(sentMessageId, JANE, '5.1.1')]);
    await h.sync(mailbox.id);
    await h.drain();

    const after = (await callOrders(spaceId, 'GET /orders/{id}', { pathParameters: { id: order.id } })).json;
    const trail = (await orderTrail(spaceId, order.id)).audit.filter((a) => a.action === 'mail-problem');
    const contact = await createContactStore(h.rt.table).getContact(spaceId, jane);
    console.log('order mailProblems after a 5.1.1 DSN:', JSON.stringify(after.mailProblems));
    expect(beforeHard.mailProblems).toEqual([]);
    expect(after.mailProblems).toEqual([{ type: 'bounce', mail: 'payment', messageId: sentMessageId, recipient: JANE, status: '5.1.1', at: expect.any(String), via: 'dsn' }]);
    expect(trail).toEqual([expect.objectContaining({ userId: 'system:dsn', details: expect.objectContaining({ type: 'bounce', status: '5.1.1' }) })]);
    expect(contact!.bouncedEmails).toEqual([expect.objectContaining({ email: JANE, status: '5.1.1' })]);
  });
  it('links a reply to the payment email with provenance id_tag again when the no_link rule that kept it unlinked is removed and the rules are re-applied', async () => {
    const { spaceId, h, jane, mailbox, order, sentMessageId } = await aConfirmedOrderWithMailbox(users[3]!);
    const actor = { spaceId, userId: 'admin-1', requestId: 'r' };
    const tags = { replyTags: { subjectTag: true, prefix: 'MB' } };
    const home = { id: 'home', field: 'from', operator: 'domain_is', value: 'homemail.example', action: 'no_link' };
    await h.rt.rules.putMailRules({ ...actor, at: new Date().toISOString(), auditId: ulid() }, mailRulesSchema.parse({ ...tags, exclusions: [home] }), 1);
    await dovecot.appendMessages(users[3]!.user, 'INBOX', [
      aMail({ subject: 'Re: Payment link for your order', from: 'Jane at home <jane.home@homemail.example>', inReplyTo: sentMessageId, body: 'Paid from my own card.' }),
    ]);
    await h.sync(mailbox.id);
    await h.drain();
    const kept = (await itemsBySubject(h, spaceId)).get('Re: Payment link for your order')!;

    await h.rt.rules.putMailRules({ ...actor, at: new Date().toISOString(), auditId: ulid() }, mailRulesSchema.parse(tags), 2);
    const admin = apiAs(spaceId, 'admin', 'admin-1');
    const asked = await admin.post('/settings/mail-rules/reapply', { days: 7 }, { headers: { 'idempotency-key': 'tags-1' } });
    const job = await eventually(async () => (await admin.get(`/settings/mail-rules/reapply/${String(asked.body.id)}`)).body as { status: string; relinkedMessages: number },
      (j) => j.status === 'done' || j.status === 'failed', 90_000);
    const relinked = (await itemsBySubject(h, spaceId)).get('Re: Payment link for your order')!;

    expect(kept).toMatchObject({ threadId: order.threadId, contactIds: [], unlinkedByRule: 'exclusion:home' });
    expect(job).toMatchObject({ status: 'done', relinkedMessages: 1 });
    expect(relinked).toMatchObject({ contactIds: [jane], linkProvenance: { [`contact#${jane}`]: { kind: 'id_tag' } } });
    expect(relinked.unlinkedByRule).toBeUndefined();
  }, 240_000);
});
