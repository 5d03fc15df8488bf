import { describe, expect, it } from 'vitest';
import { addToLiveThread, successorThreadId } from '../../../../shared/domain/threads/add-to-live-thread.js';
import type { ThreadContribution } from '../../../../shared/domain/threads/ports.js';
import { ThreadDeletedError } from '../../../../shared/domain/threads/thread-errors.js';

const contribution: ThreadContribution = {
  messageId: 'm9', subject: 'Re: Invoice 9', date: '2026-11-29T18:00:00.000Z', snippet: 'Did you get it?', sender: { address: 'jane@northwind.example' },
  direction: 'inbound', participants: ['jane@northwind.example'], contactIds: ['c1'], companyIds: [],
};

/** Threads in memory; the ids in `deleted` refuse new mail as a deleted thread item does. */
function threadsWith(deleted: readonly string[]) {
  const joined = new Map<string, string[]>();
  return {
    joined,
    async addToThread(_spaceId: string, threadId: string, c: ThreadContribution) {
      if (deleted.includes(threadId)) throw new ThreadDeletedError(threadId);
      joined.set(threadId, [...(joined.get(threadId) ?? []), c.messageId]);
    },
  };
}

describe('addToLiveThread', () => {
  it('adds to the thread itself while it is not deleted', async () => {
    const threads = threadsWith([]);

    expect(await addToLiveThread(threads, 's1', 't1', contribution)).toBe('t1');
    expect([...threads.joined]).toEqual([['t1', ['m9']]]);
  });

  it('opens the deleted thread\'s successor, the same one for every later mail, and passes over a successor deleted too', async () => {
    const first = successorThreadId('s1', 't1');
    const threads = threadsWith(['t1', first]);

    const joined = await addToLiveThread(threads, 's1', 't1', contribution);
    const again = await addToLiveThread(threads, 's1', 't1', { ...contribution, messageId: 'm10' });

    expect(joined).toBe(successorThreadId('s1', first));
    expect(again).toBe(joined);
    expect([...threads.joined]).toEqual([[joined, ['m9', 'm10']]]);
    expect(joined).toMatch(/^[0-9a-f]{32}$/);
    expect(successorThreadId('s2', 't1')).not.toBe(first);
  });
});
