import { describe, expect, it } from 'vitest';
import { decideServerReadState, type ObservedSeen, type ThreadReadState } from '../../../../shared/domain/inbox/server-read-state.js';

const aThread = (over: Partial<ThreadReadState> = {}): ThreadReadState => ({ threadId: 't1', unread: true, version: 2, newestInboundId: 'm2', ...over });
const seen = (id: string, isSeen: boolean, uid = Number(id.slice(1))): ObservedSeen => ({ id, threadId: 't1', uid, seen: isSeen });
const PREVIOUS = '2026-11-29T10:00:00.000Z';

describe('deciding what the mail server\'s \\Seen flags mean for a thread', () => {
  it('marks the thread read when its newest customer message is seen, and unread when it is not', () => {
    expect(decideServerReadState([seen('m2', true)], [aThread()], PREVIOUS))
      .toEqual([{ kind: 'apply', threadId: 't1', unread: false, expected: { version: 2, unread: true } }]);
    expect(decideServerReadState([seen('m2', false)], [aThread({ unread: false })], PREVIOUS))
      .toEqual([{ kind: 'apply', threadId: 't1', unread: true, expected: { version: 2, unread: false } }]);
  });

  it('decides nothing from an older message, or when the CRM already agrees', () => {
    expect(decideServerReadState([seen('m1', true)], [aThread()], PREVIOUS)).toEqual([]);
    expect(decideServerReadState([seen('m2', true)], [aThread({ unread: false })], PREVIOUS)).toEqual([]);
  });

  it('keeps a staff mark made after the previous sync and sends it back to the server', () => {
    const thread = aThread({ unread: false, readChangedAt: '2026-11-29T10:00:00.001Z' });

    expect(decideServerReadState([seen('m2', false, 7)], [thread], PREVIOUS)).toEqual([{ kind: 'keep-crm', threadId: 't1', seen: true, uids: [7] }]);
  });

  it('lets the mail client win over a staff mark made before the previous sync, or when no previous sync is known', () => {
    const thread = aThread({ unread: false, readChangedAt: '2026-11-29T09:59:59.999Z' });

    expect(decideServerReadState([seen('m2', false)], [thread], PREVIOUS)).toMatchObject([{ kind: 'apply', unread: true }]);
    expect(decideServerReadState([seen('m2', false)], [{ ...thread, readChangedAt: '2026-11-29T11:00:00.000Z' }], undefined)).toMatchObject([{ kind: 'apply', unread: true }]);
  });
});
