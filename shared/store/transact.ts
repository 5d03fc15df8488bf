import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError } from '../domain/errors.js';
import type { TableRef } from './dynamo.js';

export type TxAction = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One action of a transaction, with the domain error to raise when its condition fails. */
export interface TxItem {
  readonly action: TxAction;
  /** Gets the item as it was (ReturnValuesOnConditionCheckFailure ALL_OLD), when there was one. */
  readonly onConditionFailed?: (old: Record<string, unknown> | undefined) => Error;
}

/** Condition fragments, named (Powertools style). */
export const itemDoesNotExist = 'attribute_not_exists(pk)';

/** True when a single-item write failed its condition (the SDK class, or its name across SDK copies). */
export const isConditionFailure = (e: unknown): boolean =>
  e instanceof ConditionalCheckFailedException || (e as { name?: string }).name === 'ConditionalCheckFailedException';

const MAX_ATTEMPTS = 8;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const withOldValues = (action: TxAction): TxAction => {
  const [kind, body] = Object.entries(action)[0] as [keyof TxAction, Record<string, unknown>];
  return body && 'ConditionExpression' in body ? ({ [kind]: { ...body, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } } as TxAction) : action;
};

/**
 * Runs one all-or-nothing TransactWriteItems (≤ 100 actions). A failed condition becomes the
 * domain error its item names; transaction conflicts with concurrent writers are retried with
 * jitter, so the loser of a race ends with the real reason (e.g. a duplicate), never a 500.
 */
export async function transact(t: TableRef, items: readonly TxItem[], clientRequestToken?: string): Promise<void> {
  if (items.length === 0) return;
  if (items.length > 100) throw new Error(`A transaction holds at most 100 actions, got ${items.length}`);
  const input: TransactWriteCommandInput = {
    TransactItems: items.map((i) => withOldValues(i.action)),
    ...(clientRequestToken ? { ClientRequestToken: clientRequestToken } : {}),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      await t.client.send(new TransactWriteCommand(input));
      return;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException) && (err as Error).name !== 'TransactionCanceledException') throw err;
      const reasons = (err as TransactionCanceledException).CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (failed >= 0) {
        const raw = reasons[failed]?.Item;
        const old = raw ? unmarshall(raw as Parameters<typeof unmarshall>[0]) : undefined;
        throw items[failed]?.onConditionFailed?.(old) ?? new ConflictError('The record changed concurrently');
      }
      const retryable = reasons.some((r) => r.Code === 'TransactionConflict') || (err as Error).message.includes('conflict');
      if (!retryable) throw err;
      if (attempt >= MAX_ATTEMPTS) throw new ConflictError('Too many concurrent writes to this record; retry');
      await pause(Math.random() * 40 * attempt);
    }
  }
}

/** Fills in the table name so item builders stay table-agnostic. */
export const onTable = (table: string, items: readonly TxItem[]): TxItem[] =>
  items.map((i) => {
    const [kind, body] = Object.entries(i.action)[0] as [string, object];
    return { ...i, action: { [kind]: { ...body, TableName: table } } as TxAction };
  });
