import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { FUNCTIONS } from '../config/names.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import type { HeldBounce } from '../domain/threads/held-bounces.js';
import type { ImapOrigin, MessageRecord, ThreadMessage } from '../domain/threads/ports.js';
import type { MessageReader, StoredMessage } from '../domain/threads/stored-message.js';
import { MessageDeletedError, MessageExistsError, MessageLinkingError } from '../domain/threads/thread-errors.js';
import type { TableRef } from './dynamo.js';
import { messageClaimKey, messageKey, threadMemberKey } from './keys.js';
import { createThreadMembers } from './thread-members.js';
import { isConditionFailure, itemDoesNotExist } from './transact.js';

const BATCH_GET_MAX = 100;
/** Held bounces: one attribute per failed recipient on the claim item, at most this many, kept this long. */
const HELD_PREFIX = 'bounce#';
const HELD_MAX = 20;
const HELD_SECONDS = 90 * 24 * 3600;
const heldBouncesOf = (item: Record<string, unknown>): HeldBounce[] =>
  Object.entries(item).filter(([k]) => k.startsWith(HELD_PREFIX)).map(([, v]) => v as HeldBounce);

/**
 * How long a fresh identity claim keeps other linkers of the same mail away: twice the link
 * function's timeout, so its holder is gone once it lapses, and under the link queue's visibility
 * timeout (six times), so a record that met a held claim finds it lapsed or the mail stored when
 * it comes back.
 */
export const CLAIM_LEASE_MS = FUNCTIONS['link-message'].timeoutSeconds * 2 * 1000;

/** Where a store hands the message items of its fresh claims instead of writing them (linkBatch's final write). */
export interface MessageStoreOptions {
  readonly deferMessageItem?: (item: Record<string, unknown>) => void;
}

/** Values a message item leaves out when it has them (each byte of the item counts toward its write units). */
const ITEM_DEFAULTS = { text: '', snippet: '', cc: [], replyTo: [], attachments: [], hasHtml: false, parseStatus: 'parsed' } as const;
const isDefault = (k: string, v: unknown) => (Array.isArray(v) ? v.length === 0 : ITEM_DEFAULTS[k as keyof typeof ITEM_DEFAULTS] === v);

/**
 * Drops the table bookkeeping from an item. Items written since the message item stopped holding
 * the text and snippet (to stay under 1 KB: one write unit) read with an empty text flagged
 * `textTruncated` (readers take the text from the bucket, full-mail.ts) and the snippet from the
 * thread-member item (`findOne`); older items still hold both.
 */
export const toMessageRecord = (item: Record<string, unknown>): MessageRecord => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, entity: _e, v: _v, imap, ...rest } = item;
  const origin = typeof imap === 'string' ? imapOriginOf(imap) : undefined;
  return { ...ITEM_DEFAULTS, ...rest, ...(origin ? { imap: origin } : {}) } as unknown as MessageRecord;
};

/**
 * The IMAP origin as one string, `<uidValidity>:<uid>:<folder>` (a folder path may hold `:`, so it
 * goes last): a third of the bytes of a map with its attribute names, on an item kept under 1 KB.
 */
const imapString = (o: ImapOrigin): string => `${o.uidValidity ?? ''}:${o.uid}:${o.folder}`;
const imapOriginOf = (s: string): ImapOrigin | undefined => {
  const m = /^(\d*):(\d+):(.+)$/s.exec(s);
  return m ? { folder: m[3]!, uid: Number(m[2]), ...(m[1] ? { uidValidity: m[1] } : {}) } : undefined;
};

/**
 * The message item as written: without the text (the raw mail and the parsed blob in the bucket
 * hold it) and the snippet (the thread-member item holds it), which together are most of a 1.7 KB
 * item; empty lists and default values are left out too. `textTruncated` says the text is elsewhere,
 * so a mail without text needs no bucket read.
 */
export const toMessageItem = (record: MessageRecord): Record<string, unknown> => {
  const { text, snippet: _snippet, textTruncated, imap, ...rest } = record;
  const kept = Object.fromEntries(Object.entries(rest).filter(([k, v]) => !(k in ITEM_DEFAULTS) || !isDefault(k, v)));
  return {
    ...messageKey(record.spaceId, record.id), entity: 'message', v: 2, ...kept, ...(imap ? { imap: imapString(imap) } : {}),
    ...(text !== '' || textTruncated ? { textTruncated: true } : {}),
  };
};

/**
 * Message items, one per Space + message identity (access-patterns.md). The item is written last by
 * the linker, so its existence means "fully linked": a retry finds it and acknowledges.
 */
export const createMessageStore = (t: TableRef, options: MessageStoreOptions = {}): MessageReader & ReturnType<typeof messageStoreExtras> => ({
  async getMessage(spaceId: string, id: string): Promise<StoredMessage> {
    const found = await findOne(t, spaceId, id);
    if (!found) throw new NotFoundError('message', id);
    return found;
  },
  ...messageStoreExtras(t, options),
});

async function findOne(t: TableRef, spaceId: string, id: string): Promise<MessageRecord | undefined> {
  const out = await t.client.send(new GetCommand({ TableName: t.table, Key: messageKey(spaceId, id) }));
  if (!out.Item) return undefined;
  const record = toMessageRecord(out.Item);
  return out.Item.snippet === undefined ? { ...record, snippet: await memberSnippet(t, record) } : record;
}

/** The snippet from the message's thread-member item (empty when there is none). */
async function memberSnippet(t: TableRef, m: Pick<MessageRecord, 'spaceId' | 'threadId' | 'date' | 'id'>): Promise<string> {
  const out = await t.client.send(new GetCommand({
    TableName: t.table, Key: threadMemberKey(m.spaceId, m.threadId, m.date, m.id), ProjectionExpression: 'snippet',
  }));
  return typeof out.Item?.snippet === 'string' ? out.Item.snippet : '';
}

const messageStoreExtras = (t: TableRef, options: MessageStoreOptions) => {
  // The claims this store took, with their time (what releaseClaims lets go). `fresh`: no content held
  // the identity before, so no other linker writes its message item while the claim holds.
  const claims = new Map<string, { spaceId: string; id: string; at: string; fresh: boolean }>();
  return {
  findMessage: (spaceId: string, id: string) => findOne(t, spaceId, id),

  /**
   * Writes the thread-member item, then the message item (last: its existence means "linked"). The
   * item of an identity this store claimed fresh is put without a condition (nobody else writes it
   * while the claim holds), or handed to `deferMessageItem` to go out with the batch's others.
   * @throws MessageExistsError carrying the stored content hash when the identity is taken.
   */
  async createMessage(record: MessageRecord): Promise<void> {
    const members = createThreadMembers(t);
    await members.putMember(record);
    if (claims.get(`${record.spaceId}\u0000${record.id}`)?.fresh) {
      if (options.deferMessageItem) options.deferMessageItem(toMessageItem(record));
      else await t.client.send(new PutCommand({ TableName: t.table, Item: toMessageItem(record) }));
      return;
    }
    try {
      await t.client.send(new PutCommand({
        TableName: t.table,
        Item: toMessageItem(record),
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const old = (error as { Item?: Record<string, { S?: string }> }).Item;
      // Another linker won with another date (a mail without Date header): drop our stray entry.
      if (old?.date?.S !== undefined && (old.date.S !== record.date || old.threadId?.S !== record.threadId)) {
        await members.deleteMember(record.spaceId, record.threadId, record.date, record.id);
      }
      throw new MessageExistsError({ contentSha256: old?.contentSha256?.S });
    }
  },

  /**
   * Claims an identity for one content before anything is linked under it, so two different mails
   * under one Message-ID linked at the same time never both write as that id. The claim is a lease
   * from `at`: while it holds, another linker of the same mail is turned away, so the holder alone
   * writes the message item; a lapsed claim (its linker failed or left the mail to a rule) is taken
   * over, and the taker writes the item conditionally as before. Returns the content hash holding
   * the identity (ours when we took it now or held it already) and the bounces held on it
   * (holdBounce), which stay until the mail is linked, so a later claim sees them too.
   * @throws MessageDeletedError when staff deleted the mail under this identity from the mailbox
   * @throws MessageLinkingError when another linker of the same mail holds the claim
   */
  async claimIdentity(spaceId: string, id: string, contentSha256: string, at: string): Promise<{ holder: string; heldBounces: HeldBounce[] }> {
    const lapsed = new Date(Date.parse(at) - CLAIM_LEASE_MS).toISOString();
    try {
      const out = await t.client.send(new UpdateCommand({
        TableName: t.table, Key: messageClaimKey(spaceId, id),
        // A held bounce made the item without a content and with an expiry: the claim keeps it for good.
        UpdateExpression: 'SET entity = :e, v = :v, contentSha256 = :c, claimedAt = :at REMOVE expiresAt',
        ConditionExpression: '(attribute_not_exists(contentSha256) OR (contentSha256 = :c AND (attribute_not_exists(claimedAt) OR claimedAt < :lapsed))) AND attribute_not_exists(deletedAt)',
        ExpressionAttributeValues: { ':c': contentSha256, ':e': 'message-claim', ':v': 1, ':at': at, ':lapsed': lapsed },
        ReturnValues: 'ALL_OLD',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }));
      const old = out.Attributes ?? {};
      // No content held it before: no linker wrote a message item under it, so ours goes out unconditionally.
      claims.set(`${spaceId}\u0000${id}`, { spaceId, id, at, fresh: old.contentSha256 === undefined });
      return { holder: contentSha256, heldBounces: heldBouncesOf(old) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const old = (error as { Item?: Record<string, { S?: string }> }).Item;
      if (old?.deletedAt?.S !== undefined) throw new MessageDeletedError();
      if (old?.contentSha256?.S === contentSha256) throw new MessageLinkingError(spaceId, id);
      return { holder: String(old?.contentSha256?.S ?? ''), heldBounces: [] };
    }
  },

  /**
   * Ends the leases this store took, for a linker that will write no message item under them (its
   * mail failed, or a rule left it out), so the next linker of that mail goes on at once instead of
   * waiting for the lease to lapse; a lease another linker took over meanwhile is left alone.
   */
  async releaseClaims(): Promise<void> {
    const held = [...claims.values()];
    claims.clear();
    await Promise.all(held.map(({ spaceId, id, at }) => t.client.send(new UpdateCommand({
      TableName: t.table, Key: messageClaimKey(spaceId, id), UpdateExpression: 'REMOVE claimedAt',
      ConditionExpression: 'claimedAt = :at', ExpressionAttributeValues: { ':at': at },
    })).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; })));
  },

  /**
   * Keeps a bounce of mail not imported yet on that mail's identity claim (held-bounces.ts). An
   * unclaimed identity gets an expiry (a forged bounce's item goes away); a claimed one keeps the
   * bounce without one, for a later claim of the same mail (skipped mail brought in).
   */
  async holdBounce(spaceId: string, id: string, bounce: HeldBounce): Promise<{ state: 'held' | 'claimed' | 'deleted' | 'full'; claimedAt?: string }> {
    const hold = (claimed: boolean) => t.client.send(new UpdateCommand({
      TableName: t.table, Key: messageClaimKey(spaceId, id),
      UpdateExpression: `SET #b = if_not_exists(#b, :b)${claimed ? '' : ', entity = if_not_exists(entity, :e), v = if_not_exists(v, :v), expiresAt = if_not_exists(expiresAt, :x)'} ADD heldCount :one`,
      ConditionExpression: `${claimed ? 'attribute_exists(contentSha256)' : 'attribute_not_exists(contentSha256)'} AND attribute_not_exists(deletedAt) AND (attribute_not_exists(heldCount) OR heldCount < :cap)`,
      ExpressionAttributeNames: { '#b': `${HELD_PREFIX}${bounce.recipient}` },
      ExpressionAttributeValues: {
        ':b': bounce, ':one': 1, ':cap': HELD_MAX,
        ...(claimed ? {} : { ':e': 'message-claim', ':v': 1, ':x': Math.floor(Date.parse(bounce.at) / 1000) + HELD_SECONDS }),
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }));
    const failed = (error: unknown) => {
      if (!isConditionFailure(error)) throw error;
      return (error as { Item?: Record<string, unknown> }).Item;
    };
    let old: Record<string, unknown> | undefined;
    try {
      await hold(false);
      return { state: 'held' };
    } catch (error) {
      old = failed(error);
    }
    if (old?.deletedAt !== undefined) return { state: 'deleted' };
    if (old?.contentSha256 === undefined) return { state: 'full' };
    const at = (old.claimedAt as { S?: string } | undefined)?.S;
    const claimedAt = at ? { claimedAt: at } : {};
    try {
      await hold(true);
    } catch (error) {
      failed(error);
    }
    return { state: 'claimed', ...claimedAt };
  },

  /** Thread ids of already stored messages, by identity (threading lookups; missing ones absent). */
  async threadIdsOf(spaceId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + BATCH_GET_MAX).map((id) => ({ ...messageKey(spaceId, id) }));
      for (let round = 0; keys && keys.length > 0 && round < 5; round++) {
        const out = await t.client.send(new BatchGetCommand({
          RequestItems: { [t.table]: { Keys: keys, ProjectionExpression: 'id, threadId' } },
        }));
        for (const item of out.Responses?.[t.table] ?? []) found.set(String(item.id), String(item.threadId));
        keys = out.UnprocessedKeys?.[t.table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  },

  /** The messages of a thread, oldest first (thread-member items). */
  listThreadMessages: (spaceId: string, threadId: string, limit = 100): Promise<ThreadMessage[]> =>
    createThreadMembers(t).listMembers(spaceId, threadId, limit),

  /** Records the order made from this message; idempotent for the same order. @throws ConflictError, NotFoundError */
  async setMessageOrder(spaceId: string, id: string, orderId: string): Promise<MessageRecord> {
    try {
      const out = await t.client.send(new UpdateCommand({
        TableName: t.table, Key: messageKey(spaceId, id),
        UpdateExpression: 'SET orderId = :o',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(orderId) OR orderId = :o)',
        ExpressionAttributeValues: { ':o': orderId },
        ReturnValues: 'ALL_NEW',
      }));
      const message = toMessageRecord(out.Attributes ?? {});
      await createThreadMembers(t).setMemberOrder(message, orderId);
      return message;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await findOne(t, spaceId, id);
      if (!existing) throw new NotFoundError('message', id);
      throw new ConflictError('The message already has another order', { orderId: existing.orderId });
    }
  },
  };
};

export type MessageStore = ReturnType<typeof createMessageStore>;
