import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../domain/errors.js';
import type { MailboxProblem, MailboxProblemRepo, ProblemReport } from '../domain/mailbox/mailbox-problem.js';
import type { TableRef } from './dynamo.js';
import { mailboxLeaseKey, mailboxProblemKey, messageKey } from './keys.js';
import { isConditionFailure } from './transact.js';

const ENTITY = 'mailbox-problem';

const toProblem = (item: Record<string, unknown>): MailboxProblem => {
  const { pk: _pk, sk: _sk, entity: _e, v: _v, ...rest } = item;
  return rest as unknown as MailboxProblem;
};

/** Problem items live in the mailbox's sync-state partition, so deleting the mailbox removes them. */
export const createMailboxProblemStore = (t: TableRef): MailboxProblemRepo & {
  deleteQuarantinedMessage(spaceId: string, messageId: string): Promise<boolean>;
} => ({
  async recordProblem(spaceId: string, mailboxId: string, problem: ProblemReport, at: string): Promise<void> {
    const fields: Record<string, unknown> = { ...problem, entity: ENTITY, v: 1, lastSeenAt: at };
    const names: Record<string, string> = { '#first': 'firstSeenAt', '#attempts': 'attempts', '#retry': 'retryRequestedAt' };
    const values: Record<string, unknown> = { ':at': at, ':one': 1 };
    const sets = ['#first = if_not_exists(#first, :at)'];
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: mailboxProblemKey(spaceId, mailboxId, problem.id),
      UpdateExpression: `SET ${sets.join(', ')} ADD #attempts :one REMOVE #retry`,
      ExpressionAttributeNames: names, ExpressionAttributeValues: values,
    }));
  },

  async listProblems(spaceId: string, mailboxId: string): Promise<MailboxProblem[]> {
    const found: MailboxProblem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await t.client.send(new QueryCommand({
        TableName: t.table, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': mailboxLeaseKey(spaceId, mailboxId).pk, ':s': 'problem#' },
        ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}),
      }));
      found.push(...(out.Items ?? []).map(toProblem));
      start = out.LastEvaluatedKey;
    } while (start);
    return found.sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
  },

  /** One page of the mailbox's problems in id order (`limit` items, then the key to go on from). */
  async pageProblems(spaceId: string, mailboxId: string, limit: number, startKey?: Record<string, unknown>) {
    const out = await t.client.send(new QueryCommand({
      TableName: t.table, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': mailboxLeaseKey(spaceId, mailboxId).pk, ':s': 'problem#' },
      Limit: limit, ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }));
    return { items: (out.Items ?? []).map(toProblem), ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
  },

  async getProblem(spaceId: string, mailboxId: string, problemId: string): Promise<MailboxProblem> {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: mailboxProblemKey(spaceId, mailboxId, problemId), ConsistentRead: true }));
    if (!out.Item) throw new NotFoundError('problem', problemId);
    return toProblem(out.Item);
  },

  async requestRetry(spaceId: string, mailboxId: string, problemId: string, at: string): Promise<MailboxProblem> {
    try {
      const out = await t.client.send(new UpdateCommand({
        TableName: t.table, Key: mailboxProblemKey(spaceId, mailboxId, problemId),
        UpdateExpression: 'SET retryRequestedAt = :at', ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at }, ReturnValues: 'ALL_NEW',
      }));
      return toProblem(out.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError('problem', problemId);
      throw error;
    }
  },

  async resolveProblem(spaceId: string, mailboxId: string, problemId: string): Promise<void> {
    await t.client.send(new DeleteCommand({ TableName: t.table, Key: mailboxProblemKey(spaceId, mailboxId, problemId) }));
  },

  /**
   * Removes a message item stored headers-only (parseStatus unparsed) so a retry that now parses
   * can link the full mail under the same identity. False when there was none to remove.
   */
  async deleteQuarantinedMessage(spaceId: string, messageId: string): Promise<boolean> {
    try {
      await t.client.send(new DeleteCommand({
        TableName: t.table, Key: messageKey(spaceId, messageId),
        ConditionExpression: 'parseStatus = :u', ExpressionAttributeValues: { ':u': 'unparsed' },
      }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
});

export type MailboxProblemStore = ReturnType<typeof createMailboxProblemStore>;
