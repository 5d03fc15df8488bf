import { planReadState, READ_STATE_MESSAGES } from '../domain/threads/plan-read-state.js';
import type { MessageRecord } from '../domain/threads/ports.js';
import { mailRuntime } from './mail-runtime.js';
import { createThreadMembers } from '../store/thread-members.js';

/**
 * Queues the `\Seen` changes that mirror a staff read/unread mark on the mail servers (the sync
 * function stores them). A failure is logged, never thrown: the CRM change is committed already, and
 * the next mark of the thread sends the state again.
 */
export async function pushReadState(input: { spaceId: string; threadId: string; unread: boolean; correlationId: string }): Promise<void> {
  const rt = await mailRuntime();
  try {
    const page = await createThreadMembers(rt.table).pageMembers(input.spaceId, input.threadId, READ_STATE_MESSAGES, true);
    const found = await Promise.all(page.items.map((m) => rt.messages.findMessage(input.spaceId, m.id)));
    const records = new Map(found.filter((r): r is MessageRecord => r !== undefined).map((r) => [r.id, r]));
    for (const job of planReadState(input, page.items, records)) await rt.syncQueue.send(job);
  } catch (error) {
    rt.log.error('read state not queued for the mail server', { correlationId: input.correlationId, threadId: input.threadId, error: error as Error });
  }
}
