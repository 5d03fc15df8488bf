import { simpleParser } from 'mailparser';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSesRawMailer } from '../../../shared/adapters/mailer/ses-raw-mailer.js';
import { createMemoryQueue } from '../../../shared/adapters/queue/sqs-queue.js';
import { appendSent } from '../../../shared/domain/threads/append-sent.js';
import type { AppendSentJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { replyToThread } from '../../../shared/domain/threads/reply-to-thread.js';
import { createSendRecordStore } from '../../../shared/store/send-record-store.js';
import { createThreadMembers } from '../../../shared/store/thread-members.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { aMail, mailHarness, messageItems } from '../mail/mail-harness.js';

let dovecot: DovecotServer;
const users = [{ user: 'replier', password: 'pw-reply' }];

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

type StoredEmail = { from: string; replyTo: string[]; subject: string; destination: { to: string[]; cc: string[] } };

describe('reply from the record (real Dovecot, SES emulator, DynamoDB Local, s3rver)', () => {
  it('sends a threaded reply, files it once in Sent as read, and the next sync adds no duplicate', async () => {
    const stack = useLocalStackEnv();
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const user = users[0]!;
    const parentId = `${ulid()}@northwind.example`;
    await dovecot.appendMessage(user.user, 'INBOX', aMail({ id: parentId.split('@')[0], subject: 'Order', inReplyTo: 'root-1@northwind.example' }));
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    const [first] = await h.drain();
    const threadId = (first as { threadId: string }).threadId;
    const actions = createMemoryQueue<AppendSentJob>();
    const rcpt = `jane.${ulid().toLowerCase()}@northwind.example`;

    const sent = await replyToThread({
      members: createThreadMembers(h.rt.table), messages: h.rt.messages, mailboxes: h.rt.mailboxes, blobs: h.rt.blobs,
      mailer: createSesRawMailer(), smtp: { mailerFor: async () => { throw new Error('the mailbox of this test has no SMTP settings'); } }, mailboxActions: actions, sends: createSendRecordStore(h.rt.table), signatures: h.rt.rules, sender: { address: 'billing@mailbridge.example', name: 'Acme' },
      now: () => new Date(), newId: ulid,
    }, { spaceId, userId: 'staff-1', threadId, correlationId: 'test', text: 'Thanks, Jane. It ships tomorrow.', to: [rcpt], cc: [] });
    const appended = await appendSent({ ...h.rt, parseQueue: h.parseQueue, log: h.rt.log, appends: createSendRecordStore(h.rt.table), newId: ulid }, actions.sent[0]!);
    const linked = await h.drain();
    const resync = await h.sync(mailbox.id);
    const afterResync = await h.drain();

    const { emails } = (await (await fetch(`${stack.endpoints.ses}/store`)).json()) as { emails: StoredEmail[] };
    expect(emails.filter((e) => e.destination.to.includes(rcpt))).toEqual([
      expect.objectContaining({ subject: 'Re: Order', replyTo: ['sales@acme-supplies.example'] }),
    ]);
    const inSent = await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', user.user, 'flags hdr.message-id', 'mailbox', 'Sent', 'all']);
    console.log('Sent folder after the reply and a resync:', inSent.trim());
    expect(inSent.trim().split('\n')).toHaveLength(1);
    expect(inSent).toContain('\\Seen');
    expect(appended).toMatchObject({ status: 'appended', folder: 'Sent', uid: expect.any(Number) });
    const raw = await h.rt.blobs.get(actions.sent[0]!.rawKey);
    const parsed = await simpleParser(raw);
    expect(parsed.inReplyTo).toBe(`<${parentId}>`);
    expect(parsed.references).toEqual(['<root-1@northwind.example>', `<${parentId}>`]);
    expect(parsed.messageId).toBe(`<${sent.messageId}>`);
    expect(linked).toEqual([expect.objectContaining({ status: 'linked', threadId })]);
    expect(resync).toMatchObject({ status: 'synced', messages: 1 });
    expect(afterResync.map((o) => o.status)).toEqual(['duplicate']);
    const items = await messageItems(h.rt, spaceId);
    expect(items).toHaveLength(2);
    expect(items.find((m) => m.id === sent.id)).toMatchObject({ threadId, direction: 'outbound', folderRole: 'sent' });
  });
});
