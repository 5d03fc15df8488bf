import type { ResolvedThread } from '../mail/resolve-thread.js';
import type { ReplyTags } from '../rules/mail-rules.js';
import type { MatchedOwners } from './match-owners.js';
import { orderOfReply, type ReplyTagDeps, type ReplyTagMail } from './reply-tag-owner.js';

/**
 * Linker step for a reply to our order mail (its reply token in In-Reply-To/References, or the
 * order's subject tag): the mail joins the order's thread unless a stored parent already placed it,
 * and links to the order's contact and company with provenance `id_tag`, even from an address
 * nobody knows. An owner the mail matched by address keeps that reason. Anything else passes through.
 */
export async function replyTagStep(deps: ReplyTagDeps, input: {
  spaceId: string; settings: ReplyTags; mail: ReplyTagMail; thread: ResolvedThread;
}, matched: MatchedOwners): Promise<{ thread: ResolvedThread; matched: MatchedOwners }> {
  const tagged = await orderOfReply(deps, input.spaceId, input.settings, input.mail);
  if (!tagged) return { thread: input.thread, matched };
  const thread = tagged.threadId && input.thread.via !== 'reference' ? { ...input.thread, threadId: tagged.threadId, via: 'reference' as const } : input.thread;
  const kinds = new Map(matched.kinds);
  for (const id of tagged.contactIds) if (!kinds.has(`contact#${id}`)) kinds.set(`contact#${id}`, 'id_tag');
  for (const id of tagged.companyIds) if (!kinds.has(`company#${id}`)) kinds.set(`company#${id}`, 'id_tag');
  return {
    thread,
    matched: {
      contactIds: [...new Set([...matched.contactIds, ...tagged.contactIds])].sort(),
      companyIds: [...new Set([...matched.companyIds, ...tagged.companyIds])].sort(),
      byAddress: matched.byAddress,
      kinds,
    },
  };
}
