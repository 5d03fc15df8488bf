import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { once, requireEnv } from '../config/config.js';

/** The document client, built once per container; the SDK honours AWS_ENDPOINT_URL_DYNAMODB. */
export const documentClient = once(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  }),
);

export const tableName = once(() => requireEnv('tableName'));

/** What every store needs: the client and the table. */
export interface TableRef {
  readonly client: DynamoDBDocumentClient;
  readonly table: string;
}

export const defaultTable = (): TableRef => ({ client: documentClient(), table: tableName() });
