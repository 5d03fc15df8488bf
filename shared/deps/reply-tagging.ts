import { appSecrets } from '../config/app-secrets.js';
import { requireEnv } from '../config/config.js';
import type { ReplyTagging } from '../domain/orders/order-mail.js';
import { replyTagKey } from '../domain/orders/reply-token.js';
import { isPlainAddress } from '../domain/threads/compose-reply.js';
import type { TableRef } from '../store/dynamo.js';
import { createMailboxStore } from '../store/mailbox-store.js';
import { createOrderMailStore } from '../store/order-mail-store.js';
import { createSettingsStore } from '../store/settings-store.js';

/** The reply-tag key: derived from the app's cursor key (a generated secret every function that tags or reads tags holds). */
export const replyTagKeyFromSecrets = async (): Promise<Buffer> => replyTagKey((await appSecrets()).cursorKey);

/** The domain of MAIL_FROM (`Name <orders@shop.example>` or a bare address): the right side of our Message-IDs. */
export const sendingDomain = (mailFrom: string): string => {
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom;
  return address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase();
};

/** Reply tagging of order mail: the Space's replyTags rules, its oldest mailbox with an address as Reply-To, the lookup items. */
export async function createReplyTagging(t: TableRef): Promise<ReplyTagging> {
  const settings = createSettingsStore(t);
  const mailboxes = createMailboxStore(t);
  const store = createOrderMailStore(t);
  return {
    key: await replyTagKeyFromSecrets(),
    domain: sendingDomain(requireEnv('mailFrom')),
    settings: async (spaceId) => (await settings.getMailRules(spaceId)).rules.replyTags,
    async replyTo(spaceId) {
      const all = [...await mailboxes.listMailboxes(spaceId)].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      for (const m of all) {
        const address = m.addresses.find(isPlainAddress) ?? (isPlainAddress(m.username) ? m.username : undefined);
        if (address) return address.toLowerCase();
      }
      return undefined;
    },
    recordSent: (spaceId, sent) => store.recordSent(spaceId, sent),
    recordProviderId: (spaceId, providerId, sent) => store.recordProviderId(spaceId, providerId, sent),
  };
}
