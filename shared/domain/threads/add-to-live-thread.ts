import { createHash } from 'node:crypto';
import type { ThreadContribution } from './ports.js';
import { ThreadDeletedError } from './thread-errors.js';

/** Most deleted threads in a row a new message passes over before giving up (each delete of a successor adds one). */
const MAX_SUCCESSORS = 10;

/** The thread new mail of a deleted thread opens: derived from the deleted one, so all of it lands together. */
export const successorThreadId = (spaceId: string, deletedThreadId: string): string =>
  createHash('sha256').update(`${spaceId}\nafter-delete\n${deletedThreadId}`, 'utf8').digest('hex').slice(0, 32);

/**
 * Adds a message to its thread, or, when staff deleted that thread, to the thread's successor: a
 * customer writing again after a conversation was deleted must not vanish into the hidden thread,
 * so the mail opens a new visible thread (and later replies, which still point into the deleted
 * one, join that same successor). Returns the thread the message joined.
 * @throws ThreadDeletedError when more than MAX_SUCCESSORS threads in a row were deleted
 */
export async function addToLiveThread(
  threads: { addToThread(spaceId: string, threadId: string, c: ThreadContribution): Promise<void> },
  spaceId: string, threadId: string, c: ThreadContribution,
): Promise<string> {
  let id = threadId;
  for (let hop = 0; ; hop++) {
    try {
      await threads.addToThread(spaceId, id, c);
      return id;
    } catch (error) {
      if (!(error instanceof ThreadDeletedError) || hop >= MAX_SUCCESSORS) throw error;
      id = successorThreadId(spaceId, id);
    }
  }
}
