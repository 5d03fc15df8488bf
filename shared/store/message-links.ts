import type { LinkChange, MessageLinkWriter, MessageRecord } from '../domain/threads/ports.js';
import { ConflictError } from '../domain/errors.js';
import type { TableRef } from './dynamo.js';
import { reindexThread } from './inbox-index.js';
import { activityKey, messageKey, threadKey } from './keys.js';
import { transact, type TxItem } from './transact.js';

/** Thrown inside the transaction when the message's links changed since it was read. */
class StaleLinksError extends ConflictError {}

const revisionMatches = (read: MessageRecord) => (read.linkRev === undefined
  ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(linkRev)', values: {} }
  : { ConditionExpression: 'attribute_exists(pk) AND linkRev = :rev', values: { ':rev': read.linkRev } });

/**
 * The link state of messages, written with compare-and-set: every writer of a message's links (the
 * address and domain relinks, staff link and unlink) reads the message, then writes its new links,
 * its timeline lines and its thread links in one transaction conditioned on the link revision it
 * read. A writer that lost a race gets false and decides again from a fresh read, so a relink never
 * brings back a link staff removed meanwhile, and an unlink never drops a link made meanwhile.
 */
export const createMessageLinks = (t: TableRef, reindex: (spaceId: string, threadId: string) => Promise<void> = async (s, id) => { await reindexThread(t, s, id); }): MessageLinkWriter => ({
  async writeLinks(spaceId: string, read: MessageRecord, change: LinkChange): Promise<boolean> {
    const guard = revisionMatches(read);
    const marker = change.unlinkedByRule === undefined ? '' : change.unlinkedByRule === null ? ' REMOVE unlinkedByRule' : ', unlinkedByRule = :ubr';
    const items: TxItem[] = [
      {
        action: { Update: {
          TableName: t.table, Key: messageKey(spaceId, read.id),
          UpdateExpression: `SET contactIds = :c, companyIds = :co, linkProvenance = :p, unlinked = :u, linkRev = :next${marker}`,
          ConditionExpression: guard.ConditionExpression,
          ExpressionAttributeValues: {
            ...guard.values, ':c': change.state.contactIds, ':co': change.state.companyIds,
            ':p': change.state.linkProvenance ?? {}, ':u': change.state.unlinked ?? {}, ':next': (read.linkRev ?? 0) + 1,
            ...(typeof change.unlinkedByRule === 'string' ? { ':ubr': change.unlinkedByRule } : {}),
          },
        } },
        onConditionFailed: () => new StaleLinksError('The message links changed since they were read'),
      },
      ...change.put.map((o): TxItem => ({ action: { Put: {
        TableName: t.table,
        Item: { ...activityKey(spaceId, o.kind, o.id, change.entry.date, change.entry.messageId), entity: 'activity', ...change.entry, provenance: o.provenance },
      } } })),
      ...change.remove.map((o): TxItem => ({ action: { Delete: { TableName: t.table, Key: activityKey(spaceId, o.kind, o.id, change.entry.date, change.entry.messageId) } } })),
    ];
    const contacts = change.put.filter((o) => o.kind === 'contact').map((o) => o.id);
    const companies = change.put.filter((o) => o.kind === 'company').map((o) => o.id);
    const threadAdds = [...(contacts.length ? ['contactIds :tc'] : []), ...(companies.length ? ['companyIds :tco'] : [])];
    if (change.linkThread && threadAdds.length > 0) {
      items.push({ action: { Update: {
        TableName: t.table, Key: threadKey(spaceId, read.threadId), UpdateExpression: `ADD ${threadAdds.join(', ')}, rev :one`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1, ...(contacts.length ? { ':tc': new Set(contacts) } : {}), ...(companies.length ? { ':tco': new Set(companies) } : {}) },
      } } });
    }
    try {
      await transact(t, items);
    } catch (error) {
      if (error instanceof StaleLinksError) return false;
      throw error;
    }
    if (change.linkThread && threadAdds.length > 0) await reindex(spaceId, read.threadId);
    return true;
  },
});
