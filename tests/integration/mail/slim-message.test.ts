import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMime } from '../../../shared/adapters/mime/mailparser-mime.js';
import { threadKey } from '../../../shared/store/keys.js';
import { withFullText } from '../../../shared/deps/draft-deps.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'slim', password: 'pw-slim' };

beforeAll(async () => { dovecot = await startDovecot({ users: [user] }); });
afterAll(async () => { await dovecot?.stop(); });

describe('message items stay small (write units) without losing the text', () => {
  it('keeps the text and snippet out of the message item (under 1 KB) and reads them from the raw mail and the member item', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const body = `Hello,\r\n${'A long introduction line. '.repeat(200)}\r\nPlease send 9 widgets.`;
    await dovecot.appendMessages(user.user, 'INBOX', [aMail({ subject: 'Long one', body }), aMail({ subject: 'Short one', body: 'Hi, 2 widgets.' })]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    await h.drain();

    const items = await messageItems(h.rt, spaceId);
    const long = items.find((m) => m.subject === 'Long one')!;
    const short = items.find((m) => m.subject === 'Short one')!;
    for (const item of [long, short]) {
      console.log(`message item ${String(item.subject)}: ${Buffer.byteLength(JSON.stringify(item))} bytes as JSON`);
      expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(1024);
      expect(item).toMatchObject({ textTruncated: true });
      expect(item.text).toBeUndefined();
      expect(item.snippet).toBeUndefined();
    }
    expect(long.gsi1pk).toBeUndefined();

    const threadId = String(long.threadId);
    const members = await h.rt.table.client.send(new QueryCommand({
      TableName: h.rt.table.table, KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
      ExpressionAttributeValues: { ':p': threadKey(spaceId, threadId).pk, ':m': 'msg#' },
    }));
    expect(members.Items).toHaveLength(1);
    expect(members.Items![0]!.text).toBeUndefined();
    expect(members.Items![0]!.snippet).toMatch(/^Hello, A long introduction line\./);
    const found = await h.rt.messages.findMessage(spaceId, String(long.id));
    expect(found?.snippet).toBe(members.Items![0]!.snippet);
    expect(await h.rt.messages.listThreadMessages(spaceId, threadId)).toEqual([
      expect.objectContaining({ id: long.id, subject: 'Long one', snippet: found?.snippet, attachmentCount: 0 }),
    ]);

    const full = await withFullText(h.rt.messages, h.rt.blobs).getMessage(spaceId, String(long.id));
    const { mail } = await parseMime(await h.rt.blobs.get(String(long.rawKey)), {});
    expect(long.parsedKey).toBeUndefined();
    expect(full.text).toBe(mail.text);
    expect(full.text).toContain('Please send 9 widgets.');
    expect((await withFullText(h.rt.messages, h.rt.blobs).getMessage(spaceId, String(short.id))).text.trim()).toBe('Hi, 2 widgets.');
    expect((await h.rt.messages.findMessage(spaceId, String(short.id)))?.snippet).toBe('Hi, 2 widgets.');
  });

  it('shows the order on the thread message list once the message becomes an order', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages(user.user, 'INBOX', [aMail({ subject: `Order for ${spaceId}` })]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    await h.drain();
    const message = (await messageItems(h.rt, spaceId))[0]!;

    await h.rt.messages.setMessageOrder(spaceId, String(message.id), 'ord-1');

    expect(await h.rt.messages.listThreadMessages(spaceId, String(message.threadId))).toEqual([
      expect.objectContaining({ id: message.id, orderId: 'ord-1' }),
    ]);
  });
});
