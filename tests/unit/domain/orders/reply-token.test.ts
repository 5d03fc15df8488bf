import { describe, expect, it } from 'vitest';
import {
  orderOfReferences, orderOfReplyMessageId, replyMessageId, replyTagKey, subjectTag, subjectTagCodes, verifySubjectTag,
} from '../../../../shared/domain/orders/reply-token.js';
import { composeReply } from '../../../../shared/domain/threads/compose-reply.js';

const key = replyTagKey('test-app-secret');
const otherKey = replyTagKey('another-deployment-secret');
const orderId = `ord_${'a1'.repeat(16)}`;
const otherOrder = `ord_${'b2'.repeat(16)}`;
const sent = { spaceId: 'sp_one', orderId, kind: 'payment' as const, sequence: 0, domain: 'mail.shop.example' };

describe('reply Message-ID', () => {
  it('names the order in its own Space, with or without angle brackets and in any case', () => {
    const id = replyMessageId(key, sent);
    expect(id).toMatch(/^mb\.ord_[0-9a-f]{32}\.payment0\.[0-9a-z]{16}@mail\.shop\.example$/);
    expect(orderOfReplyMessageId(key, 'sp_one', id)).toBe(orderId);
    expect(orderOfReplyMessageId(key, 'sp_one', `<${id}>`)).toBe(orderId);
    expect(orderOfReplyMessageId(key, 'sp_one', id.toUpperCase())).toBe(orderId);
  });

  it('differs per send, so a resent payment email and the receipt each have their own', () => {
    const ids = new Set([replyMessageId(key, sent), replyMessageId(key, { ...sent, sequence: 1 }), replyMessageId(key, { ...sent, kind: 'receipt' })]);
    expect(ids.size).toBe(3);
  });

  it('is ignored in another Space, under another key, and when any part was edited', () => {
    const id = replyMessageId(key, sent);
    expect(orderOfReplyMessageId(key, 'sp_two', id)).toBeUndefined();
    expect(orderOfReplyMessageId(otherKey, 'sp_one', id)).toBeUndefined();
    expect(orderOfReplyMessageId(key, 'sp_one', id.replace(orderId, otherOrder))).toBeUndefined();
    expect(orderOfReplyMessageId(key, 'sp_one', id.replace('payment0', 'payment1'))).toBeUndefined();
    expect(orderOfReplyMessageId(key, 'sp_one', id.replace(/\.([0-9a-z])([0-9a-z]{15})@/, (_m, c: string, rest: string) => `.${c === 'a' ? 'b' : 'a'}${rest}@`))).toBeUndefined();
  });

  it('ignores malformed ids and ordinary Message-IDs', () => {
    for (const bad of ['', '<>', '<abc@example.com>', `<mb.${orderId}.payment0.short@x.example>`, `<mb.${orderId}.refund0.${'a'.repeat(16)}@x.example>`, `<mb.ord_xyz.payment0.${'a'.repeat(16)}@x.example>`]) {
      expect(orderOfReplyMessageId(key, 'sp_one', bad)).toBeUndefined();
    }
  });

  it('finds the order among In-Reply-To and References', () => {
    const id = replyMessageId(key, sent);
    expect(orderOfReferences(key, 'sp_one', ['<x@y.example>', id])).toBe(orderId);
    expect(orderOfReferences(key, 'sp_two', ['<x@y.example>', id])).toBeUndefined();
    expect(orderOfReferences(key, 'sp_one', [])).toBeUndefined();
  });

  it('is a Message-ID the MIME composer accepts as it is', () => {
    const id = replyMessageId(key, sent);
    const raw = composeReply({
      from: { address: 'orders@shop.example' }, replyTo: 'inbox@shop.example', to: ['ada@acme.example'], cc: [], subject: 'Payment link',
      messageId: id, references: [], date: new Date('2026-01-02T03:04:05Z'), text: 'Hello', attachments: [], boundary: 'abcdefgh12',
    }).toString('utf8');
    expect(raw).toContain(`Message-ID: <${id}>`);
  });

  it('refuses to mint for something that is not an order id or a bad sequence', () => {
    expect(() => replyMessageId(key, { ...sent, orderId: 'ord_x>' })).toThrow();
    expect(() => replyMessageId(key, { ...sent, sequence: -1 })).toThrow();
  });
});

describe('subject tag', () => {
  it('is read back from a reply subject and verifies for its own Space and order only', () => {
    const tag = subjectTag(key, 'sp_one', orderId, 'MB');
    expect(tag).toMatch(/^\[MB-[0-9A-HJKMNP-TV-Z]{8}\]$/);
    const [code] = subjectTagCodes(`RE: Aw: Payment link for your order ${tag}`, 'MB');
    expect(code).toBe(tag.slice(4, -1));
    expect(verifySubjectTag(key, 'sp_one', orderId, code!)).toBe(true);
    expect(verifySubjectTag(key, 'sp_two', orderId, code!)).toBe(false);
    expect(verifySubjectTag(key, 'sp_one', otherOrder, code!)).toBe(false);
    expect(verifySubjectTag(otherKey, 'sp_one', orderId, code!)).toBe(false);
  });

  it('reads a retyped tag in lower case, and O/I/L as the digits they stand for', () => {
    const code = subjectTag(key, 'sp_one', orderId, 'MB').slice(4, -1);
    const retyped = code.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
    expect(subjectTagCodes(`re: [mb-${retyped}]`, 'MB')).toEqual([code]);
  });

  it('finds nothing under another prefix, with a wrong length, or with a bad prefix setting', () => {
    const tag = subjectTag(key, 'sp_one', orderId, 'MB');
    expect(subjectTagCodes(`Re: ${tag}`, 'XY')).toEqual([]);
    expect(subjectTagCodes('Re: [MB-7K2Q]', 'MB')).toEqual([]);
    expect(subjectTagCodes(`Re: ${tag}`, 'M.*')).toEqual([]);
    expect(() => subjectTag(key, 'sp_one', orderId, 'mb')).toThrow();
  });
});
