import { NotFoundError } from '../domain/errors.js';
import type { InboxThread } from '../domain/inbox/inbox-thread.js';
import type { MailVisibility, Viewer } from '../domain/rules/mail-privacy.js';
import type { MessageRecord } from '../domain/threads/ports.js';
import { defaultTable } from '../store/dynamo.js';
import { loadMailVisibility } from '../store/mail-visibility.js';
import { createMessageStore } from '../store/message-store.js';
import { getInboxThread } from '../store/thread-changes.js';

/** The caller as the visibility rule needs it (the HTTP auth context fits). */
type Caller = Viewer & { readonly spaceId: string };

export type Visible = { readonly thread: InboxThread; readonly level: Exclude<MailVisibility, 'none'> };

/** The thread the caller may see, and how much of it. @throws NotFoundError for a missing or restricted one, alike. */
export async function visibleThread(auth: Caller, id: string): Promise<Visible> {
  const t = defaultTable();
  const thread = await getInboxThread(t, auth.spaceId, id);
  const level = thread ? (await loadMailVisibility(t, auth.spaceId, auth)).of(thread) : 'none';
  if (!thread || level === 'none') throw new NotFoundError('thread', id);
  return { thread, level };
}

/**
 * A message and how much of it the caller sees (its thread's level).
 * @throws NotFoundError for a missing message and for one the caller may not know of, alike.
 */
export async function visibleMessage(auth: Caller, id: string): Promise<{ message: MessageRecord; level: Exclude<MailVisibility, 'none'> }> {
  const t = defaultTable();
  const found = await createMessageStore(t).findMessage(auth.spaceId, id);
  const thread = found ? await getInboxThread(t, auth.spaceId, found.threadId) : undefined;
  const level = thread ? (await loadMailVisibility(t, auth.spaceId, auth)).of(thread) : 'none';
  if (!found || found.deletion || level === 'none') throw new NotFoundError('message', id);
  return { message: found, level };
}

/** @throws NotFoundError unless the caller sees the whole message (reading its body, e.g. for a draft order). */
export async function assertWholeMessageVisible(auth: Caller, id: string): Promise<void> {
  if ((await visibleMessage(auth, id)).level !== 'everything') throw new NotFoundError('message', id);
}
