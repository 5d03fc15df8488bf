import { Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { FUNCTIONS, type FunctionName } from '../../shared/config/names.js';
import { ACCESS, statementFor, type AccessArns, type Permission, type Statement } from './access-table.js';
import type { Data } from './data.js';
import type { MailNotifications } from './mail-notifications.js';
import type { MailPipeline } from './mail-pipeline.js';
import type { Payments } from './payments.js';

export { ACCESS, MAILBOX_KEY_CONDITIONS, type Permission } from './access-table.js';

export interface AccessResources {
  readonly data: Data;
  readonly pipeline: MailPipeline;
  readonly payments: Payments;
  readonly notifications: MailNotifications;
  /** ARN of the assistant's Bedrock foundation model; none when the deployment runs the offline assistant. */
  readonly assistantModelArn?: string;
}

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

function grant(fn: lambda.Function, permission: Permission, { data, pipeline, payments, notifications, assistantModelArn }: AccessResources): void {
  const arns: AccessArns = {
    table: data.table.tableArn,
    mailObjects: data.mailBucket.arnForObjects('*'),
    mailboxKey: data.mailboxKey.keyArn,
    appSecret: payments.appSecret.secretArn,
    senderIdentities: payments.senderIdentityArns,
    configurationSet: notifications.configurationSetArn,
    queues: { sync: pipeline.queues.sync.queue.queueArn, parse: pipeline.queues.parse.queue.queueArn, link: pipeline.queues.link.queue.queueArn },
    ...(assistantModelArn ? { assistantModel: assistantModelArn } : {}),
  };
  const statement = statementFor(permission, arns);
  if (statement.resources.length === 0) return;
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...statement.actions], resources: [...statement.resources], conditions: statement.conditions }));
  if (permission === 'key:wrap' || permission === 'key:unwrap') nameInKeyPolicy(fn, statement, data);
}

/**
 * KMS looks at the key policy too: it names the role for the same key action and conditions as the
 * role's statement (the key policy gives the account administration only, never use).
 */
function nameInKeyPolicy(fn: lambda.Function, statement: Statement, data: Data): void {
  const role = fn.role;
  if (!role) throw new Error(`${fn.node.id} has no role to name in the mailbox key policy`);
  const decrypt = statement.actions.includes('kms:Decrypt');
  data.mailboxKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: `${decrypt ? 'Decrypt' : 'Wrap'}By${fn.node.id.replace(/[^A-Za-z0-9]/g, '')}`,
    principals: [new iam.ArnPrincipal(role.roleArn)], actions: [...statement.actions], resources: ['*'], conditions: statement.conditions,
  }));
}

/** The bucket's resolved logical id, as cdk-nag spells it in an IAM5 finding. */
const logicalIdOf = (bucket: Data['mailBucket']): string =>
  Stack.of(bucket).resolve((bucket.node.defaultChild as CfnResource).logicalId) as string;
