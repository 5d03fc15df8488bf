import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Comment, CommentStore, CommentTarget } from '../domain/comments/comment.js';
import { ConflictError, VersionMismatchError } from '../domain/errors.js';
import { putAudit } from './audit-store.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { commentKey, commentTargetIndex, mentionKey, mentionPartition } from './keys.js';
import { pageThrough, type Page } from './page-through.js';
import { itemDoesNotExist, onTable, transact, type TxItem } from './transact.js';

type Item = Record<string, unknown>;

/** Contact and company comments carry `contactId` / `companyId`, which a merge repoints (generic hook). */
const commentItem = (c: Comment): Item => ({
  ...commentKey(c.spaceId, c.id), ...commentTargetIndex(c.spaceId, c.target.kind, c.target.id, c.createdAt, c.id), entity: 'comment', v: 1, ...c,
  ...(c.target.kind === 'opportunity' ? {} : { [`${c.target.kind}Id`]: c.target.id }),
});
const fromItem = (i: Item): Comment => {
  const { pk: _p, sk: _s, gsi2pk: _a, gsi2sk: _b, entity: _e, v: _v, contactId, companyId, ...rest } = i;
  const c = rest as unknown as Comment;
  const moved = c.target.kind === 'contact' ? contactId : c.target.kind === 'company' ? companyId : undefined;
  return { ...c, target: { kind: c.target.kind, id: typeof moved === 'string' ? moved : c.target.id } };
};
const mentionItems = (c: Comment): Item[] => c.mentions.map((u) => ({ ...mentionKey(c.spaceId, u, c.createdAt, c.id), entity: 'mention', v: 1, commentId: c.id }));
const atVersion = (version: number) => ({ ConditionExpression: 'attribute_exists(pk) AND version = :v', ExpressionAttributeValues: { ':v': version } });
const versionFailure = (old: Item | undefined) => new VersionMismatchError(Number(old?.version ?? 0));

/** Comments and mentions in DynamoDB (access-patterns.md "comment ..."). */
export function createCommentStore(t: TableRef): CommentStore & {
  listByTarget(spaceId: string, target: CommentTarget, limit: number, startKey?: Item): Promise<Page<Comment>>;
  listMentions(spaceId: string, userId: string, limit: number, startKey?: Item): Promise<Page<Comment>>;
} {
  const hydrate = (spaceId: string, idOf: (i: Item) => string) => async (items: Item[]) =>
    (await batchGet(t, items.map((i) => commentKey(spaceId, idOf(i))))).map((i) => (i ? fromItem(i) : undefined));
  return {
    async getComment(spaceId, id) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: commentKey(spaceId, id), ConsistentRead: true }));
      return out.Item ? fromItem(out.Item) : undefined;
    },
    async createComment(c, audit) {
      await transact(t, onTable(t.table, [
        { action: { Put: { TableName: '', Item: commentItem(c), ConditionExpression: itemDoesNotExist } }, onConditionFailed: () => new ConflictError('The comment exists') },
        ...mentionItems(c).map((Item): TxItem => ({ action: { Put: { TableName: '', Item } } })),
        putAudit(audit),
      ]));
    },
    async replaceComment(before, after, audit) {
      const next = mentionItems(after);
      await transact(t, onTable(t.table, [
        { action: { Put: { TableName: '', Item: commentItem(after), ...atVersion(before.version) } }, onConditionFailed: versionFailure },
        ...mentionItems(before).filter((m) => !next.some((n) => n.pk === m.pk)).map((m): TxItem => ({ action: { Delete: { TableName: '', Key: { pk: m.pk, sk: m.sk } } } })),
        ...next.map((Item): TxItem => ({ action: { Put: { TableName: '', Item } } })),
        putAudit(audit),
      ]));
    },
    async deleteComment(c, audit) {
      await transact(t, onTable(t.table, [
        { action: { Delete: { TableName: '', Key: commentKey(c.spaceId, c.id), ...atVersion(c.version) } }, onConditionFailed: versionFailure },
        ...mentionItems(c).map((m): TxItem => ({ action: { Delete: { TableName: '', Key: { pk: m.pk, sk: m.sk } } } })),
        putAudit(audit),
      ]));
    },
    listByTarget: (spaceId, target, limit, startKey) => pageThrough(t, {
      query: {
        IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :c)', ScanIndexForward: false,
        ExpressionAttributeValues: { ':p': commentTargetIndex(spaceId, target.kind, target.id, '', '').gsi2pk, ':c': 'comment#' },
      },
      keyAttributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'], limit, ...(startKey ? { startKey } : {}),
      hydrate: hydrate(spaceId, (i) => String(i.id)), accept: () => true,
    }),
    listMentions: (spaceId, userId, limit, startKey) => pageThrough(t, {
      query: { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': mentionPartition(spaceId, userId) }, ScanIndexForward: false },
      keyAttributes: ['pk', 'sk'], limit, ...(startKey ? { startKey } : {}),
      hydrate: hydrate(spaceId, (i) => String(i.commentId)), accept: () => true,
    }),
  };
}
