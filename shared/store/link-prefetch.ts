import { messageIdentity } from '../domain/mail/message-identity.js';
import type { ParsedMail } from '../domain/mail/parsed-mail.js';
import { threadIdFor, threadRootOf } from '../domain/mail/resolve-thread.js';
import { parentsToLookUp } from '../domain/threads/link-message.js';
import { messageKey, threadKey, type Key } from './keys.js';
import { ownerLookupKeys } from './owner-prefetch.js';

type LinkMail = { spaceId: string; mail: Pick<ParsedMail, 'messageId' | 'inReplyTo' | 'references' | 'from' | 'replyTo' | 'to' | 'cc'> };

/**
 * The items linking these mails reads first, to be read ahead in one go (prefetchedTable): each
 * mail's message item under its identity (is it stored already?), its parents' message items (their
 * threads), the thread item its root Message-ID derives (a new thread, or the thread of a chain
 * whose references agree), and the owner lookups (prefetchOwners).
 */
export function linkReadKeys(mails: readonly LinkMail[]): Key[] {
  const own = mails.flatMap(({ spaceId, mail }) => {
    return [
      messageKey(spaceId, messageIdentity(spaceId, mail)),
      threadKey(spaceId, threadIdFor(spaceId, threadRootOf(mail))),
      ...parentsToLookUp(mail).map((p) => messageKey(spaceId, messageIdentity(spaceId, { messageId: p }))),
    ];
  });
  return [...own, ...ownerLookupKeys(mails)];
}
