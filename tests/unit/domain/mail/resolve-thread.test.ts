import { describe, expect, it } from 'vitest';
import { resolveThread, threadIdFor, threadRootOf, type ThreadCandidates } from '../../../../shared/domain/mail/resolve-thread.js';
import { aParsedMail } from '../../../fixtures/mail/a-parsed-mail.js';

const none: ThreadCandidates = { byMessageId: [], bySubject: [] };
const jane = ['jane.doe@northwind.example'];
const parent = aParsedMail({ messageId: 'order-0001@n.example' });
const reply = aParsedMail({
  messageId: 'reply-1@acme.example', inReplyTo: 'order-0001@n.example', references: ['order-0001@n.example'], subject: 'Re: Order',
});

describe('resolveThread', () => {
  it('joins the thread of the parent found by In-Reply-To', () => {
    const candidates = { byMessageId: [{ messageId: 'order-0001@n.example', threadId: 'thread-a' }], bySubject: [] };

    expect(resolveThread({ spaceId: 's', parsed: reply, participants: jane, candidates })).toMatchObject({ threadId: 'thread-a', via: 'reference' });
  });

  it('gives a reply linked before its parent the thread id the parent will get (Q7)', () => {
    const early = resolveThread({ spaceId: 's', parsed: reply, participants: jane, candidates: none });
    const late = resolveThread({ spaceId: 's', parsed: parent, participants: jane, candidates: none });

    expect(early).toMatchObject({ via: 'new', rootMessageId: 'order-0001@n.example' });
    expect(late.threadId).toBe(early.threadId);
    expect(early.threadId).toBe(threadIdFor('s', 'order-0001@n.example'));
  });

  it('prefers the nearest reference and the derived root thread among several matches', () => {
    const mail = aParsedMail({ messageId: 'm3', references: ['m1', 'm2'] });
    const nearest = { byMessageId: [{ messageId: 'm1', threadId: 't1' }, { messageId: 'm2', threadId: 't2' }], bySubject: [] };
    const derived = { byMessageId: [{ messageId: 'm1', threadId: threadIdFor('s', 'm1') }, { messageId: 'm2', threadId: 't2' }], bySubject: [] };

    expect(resolveThread({ spaceId: 's', parsed: mail, participants: [], candidates: nearest }).threadId).toBe('t2');
    expect(resolveThread({ spaceId: 's', parsed: mail, participants: [], candidates: derived }).threadId).toBe(threadIdFor('s', 'm1'));
  });

  it('terminates on a References cycle and never roots a mail at itself through its own id (M9)', () => {
    const loop = aParsedMail({ messageId: 'loop@x', inReplyTo: 'loop@x', references: ['loop@x', 'loop@x'] });
    const a = aParsedMail({ messageId: 'a@x', inReplyTo: 'b@x', references: ['b@x'] });
    const b = aParsedMail({ messageId: 'b@x', inReplyTo: 'a@x', references: ['a@x'] });

    expect(threadRootOf(loop)).toBe('loop@x');
    expect(resolveThread({ spaceId: 's', parsed: loop, participants: [], candidates: none }).via).toBe('new');
    const threadOfA = resolveThread({ spaceId: 's', parsed: a, participants: [], candidates: none }).threadId;
    expect(resolveThread({ spaceId: 's', parsed: b, participants: [], candidates: { byMessageId: [{ messageId: 'a@x', threadId: threadOfA }], bySubject: [] } }).threadId)
      .toBe(threadOfA);
  });

  it('falls back to a reply subject within 14 days that shares a participant, only without reference headers', () => {
    const bare = aParsedMail({ messageId: 'bare@x', subject: 'RE: order: 5 large black widgets', date: '2025-03-10T00:00:00.000Z' });
    const thread = { threadId: 'thread-s', subjectKey: 'order: 5 large black widgets', lastMessageAt: '2025-03-03T17:14:00.000Z', participants: jane };

    expect(resolveThread({ spaceId: 's', parsed: bare, participants: jane, candidates: { byMessageId: [], bySubject: [thread] } }))
      .toMatchObject({ threadId: 'thread-s', via: 'subject' });
    expect(resolveThread({ spaceId: 's', parsed: bare, participants: ['bob@contoso.example'], candidates: { byMessageId: [], bySubject: [thread] } }).via)
      .toBe('new');
    expect(resolveThread({ spaceId: 's', parsed: { ...bare, date: '2025-04-01T00:00:00.000Z' }, participants: jane, candidates: { byMessageId: [], bySubject: [thread] } }).via)
      .toBe('new');
    expect(resolveThread({ spaceId: 's', parsed: { ...bare, subject: 'Order: 5 Large Black Widgets' }, participants: jane, candidates: { byMessageId: [], bySubject: [thread] } }).via)
      .toBe('new');
  });
});
