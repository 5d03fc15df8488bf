import { describe, expect, it } from 'vitest';
import type { Order } from '../../../../shared/domain/orders/order.js';
import { replyMessageId, replyTagKey, subjectTag, subjectTagCode } from '../../../../shared/domain/orders/reply-token.js';
import { orderOfReply, type ReplyTagDeps } from '../../../../shared/domain/threads/reply-tag-owner.js';

const key = replyTagKey('test-app-secret');
const orderId = `ord_${'c3'.repeat(16)}`;
const foreignOrder = `ord_${'d4'.repeat(16)}`;
const order = { spaceId: 'sp_one', id: orderId, threadId: 'th_1', contactId: 'ct_ada', companyId: 'co_acme', customerEmail: 'ada@acme.example' } as Order;
const tagsOn = { subjectTag: true, prefix: 'MB' };

/** Space sp_one holds `order`; sp_two holds `foreignOrder`; the tag index is per Space. */
const deps: ReplyTagDeps = {
  key: async () => key,
  orders: {
    getOrder: async (spaceId, id) => (spaceId === 'sp_one' && id === orderId ? order : undefined),
    findOrderBySubjectTag: async (spaceId, code) =>
      (spaceId === 'sp_one' && code === subjectTagCode(key, 'sp_one', orderId) ? orderId : undefined),
  },
};
const mail = (over: Partial<{ inReplyTo: string; references: string[]; subject: string }>) => ({ references: [], subject: 'Re: hello', ...over });
const sentId = replyMessageId(key, { spaceId: 'sp_one', orderId, kind: 'payment', sequence: 0, domain: 'shop.example' });

describe('orderOfReply', () => {
  it('links a reply by In-Reply-To or References to the order contact, company and thread', async () => {
    const expected = { orderId, threadId: 'th_1', contactIds: ['ct_ada'], companyIds: ['co_acme'], by: 'message_id' };
    expect(await orderOfReply(deps, 'sp_one', tagsOn, mail({ inReplyTo: sentId }))).toEqual(expected);
    expect(await orderOfReply(deps, 'sp_one', { ...tagsOn, subjectTag: false }, mail({ references: ['<a@b.example>', sentId] }))).toEqual(expected);
  });

  it('links a reply that has only the subject tag, when the Space tags subjects', async () => {
    const subject = `Re: Payment link for your order ${subjectTag(key, 'sp_one', orderId, 'MB')}`;
    expect(await orderOfReply(deps, 'sp_one', tagsOn, mail({ subject }))).toMatchObject({ orderId, contactIds: ['ct_ada'], by: 'subject_tag' });
    expect(await orderOfReply(deps, 'sp_one', { ...tagsOn, subjectTag: false }, mail({ subject }))).toBeUndefined();
  });

  it('ignores a Message-ID or subject tag minted for another Space, even naming an order id this Space holds', async () => {
    const foreignId = replyMessageId(key, { spaceId: 'sp_two', orderId, kind: 'payment', sequence: 0, domain: 'shop.example' });
    expect(await orderOfReply(deps, 'sp_one', tagsOn, mail({ inReplyTo: foreignId }))).toBeUndefined();
    const foreignTag = subjectTag(key, 'sp_two', foreignOrder, 'MB');
    expect(await orderOfReply(deps, 'sp_one', tagsOn, mail({ subject: `Re: ${foreignTag}` }))).toBeUndefined();
  });

  it('ignores forged and malformed tokens', async () => {
    const forged = sentId.replace(/\.[0-9a-z]{16}@/, '.0000000000000000@');
    expect(await orderOfReply(deps, 'sp_one', tagsOn, mail({ inReplyTo: forged }))).toBeUndefined();
    expect(await orderOfReply(deps, 'sp_one', tagsOn, mail({ inReplyTo: '<mb.garbage@shop.example>', subject: 'Re: [MB-ZZZZZZZZ] [MB-12]' }))).toBeUndefined();
  });

  it('does not trust a stored tag index entry that does not verify for the order', async () => {
    const lying: ReplyTagDeps = { key: deps.key, orders: { ...deps.orders, findOrderBySubjectTag: async () => orderId } };
    expect(await orderOfReply(lying, 'sp_one', tagsOn, mail({ subject: 'Re: [MB-ABCDEFGH]' }))).toBeUndefined();
  });
});
