import type { AccessArns } from '../../constructs/access-table.js';
import type { QueueId } from '../../../shared/config/names.js';

/** The account and region the twin pretends to run in. */
export const LOCAL_ACCOUNT = '123456789012';
export const LOCAL_REGION = 'us-east-1';

/** A queue's ARN from its URL (`http://host/<account>/<name>`), as AWS derives it. */
export const queueArnOfUrl = (url: string): string =>
  `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${url.slice(url.lastIndexOf('/') + 1)}`;

/** The execution role of a function in the twin; AccessDenied messages name it. */
export const localRoleArn = (fn: string): string => `arn:aws:iam::${LOCAL_ACCOUNT}:role/mailbridge-local-${fn}-role`;

export interface LocalResources {
  readonly tableName: string;
  readonly bucket: string;
  readonly queueUrls: Readonly<Record<QueueId, string>>;
  readonly mailboxKeyArn: string;
  readonly appSecretArn: string;
  /** The MAIL_FROM value; its address and domain are the SES identities, as in the stack. */
  readonly mailFrom: string;
  /** The SES configuration set the twin's SES accepts (LOCAL_SES_CONFIGURATION_SET). */
  readonly configurationSet: string;
}

/** The ARNs the least-privilege table names, for the local resources. */
export function localAccessArns(r: LocalResources): AccessArns {
  const address = (/<([^>]+)>/.exec(r.mailFrom)?.[1] ?? r.mailFrom).trim();
  const identity = (name: string) => `arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:identity/${name}`;
  return {
    table: `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${r.tableName}`,
    mailObjects: `arn:aws:s3:::${r.bucket}/*`,
    mailboxKey: r.mailboxKeyArn,
    appSecret: r.appSecretArn,
    senderIdentities: [identity(address), identity(address.slice(address.lastIndexOf('@') + 1))],
    configurationSet: `arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:configuration-set/${r.configurationSet}`,
    queues: { sync: queueArnOfUrl(r.queueUrls.sync), parse: queueArnOfUrl(r.queueUrls.parse), link: queueArnOfUrl(r.queueUrls.link) },
  };
}
