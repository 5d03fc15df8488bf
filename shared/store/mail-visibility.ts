import { mailVisibility, type MailFacts, type MailVisibility, type Viewer } from '../domain/rules/mail-privacy.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { toInboxThread } from './inbox-index.js';
import { threadKey } from './keys.js';
import { createSettingsStore } from './settings-store.js';

export interface MailVisibilityReader {
  /** The caller's level for a thread already read. */
  of(thread: MailFacts): MailVisibility;
  /** The caller's level for each thread (one batch read); `none` for a thread that is gone. */
  ofThreads(threadIds: readonly string[]): Promise<Map<string, MailVisibility>>;
}

/**
 * What one caller may see of the Space's mail: the private scopes come from the mail rules, the
 * rest from each thread item (mailboxes, contacts, companies, assignee, restriction, rule level).
 */
export async function loadMailVisibility(t: TableRef, spaceId: string, viewer: Viewer): Promise<MailVisibilityReader> {
  const { rules } = await createSettingsStore(t).getMailRules(spaceId);
  // No shortcut for admins: a thread the blocklist or the mail-rules re-apply job hid is hidden
  // from them too, and only its item says so.
  const of = (thread: MailFacts) => mailVisibility(rules, viewer, thread);
  return {
    of,
    async ofThreads(threadIds) {
      const ids = [...new Set(threadIds)];
      const items = await batchGet(t, ids.map((id) => threadKey(spaceId, id)));
      return new Map(ids.map((id, i) => {
        const item = items[i];
        return [id, item && item.lastMessageAt !== undefined ? of(toInboxThread(item)) : 'none'];
      }));
    },
  };
}
