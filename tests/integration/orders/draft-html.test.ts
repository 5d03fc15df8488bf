import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../../shared/domain/products/product.js';
import { productItem } from '../../../shared/store/product-store.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import type { FakeStripe } from '../../support/fake-stripe.js';
import { mailHarness, messageItems, OWN_ADDRESS } from '../mail/mail-harness.js';
import { callOrders, startOrderHarness } from './order-fixtures.js';

let dovecot: DovecotServer;
let stripe: FakeStripe;
const users = [{ user: 'html-only', password: 'pw-html-only' }, { user: 'flattened', password: 'pw-flattened' }];

beforeAll(async () => {
  ({ stripe } = await startOrderHarness());
  dovecot = await startDovecot({ users });
});
afterAll(async () => {
  await dovecot?.stop();
  await stripe?.stop();
});

const TABLE = '<p>Hi, this week please:</p><table border="1"><tr><th>Item</th><th>Qty</th></tr>'
  + '<tr><td>Cable Tie 200mm</td><td>40</td></tr><tr><td>Paper Cups 8oz</td><td>1,000</td></tr></table><p>Thanks, Dana</p>';
/** What Outlook puts in the text part of the same table: one cell per paragraph. */
const STACKED = 'Hi, this week please:\r\n\r\nItem\r\n\r\nQty\r\n\r\nCable Tie 200mm\r\n\r\n40\r\n\r\nPaper Cups 8oz\r\n\r\n1,000\r\n\r\nThanks, Dana\r\n';

const headers = (subject: string): string[] => [
  'From: Dana Reyes <dana@cafe.example>', `To: ${OWN_ADDRESS}`, `Subject: ${subject}`, `Date: ${new Date().toUTCString()}`,
  `Message-ID: <${ulid()}@cafe.example>`, 'MIME-Version: 1.0',
];
const htmlOnly = (): string => [...headers('Order'), 'Content-Type: text/html; charset=utf-8', '', TABLE, ''].join('\r\n');
const alternative = (): string => [
  ...headers('Order'), 'Content-Type: multipart/alternative; boundary="b1"', '',
  '--b1', 'Content-Type: text/plain; charset=utf-8', '', STACKED,
  '--b1', 'Content-Type: text/html; charset=utf-8', '', TABLE, '--b1--', '',
].join('\r\n');

async function syncedDraft(user: { user: string; password: string }, raw: string) {
  const spaceId = newSpaceId();
  const h = await mailHarness(spaceId);
  const at = new Date().toISOString();
  const product = (id: string, sku: string, name: string, unitAmount: number): Product => ({
    id, spaceId, sku, name, aliases: [], unitAmount, currency: 'USD', active: true, createdAt: at, updatedAt: at, version: 1,
  });
  for (const p of [product('p-tie', 'TIE-200', 'Cable Tie 200mm', 5), product('p-cup', 'CUP-8', 'Paper Cup 8oz', 9)]) {
    await h.rt.table.client.send(new PutCommand({ TableName: h.rt.table.table, Item: productItem(p) }));
  }
  await dovecot.appendMessage(user.user, 'INBOX', raw);
  const mailbox = await h.connect(dovecot, user);
  await h.sync(mailbox.id);
  await h.drain();
  const [message] = await messageItems(h.rt, spaceId);
  return callOrders(spaceId, 'POST /messages/{id}/draft-order', { pathParameters: { id: String(message?.id) } });
}

describe('POST /messages/{id}/draft-order on mail whose items sit in an HTML table (real Dovecot, sync pipeline)', () => {
  it('drafts the table rows of an HTML-only mail, each line with its source and how it matched', async () => {
    const reply = await syncedDraft(users[0]!, htmlOnly());

    expect(reply.statusCode).toBe(200);
    expect(reply.json.lines).toEqual([
      expect.objectContaining({ sku: 'TIE-200', quantity: 40, match: 'name_tokens', source: expect.objectContaining({ text: 'Cable Tie 200mm | 40' }) }),
      expect.objectContaining({ sku: 'CUP-8', quantity: 1000, match: 'name_tokens', source: expect.objectContaining({ text: 'Paper Cups 8oz | 1,000' }) }),
    ]);
    expect(reply.json.readFrom).toBe('html');
  });

  it('reads the HTML part when the text part stacks the table cells one per paragraph', async () => {
    const reply = await syncedDraft(users[1]!, alternative());

    expect(reply.statusCode).toBe(200);
    expect((reply.json.lines as { sku: string; quantity: number }[]).map((l) => `${l.quantity} ${l.sku}`)).toEqual(['40 TIE-200', '1000 CUP-8']);
    expect(reply.json.readFrom).toBe('html');
  });
});
