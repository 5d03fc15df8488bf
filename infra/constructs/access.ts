import { Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { FUNCTIONS, TABLE, type FunctionName, type QueueId } from '../../shared/config/names.js';
import type { Data } from './data.js';
import type { MailPipeline } from './mail-pipeline.js';
import type { Payments } from './payments.js';

/** One right a function can hold; each maps to a few actions on one resource. */
export type Permission =
  | 'table:read' | 'table:write'
  | 'key:wrap' | 'key:unwrap'
  | 'mail:read' | 'mail:write'
  | 'secret:read' | 'email:send'
  | `queue:${QueueId}`;

const API: readonly Permission[] = ['table:read', 'table:write', 'secret:read'];

/**
 * Least privilege per function, in one place. The HTTP functions read the app secret because the
 * cursor key signs pagination cursors; the openapi function serves a document built from the
 * contracts, pages nothing, and so holds no right at all.
 */
export const ACCESS: Record<FunctionName, readonly Permission[]> = {
  'openapi': [],
  // Creating a contact or adding an email asks the linker for the address's past mail.
  'contacts-api': [...API, 'queue:link'],
  'companies-api': API,
  'products-api': API,
  'mailboxes-api': [...API, 'key:wrap', 'queue:sync'],
  'mail-api': [...API, 'mail:read'],
  // Drafting an order reads the message text, which may live in S3 (claim check).
  'orders-api': [...API, 'mail:read', 'email:send'],
  'settings-api': API,
  'workspace-api': API,
  'stripe-webhook': ['table:read', 'table:write', 'secret:read', 'email:send'],
  // Lists connected mailboxes of every Space through gsi1 (a Query, never a Scan).
  'poll-mailboxes': ['table:read', 'queue:sync'],
  'sync-mailbox': ['table:read', 'table:write', 'key:unwrap', 'mail:write', 'queue:parse'],
  'parse-message': ['table:read', 'table:write', 'mail:read', 'mail:write', 'queue:link'],
  'link-message': ['table:read', 'table:write', 'mail:read'],
};

export interface AccessResources {
  readonly data: Data;
  readonly pipeline: MailPipeline;
  readonly payments: Payments;
}

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** The only encryption context KMS accepts for mailbox secrets (RELIABILITY K4). */
export const MAILBOX_KEY_CONDITIONS = {
  'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['space', 'mailbox'] },
  'Null': { 'kms:EncryptionContext:space': 'false', 'kms:EncryptionContext:mailbox': 'false' },
};

/**
 * Grants each function exactly the rights ACCESS lists, on named resources only.
 *
 * Tenant isolation stays in the application: dynamodb:LeadingKeys needs the Space in the caller's
 * credentials (a role session tag per request), and these Lambda roles serve every Space at once,
 * so a LeadingKeys condition could only be `space#*`, which isolates nothing. What IAM can bound
 * (one table and its indexes, one key under one context shape, one bucket) it does.
 */
export function grantAccess(functions: Record<FunctionName, lambda.Function>, res: AccessResources): void {
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    const fn = functions[name];
    for (const permission of ACCESS[name]) grant(fn, permission, res);
    if (ACCESS[name].includes('mail:read') || ACCESS[name].includes('mail:write')) {
      Validations.of(fn.role ?? fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(res.data.mailBucket)}.Arn>/*]`,
        reason:
          'Object keys begin with the Space, and one function serves every Space, so object access is ' +
          'granted on this one bucket; the Space check happens in the application before any key is built.',
      });
    }
  }
}

function grant(fn: lambda.Function, permission: Permission, { data, pipeline, payments }: AccessResources): void {
  const table = data.table.tableArn;
  const indexes = TABLE.indexes.map((index) => `${table}/index/${index.name}`);
  const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources, conditions }));
  switch (permission) {
    case 'table:read': return allow(READ, [table, ...indexes]);
    case 'table:write': return allow(WRITE, [table]);
    case 'key:wrap': return useKey(fn, 'kms:GenerateDataKey', data);
    case 'key:unwrap': return useKey(fn, 'kms:Decrypt', data);
    case 'mail:read': return allow(['s3:GetObject'], [data.mailBucket.arnForObjects('*')]);
    case 'mail:write': return allow(['s3:PutObject'], [data.mailBucket.arnForObjects('*')]);
    case 'secret:read': return void payments.grantReadSecret(fn);
    case 'email:send': return void payments.grantSendEmail(fn);
    case 'queue:sync': return void pipeline.queues.sync.queue.grantSendMessages(fn);
    case 'queue:parse': return void pipeline.queues.parse.queue.grantSendMessages(fn);
    case 'queue:link': return void pipeline.queues.link.queue.grantSendMessages(fn);
  }
}

/**
 * One key action for one function, in both places KMS looks: the role's policy and the key policy,
 * which names the role (the key policy grants the account administration only, never use).
 */
function useKey(fn: lambda.Function, action: 'kms:GenerateDataKey' | 'kms:Decrypt', data: Data): void {
  const role = fn.role;
  if (!role) throw new Error(`${fn.node.id} has no role to name in the mailbox key policy`);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [action], resources: [data.mailboxKey.keyArn], conditions: MAILBOX_KEY_CONDITIONS }));
  data.mailboxKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: `${action === 'kms:Decrypt' ? 'Decrypt' : 'Wrap'}By${fn.node.id.replace(/[^A-Za-z0-9]/g, '')}`,
    principals: [new iam.ArnPrincipal(role.roleArn)], actions: [action], resources: ['*'], conditions: MAILBOX_KEY_CONDITIONS,
  }));
}

/** The bucket's resolved logical id, as cdk-nag spells it in an IAM5 finding. */
const logicalIdOf = (bucket: Data['mailBucket']): string =>
  Stack.of(bucket).resolve((bucket.node.defaultChild as CfnResource).logicalId) as string;
