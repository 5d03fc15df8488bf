import { TABLE, type FunctionName, type QueueId } from '../../shared/config/names.js';

/** One right a function can hold; each maps to a few actions on one resource. */
export type Permission =
  | 'table:read' | 'table:write'
  | 'key:wrap' | 'key:unwrap'
  | 'mail:read' | 'mail:write' | 'mail:delete'
  | 'secret:read' | 'email:send'
  | `queue:${QueueId}`
  | 'model:invoke'
  | 'sms:send';

const API: readonly Permission[] = ['table:read', 'table:write', 'secret:read'];

/**
 * Least privilege per function, in one place. The HTTP functions read the app secret because the
 * cursor key signs pagination cursors; the openapi function serves a document built from the
 * contracts, pages nothing, and so holds no right at all. The stack (access.ts) and the local twin
 * (which refuses SDK calls outside these grants) both read this table.
 */
export const ACCESS: Record<FunctionName, readonly Permission[]> = {
  'openapi': [],
  // Creating a company or adding a domain asks the linker for the domain's past mail.
  'companies-api': [...API, 'queue:link'],
  'products-api': API,
  // A retry of an unparsable mail queues it for the parser again.
  'mailboxes-api': [...API, 'key:wrap', 'queue:sync', 'queue:parse'],
  // A reply is sent through SES, kept in the mail bucket and queued for the sync function (Sent folder). A mailbox with
  // its own SMTP server: its login is opened (key:unwrap) under the mailbox's encryption context, and an OAuth2
  // mailbox's refresh token the provider rotates while the reply refreshes it is sealed again (key:wrap).
  // The first inbox read of a Space whose threads predate the state facets queues their move on the link queue.
  'mail-api': [...API, 'mail:read', 'mail:write', 'email:send', 'queue:sync', 'queue:link', 'key:unwrap', 'key:wrap'],
  // Drafting an order reads the message text, which may live in S3 (claim check).
  'orders-api': [...API, 'mail:read', 'email:send'],
  // A save that changes the blocklist queues the job that hides (or shows again) imported mail.
  'settings-api': [...API, 'queue:link'],
  'workspace-api': API,
  'stripe-webhook': ['table:read', 'table:write', 'secret:read', 'email:send'],
  // Lists connected mailboxes of every Space through gsi1 (a Query, never a Scan).
  'poll-mailboxes': ['table:read', 'queue:sync'],
  // A job deferred by a busy Space, or a run continuing after its budget, goes back to the sync queue.
  // A mail sent from the CRM is read from the bucket to be stored in the mailbox's Sent folder. OAuth2 mailboxes: the
  // app secret holds the client registration for refreshing tokens, and a refresh token the provider rotates is sealed
  // again (key:wrap) for its Space and mailbox.
  // Mail deleted from the mailbox leaves the bucket too (raw MIME, parsed JSON, attachments).
  'sync-mailbox': ['table:read', 'table:write', 'key:unwrap', 'key:wrap', 'secret:read', 'mail:read', 'mail:write', 'mail:delete', 'queue:parse', 'queue:sync'],
  // The parser requeues the failed mails of an envelope whose others it parsed.
  'parse-message': ['table:read', 'table:write', 'mail:read', 'mail:write', 'queue:link', 'queue:parse'],
  // The reply-tag key (derived from the app secret) verifies a reply's order token; a blocklist job
  // walks the Space's threads one page per record and queues its next page; mail a removed rule
  // kept out goes back to the parser (import-skipped.ts).
  'link-message': ['table:read', 'table:write', 'mail:read', 'secret:read', 'queue:link', 'queue:parse'],
  // Reads customer mail (long texts live in S3) and calls the one configured Bedrock model.
  'assistant-api': [...API, 'mail:read', 'model:invoke'],
  // Creating a contact or adding an email asks the linker for the address's past mail; texts customers
  // from the Space's number (AWS End User Messaging SMS).
  'contacts-api': [...API, 'queue:link', 'sms:send'],
  // Records inbound SMS and answers HELP from the Space's number.
  'sms-inbound': ['table:read', 'table:write', 'sms:send'],
  // Applies SES bounce and complaint notifications: flags the order, marks the contact.
  'ses-notifications': ['table:read', 'table:write'],
};

/** The only encryption context KMS accepts for mailbox secrets: exactly the keys space and mailbox. */
export const MAILBOX_KEY_CONDITIONS = {
  'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['space', 'mailbox'] },
  'Null': { 'kms:EncryptionContext:space': 'false', 'kms:EncryptionContext:mailbox': 'false' },
};

/** The ARNs the statements name; CDK passes tokens, the local twin passes its local ARNs. */
export interface AccessArns {
  readonly table: string;
  readonly mailObjects: string;
  readonly mailboxKey: string;
  readonly appSecret: string;
  readonly senderIdentities: readonly string[];
  /** The SES configuration set every send names; SES authorizes the send on it as well as on the identity. */
  readonly configurationSet: string;
  readonly queues: Readonly<Record<QueueId, string>>;
  /** ARN of the assistant's Bedrock foundation model; none when the deployment runs the offline assistant. */
  readonly assistantModel?: string;
  /** The End User Messaging SMS origination identities (phone numbers, pools, sender ids) of the account and region. */
  readonly smsOriginations: readonly string[];
}

export interface Statement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const SEND = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];

/** The IAM statement one permission stands for. */
export function statementFor(permission: Permission, arns: AccessArns): Statement {
  switch (permission) {
    case 'table:read': return { actions: READ, resources: [arns.table, ...TABLE.indexes.map((i) => `${arns.table}/index/${i.name}`)] };
    case 'table:write': return { actions: WRITE, resources: [arns.table] };
    case 'key:wrap': return { actions: ['kms:GenerateDataKey'], resources: [arns.mailboxKey], conditions: MAILBOX_KEY_CONDITIONS };
    case 'key:unwrap': return { actions: ['kms:Decrypt'], resources: [arns.mailboxKey], conditions: MAILBOX_KEY_CONDITIONS };
    case 'mail:read': return { actions: ['s3:GetObject'], resources: [arns.mailObjects] };
    case 'mail:write': return { actions: ['s3:PutObject'], resources: [arns.mailObjects] };
    case 'mail:delete': return { actions: ['s3:DeleteObject'], resources: [arns.mailObjects] };
    case 'secret:read': return { actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [arns.appSecret] };
    case 'email:send': return { actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [...arns.senderIdentities, arns.configurationSet] };
    case 'queue:sync': return { actions: SEND, resources: [arns.queues.sync] };
    case 'queue:parse': return { actions: SEND, resources: [arns.queues.parse] };
    case 'queue:link': return { actions: SEND, resources: [arns.queues.link] };
    // Converse is authorised as InvokeModel, on the configured model only; an offline deployment names no resource.
    case 'model:invoke': return { actions: ['bedrock:InvokeModel'], resources: arns.assistantModel ? [arns.assistantModel] : [] };
    case 'sms:send': return { actions: ['sms-voice:SendTextMessage'], resources: arns.smsOriginations };
  }
}

/** Every statement of one function's role. */
export const statementsOf = (fn: FunctionName, arns: AccessArns): Statement[] =>
  ACCESS[fn].map((permission) => statementFor(permission, arns)).filter((s) => s.resources.length > 0);
