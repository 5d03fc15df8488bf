import type { Statement } from '../../constructs/access-table.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, queueArnOfUrl } from './local-arns.js';

/** One authorization question: may this role perform `action` on one of `resources`? */
export interface IamRequest {
  readonly action: string;
  /** The call is allowed when any of these is allowed (SES: the address or its domain identity). */
  readonly resources: readonly string[];
  /** Condition keys of the request, e.g. `kms:EncryptionContextKeys`. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

type Input = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const arn = (service: string, resource: string) => `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${resource}`;
const tableArn = (name: string) => (name.startsWith('arn:') ? name : arn('dynamodb', `table/${name}`));
const keyArn = (id: string) => (id.startsWith('arn:') ? id : arn('kms', id.startsWith('alias/') ? id : `key/${id}`));
const secretArn = (id: string) => (id.startsWith('arn:') ? id : arn('secretsmanager', `secret:${id}`));
const identityArns = (from: string) => {
  const address = (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
  return [arn('ses', `identity/${address}`), arn('ses', `identity/${address.slice(address.lastIndexOf('@') + 1)}`)];
};

/** A send is authorized on the sender's identity and, when it names one, on the configuration set as well. */
const sesRequests = (action: string, from: string, configurationSet: unknown): IamRequest[] => [
  { action, resources: identityArns(from) },
  ...(typeof configurationSet === 'string' ? [{ action, resources: [arn('ses', `configuration-set/${configurationSet}`)] }] : []),
];

const TRANSACT_ACTIONS: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };

function dynamodbRequests(operation: string, input: Input): IamRequest[] {
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    return Object.keys(input.RequestItems ?? {}).map((table) => ({ action: `dynamodb:${operation}`, resources: [tableArn(table)] }));
  }
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    return (input.TransactItems ?? []).flatMap((item: Input) => Object.entries(item).map(([kind, body]) =>
      ({ action: `dynamodb:${TRANSACT_ACTIONS[kind] ?? kind}`, resources: [tableArn(String((body as Input).TableName))] })));
  }
  const table = tableArn(String(input.TableName ?? input.TableArn ?? '*'));
  return [{ action: `dynamodb:${operation}`, resources: [input.IndexName ? `${table}/index/${String(input.IndexName)}` : table] }];
}

const SQS_ACTIONS: Record<string, string> = {
  SendMessageBatch: 'SendMessage', DeleteMessageBatch: 'DeleteMessage', ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

function sqsRequests(operation: string, input: Input): IamRequest[] {
  const queue = input.QueueUrl ? queueArnOfUrl(String(input.QueueUrl)) : arn('sqs', String(input.QueueName ?? '*'));
  return [{ action: `sqs:${SQS_ACTIONS[operation] ?? operation}`, resources: [queue] }];
}

const S3_OBJECT_ACTIONS: Record<string, string> = {
  GetObject: 'GetObject', HeadObject: 'GetObject', PutObject: 'PutObject', CreateMultipartUpload: 'PutObject',
  UploadPart: 'PutObject', CompleteMultipartUpload: 'PutObject', AbortMultipartUpload: 'AbortMultipartUpload',
  DeleteObject: 'DeleteObject', CopyObject: 'PutObject',
};

function s3Requests(operation: string, input: Input): IamRequest[] {
  const bucket = `arn:aws:s3:::${String(input.Bucket ?? '*')}`;
  const objectAction = S3_OBJECT_ACTIONS[operation];
  if (objectAction !== undefined) return [{ action: `s3:${objectAction}`, resources: [`${bucket}/${String(input.Key ?? '')}`] }];
  return [{ action: operation.startsWith('ListObjects') ? 's3:ListBucket' : `s3:${operation}`, resources: [bucket] }];
}

function kmsRequests(operation: string, input: Input): IamRequest[] {
  const context = (input.EncryptionContext ?? {}) as Record<string, string>;
  return [{
    action: `kms:${operation}`, resources: [keyArn(String(input.KeyId ?? '*'))],
    context: {
      'kms:EncryptionContextKeys': Object.keys(context),
      ...Object.fromEntries(Object.entries(context).map(([k, v]) => [`kms:EncryptionContext:${k}`, v])),
    },
  }];
}

/** The IAM requests one SDK call makes, from the client's name, the operation and its input. */
export function iamRequestsOf(clientName: string, operation: string, input: Input): IamRequest[] {
  switch (clientName) {
    case 'DynamoDBClient': return dynamodbRequests(operation, input);
    case 'SQSClient': return sqsRequests(operation, input);
    case 'S3Client': return s3Requests(operation, input);
    case 'KMSClient': return kmsRequests(operation, input);
    case 'SecretsManagerClient': return [{ action: `secretsmanager:${operation}`, resources: [secretArn(String(input.SecretId ?? '*'))] }];
    case 'SESClient': return sesRequests(`ses:${operation}`, String(input.Source ?? ''), input.ConfigurationSetName);
    case 'SESv2Client': return sesRequests(`ses:${operation}`, String(input.FromEmailAddress ?? ''), input.ConfigurationSetName);
    default: return [{ action: `${clientName.replace(/Client$/, '').toLowerCase()}:${operation}`, resources: ['*'] }];
  }
}

const globToRegExp = (pattern: string) =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
const matches = (pattern: string, value: string) => pattern === value || (pattern.includes('*') && globToRegExp(pattern).test(value));

/** Evaluates the two condition operators the stack uses; any other operator does not match (deny). */
function conditionsHold(conditions: Statement['conditions'], context: IamRequest['context'] = {}): boolean {
  for (const [operator, entries] of Object.entries(conditions ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = context[key];
      const allowed = ([] as unknown[]).concat(expected).map(String);
      if (operator === 'ForAllValues:StringEquals') {
        if (!([] as string[]).concat(actual ?? []).every((v) => allowed.includes(v))) return false;
      } else if (operator === 'Null') {
        if ((actual === undefined) !== (String(expected) === 'true')) return false;
      } else {
        return false;
      }
    }
  }
  return true;
}

const allows = (s: Statement, action: string, resource: string, context: IamRequest['context']) =>
  s.actions.some((a) => matches(a, action)) && s.resources.some((r) => matches(r, resource)) && conditionsHold(s.conditions, context);

/** The first request no statement allows, with the resource AWS would name; undefined when all are allowed. */
export function firstDenied(statements: readonly Statement[], requests: readonly IamRequest[]): { action: string; resource: string } | undefined {
  for (const request of requests) {
    const ok = request.resources.some((resource) => statements.some((s) => allows(s, request.action, resource, request.context)));
    if (!ok) return { action: request.action, resource: request.resources[0] ?? '*' };
  }
  return undefined;
}

/** How each service spells AccessDenied (name, HTTP status), so handler code sees what AWS returns. */
const DENIED_SHAPE: Record<string, readonly [string, number]> = {
  DynamoDBClient: ['AccessDeniedException', 400], KMSClient: ['AccessDeniedException', 400],
  SecretsManagerClient: ['AccessDeniedException', 400], SQSClient: ['AccessDenied', 403],
  S3Client: ['AccessDenied', 403], SESClient: ['AccessDenied', 403], SESv2Client: ['AccessDeniedException', 403],
};

/** The message AWS writes for an identity-policy denial. */
export const accessDeniedMessage = (roleArn: string, session: string, action: string, resource: string): string =>
  `User: ${roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${session} is not authorized to perform: ` +
  `${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

export const deniedShapeOf = (clientName: string): readonly [string, number] => DENIED_SHAPE[clientName] ?? ['AccessDeniedException', 403];
