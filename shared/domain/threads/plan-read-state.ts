import type { SetSeenJob } from './pipeline-jobs.js';
import type { MessageRecord, ThreadMessage } from './ports.js';

/** Most messages one read mark carries to the server (the newest of the thread). */
export const READ_STATE_MESSAGES = 50;

/**
 * The `\Seen` changes that mirror a thread's new read state on the mail servers, one job per
 * mailbox: read marks every message (newest READ_STATE_MESSAGES) seen; unread clears `\Seen` on the
 * newest customer message only, as a mail client's "mark as unread" on a conversation does. Mail
 * without a real Message-ID cannot be found on the server and is left out.
 */
export function planReadState(
  input: { spaceId: string; correlationId: string; unread: boolean },
  newestFirst: readonly Pick<ThreadMessage, 'id' | 'direction'>[],
  records: ReadonlyMap<string, Pick<MessageRecord, 'messageId' | 'mailboxId'>>,
): SetSeenJob[] {
  const chosen = input.unread
    ? [newestFirst.find((m) => m.direction === 'inbound') ?? newestFirst[0]].filter((m) => m !== undefined)
    : newestFirst.slice(0, READ_STATE_MESSAGES);
  const byMailbox = new Map<string, string[]>();
  for (const m of chosen) {
    const record = records.get(m.id);
    if (!record || record.messageId.startsWith('sha256:') || /[\s<>]/.test(record.messageId)) continue;
    byMailbox.set(record.mailboxId, [...(byMailbox.get(record.mailboxId) ?? []), record.messageId]);
  }
  return [...byMailbox].map(([mailboxId, messageIds]) => ({
    v: 1, correlationId: input.correlationId, spaceId: input.spaceId, action: 'set-seen', mailboxId, messageIds, seen: !input.unread,
  }));
}
