import { createMemoryCaptureStore } from '../../../../shared/store/memory-capture.js';
import type { CatalogReader, ConfirmOrderDeps, ConfirmOrderInput } from '../../../../shared/domain/orders/confirm-order.js';
import type { DraftCustomer } from '../../../../shared/domain/orders/customer-discount.js';
import type { PricedProduct } from '../../../../shared/domain/orders/priced-product.js';
import type { StoredMessage } from '../../../../shared/domain/threads/stored-message.js';
import { NotFoundError } from '../../../../shared/domain/errors.js';
import { createMemoryMailer } from '../../../../shared/adapters/mailer/memory-mailer.js';
import { createMemoryPayments } from '../../../../shared/adapters/payments/memory-payments.js';
import { createMemoryOrderStore } from '../../../../shared/store/memory-order-store.js';
import { createMemoryRateLimitStore, createPaymentEmailQuota } from '../../../../shared/store/rate-limit-store.js';
import type { ReplyTagging } from '../../../../shared/domain/orders/order-mail.js';
import { replyTagKey } from '../../../../shared/domain/orders/reply-token.js';
import { createMemoryOrderMailStore } from '../../../../shared/store/order-mail-store.js';

/** Reply tagging in memory: `tags` is what the Space set, `replyTo` its mailbox; `store.sent` holds what was recorded. */
export function memoryReplyTagging(options: { subjectTag?: boolean; prefix?: string; replyTo?: string } = {}) {
  const store = createMemoryOrderMailStore();
  const tagging: ReplyTagging = {
    key: replyTagKey('unit-test-secret'), domain: 'mailbridge.example',
    settings: async () => ({ subjectTag: options.subjectTag ?? false, prefix: options.prefix ?? 'MB' }),
    replyTo: async () => options.replyTo,
    recordSent: (s, sent) => store.recordSent(s, sent),
    recordProviderId: (s, id, sent) => store.recordProviderId(s, id, sent),
  };
  return Object.assign(tagging, { store });
}

export const aMessage = (overrides: Partial<StoredMessage> = {}): StoredMessage => ({
  spaceId: 'space-a', id: 'msg-1', messageId: '<m1@example.com>', threadId: 'thr-1', mailboxId: 'mbx-1',
  direction: 'inbound', from: { address: 'buyer@customer.example' }, to: [], cc: [], replyTo: [],
  subject: 'Order', date: '2025-01-01T00:00:00.000Z', snippet: '', text: 'bill me for 5 Large Black Widgets',
  hasHtml: false, attachments: [], parseStatus: 'parsed', contactIds: [], companyIds: [], rawKey: 'raw/1',
  ...overrides,
});

export const aConfirmInput = (overrides: Partial<ConfirmOrderInput> = {}): ConfirmOrderInput => ({
  spaceId: 'space-a', userId: 'user-1', role: 'staff', messageId: 'msg-1', customerEmail: 'buyer@customer.example', memo: 'Widgets',
  lines: [{ productId: 'p1', sku: 'W-L-BLK', description: 'Large Black Widget', quantity: 5, unitAmount: 1250 }],
  ...overrides,
});

export const aProduct = (overrides: Partial<PricedProduct> = {}): PricedProduct => ({
  id: 'p1', sku: 'W-L-BLK', name: 'Large Black Widget', unitAmount: 1250, currency: 'USD', active: true, ...overrides,
});

/** A catalog in memory: the products of 'space-a' by id. */
export const memoryCatalog = (products: PricedProduct[]): CatalogReader => async (spaceId, ids) =>
  new Map(spaceId === 'space-a' ? products.filter((p) => ids.includes(p.id)).map((p) => [p.id, p]) : []);

/** Every port of confirm in memory, with a linker that records calls and can fail. */
export function memoryConfirmDeps(messages: StoredMessage[] = [aMessage()], options: {
  products?: PricedProduct[]; customers?: Record<string, DraftCustomer>; emailsPerDay?: number; replyTags?: Parameters<typeof memoryReplyTagging>[0];
} = {}) {
  const orders = createMemoryOrderStore();
  const payments = createMemoryPayments();
  const mailer = createMemoryMailer();
  const links: string[] = [];
  let linkFailures = 0;
  let ids = 0;
  const clock = { now: new Date('2025-01-02T10:00:00.000Z') };
  const captures = createMemoryCaptureStore();
  const replyTags = memoryReplyTagging(options.replyTags);
  const deps: ConfirmOrderDeps = {
    orders, payments, mailer, replyTags,
    messages: {
      async getMessage(spaceId, id) {
        const m = messages.find((x) => x.spaceId === spaceId && x.id === id);
        if (!m) throw new NotFoundError('message', id);
        return m;
      },
    },
    linker: {
      async linkOrder(_s, messageId, _t, orderId) {
        if (linkFailures > 0) { linkFailures--; throw new Error('link failed'); }
        links.push(`${messageId}->${orderId}`);
      },
    },
    catalog: memoryCatalog(options.products ?? [aProduct()]),
    customers: {
      contactById: async (_s, id) => options.customers?.[id],
      contactByEmail: async (_s, email) => Object.values(options.customers ?? {}).find((c) => c.emails.includes(email)),
    },
    captures,
    runtime: { now: () => clock.now, newId: () => `id-${++ids}` },
    publicBaseUrl: 'http://127.0.0.1:3000',
    emailQuota: createPaymentEmailQuota(createMemoryRateLimitStore(), options.emailsPerDay ?? 100),
    paymentEmailCooldownSeconds: 60,
    wait: () => new Promise((r) => setTimeout(r, 1)),
  };
  return { deps, orders, payments, mailer, replyTags, links, clock, captures, failLinkNext: (n = 1) => { linkFailures = n; } };
}
