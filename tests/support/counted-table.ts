import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type TableRef } from '../../shared/store/dynamo.js';
import { useLocalStackEnv } from './local-stack.js';

export interface CountedTable {
  readonly table: TableRef;
  /** Requests sent so far, by command name (`GetCommand`, `BatchGetCommand`...). */
  readonly calls: Record<string, number>;
  /** Forgets the requests counted so far (the seeding), so a test counts only what it acts. */
  readonly forget: () => void;
}

/** The local stack's table with every request it sends counted by command name. */
export function countedTable(): CountedTable {
  useLocalStackEnv();
  const t = defaultTable();
  const calls: Record<string, number> = {};
  const client = { send: (command: { constructor: { name: string } }) => {
    calls[command.constructor.name] = (calls[command.constructor.name] ?? 0) + 1;
    return t.client.send(command as never);
  } } as unknown as DynamoDBDocumentClient;
  return { table: { client, table: t.table }, calls, forget: () => { for (const k of Object.keys(calls)) delete calls[k]; } };
}
