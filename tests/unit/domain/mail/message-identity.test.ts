import { describe, expect, it } from 'vitest';
import {
  collidingMessageIdentity, messageIdentity, normalizeMessageId, parseMessageIdList, syntheticMessageId,
} from '../../../../shared/domain/mail/message-identity.js';
import { aParsedMail } from '../../../fixtures/mail/a-parsed-mail.js';

describe('normalizeMessageId', () => {
  it('removes brackets and whitespace and lowercases only the domain part', () => {
    expect(normalizeMessageId('  <CAF1q2W@Mail.Contoso.EXAMPLE> ')).toBe('CAF1q2W@mail.contoso.example');
  });

  it('takes the first bracketed id of a value with comments or several ids', () => {
    expect(normalizeMessageId('(comment) <a@x.example> <b@x.example>')).toBe('a@x.example');
  });

  it('rejects empty, spaced or control-laden ids so the caller falls back to the raw hash', () => {
    expect(normalizeMessageId('<>')).toBeUndefined();
    expect(normalizeMessageId('not an id')).toBeUndefined();
    expect(normalizeMessageId(undefined)).toBeUndefined();
    expect(normalizeMessageId(`<${'x'.repeat(1_000)}@x>`)).toBeUndefined();
  });
});

describe('parseMessageIdList', () => {
  it('keeps order, drops duplicates and garbage, and caps the list', () => {
    expect(parseMessageIdList('<a@x.example> <<>> <a@X.EXAMPLE> <b c@x> <b@x.example>')).toEqual(['a@x.example', 'b@x.example']);
    expect(parseMessageIdList(Array.from({ length: 300 }, (_, i) => `<r${i}@x>`), 100)).toHaveLength(100);
  });
});

describe('messageIdentity', () => {
  it('is the same for the same Space and Message-ID, whatever else differs', () => {
    const inInbox = aParsedMail({ contentSha256: '1'.repeat(64) });
    const inSent = aParsedMail({ contentSha256: '2'.repeat(64), subject: 'other' });

    expect(messageIdentity('space-1', inInbox)).toBe(messageIdentity('space-1', inSent));
    expect(messageIdentity('space-1', inInbox)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differs between Spaces', () => {
    expect(messageIdentity('space-1', aParsedMail())).not.toBe(messageIdentity('space-2', aParsedMail()));
  });

  it('derives from the raw hash when the mail has no Message-ID', () => {
    const a = aParsedMail({ messageId: syntheticMessageId('c'.repeat(64)), messageIdSynthetic: true });
    const b = aParsedMail({ messageId: syntheticMessageId('d'.repeat(64)), messageIdSynthetic: true });

    expect(messageIdentity('space-1', a)).not.toBe(messageIdentity('space-1', b));
  });

  it('gives a different mail under a reused Message-ID its own colliding identity (M9)', () => {
    const first = aParsedMail({ contentSha256: '1'.repeat(64) });
    const second = aParsedMail({ contentSha256: '2'.repeat(64) });

    expect(collidingMessageIdentity('space-1', first)).not.toBe(collidingMessageIdentity('space-1', second));
    expect(collidingMessageIdentity('space-1', second)).not.toBe(messageIdentity('space-1', second));
  });
});
