import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMime } from '../../../shared/adapters/mime/mailparser-mime.js';
import { parseMessage } from '../../../shared/domain/threads/parse-message.js';
import { contactActivityPartition } from '../../../shared/store/keys.js';
import { linkBatch } from '../../../shared/deps/link-batch.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'lb0', password: 'pw-0' };

beforeAll(async () => { dovecot = await startDovecot({ users: [user] }); });
afterAll(async () => { await dovecot?.stop(); });

const dated = (subject: string, day: number) =>
  aMail({ subject }).replace(/^Date: .*$/m, `Date: ${new Date(Date.UTC(2026, 9, day, 9)).toUTCString()}`);

describe('linking a batch (real Dovecot, DynamoDB Local, s3rver)', () => {
  it('links every mail of a batch and moves the contact to its latest mail, listed once', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const jane = await h.addContact('Jane Doe', ['jane.doe@northwind.example']);
    await dovecot.appendMessages(user.user, 'INBOX', [dated('Second', 12), dated('Latest', 20), dated('First', 3)]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    for (const job of h.parseQueue.sent.splice(0)) await parseMessage({ blobs: h.rt.blobs, parse: parseMime, linkQueue: h.linkQueue, problems: h.rt.problems, now: () => new Date() }, job);

    const outcomes = await linkBatch(h.rt, h.linkQueue.sent.splice(0));

    expect(outcomes).toEqual([undefined, undefined, undefined]);
    expect((await messageItems(h.rt, spaceId)).map((m) => m.subject).sort()).toEqual(['First', 'Latest', 'Second']);
    const latest = new Date(Date.UTC(2026, 9, 20, 9)).toISOString();
    expect((await h.rt.table.client.send(new QueryCommand({
      TableName: h.rt.table.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': contactActivityPartition(spaceId) },
    }))).Items?.map((i) => i.sk)).toEqual([`${latest}#${jane}`]);
  });
});
