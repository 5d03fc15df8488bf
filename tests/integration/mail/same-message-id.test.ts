import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMime } from '../../../shared/adapters/mime/mailparser-mime.js';
import { parseMessage } from '../../../shared/domain/threads/parse-message.js';
import type { LinkJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aLambdaContext } from '../../support/events.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

const PAIRS = 20;
const BATCH = 10;
const JANE = 'jane.doe@northwind.example';
const user = { user: 'pairs', password: 'pw-pairs' };
let dovecot: DovecotServer;

beforeAll(async () => { dovecot = await startDovecot({ users: [user] }); });
afterAll(async () => { await dovecot?.stop(); });

/** SQS batches of 10 in UID order, so both mails of a pair sit in one batch (the worker runs 4 records at a time). */
const batchesOf = (jobs: readonly LinkJob[]): SQSEvent[] => {
  const events: SQSEvent[] = [];
  for (let i = 0; i < jobs.length; i += BATCH) {
    events.push({ Records: jobs.slice(i, i + BATCH).map((job, n) => ({
      messageId: `link-${i + n}-${ulid()}`, body: JSON.stringify(job), attributes: { ApproximateReceiveCount: '1' },
    }) as unknown as SQSRecord) });
  }
  return events;
};

describe('two different mails under one Message-ID linked at the same time', () => {
  it('stores all 40 mails of 20 same-ID pairs once, each with its own content, and a resync adds 0', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const jane = await h.addContact('Jane Doe', [JANE]);
    const mails = Array.from({ length: PAIRS }, (_, i) => {
      const id = `pair-${i}-${ulid()}`;
      return [aMail({ id, subject: `pair ${i} first`, body: `First body of pair ${i}.` }), aMail({ id, subject: `pair ${i} second`, body: `Second body of pair ${i}.` })];
    }).flat();
    await dovecot.appendMessages(user.user, 'INBOX', mails);
    const mailbox = await h.connect(dovecot, user, [{ path: 'INBOX', role: 'inbox' }]);
    const { handler } = await import('../../../functions/link-message.js');
    const syncAndLink = async () => {
      const synced = await h.sync(mailbox.id);
      // Parsed in UID order, so the link jobs keep both mails of a pair next to each other.
      for (const job of h.parseQueue.sent.splice(0)) await parseMessage({ blobs: h.rt.blobs, parse: parseMime, linkQueue: h.linkQueue, problems: h.rt.problems, now: h.rt.now }, job);
      const jobs = h.linkQueue.sent.splice(0);
      const failures = [];
      for (const event of batchesOf(jobs)) failures.push(...(await handler(event, aLambdaContext())).batchItemFailures);
      return { synced, linkJobs: jobs.length, failures };
    };

    const first = await syncAndLink();
    const afterFirst = await messageItems(h.rt, spaceId);
    await dovecot.doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '5151', 'INBOX']);
    const resync = await syncAndLink();
    const afterResync = await messageItems(h.rt, spaceId);

    console.log(`same-ID pairs: ${PAIRS}; message items after sync ${afterFirst.length}, after resync ${afterResync.length} (new: ${afterResync.length - afterFirst.length})`);
    expect(first).toMatchObject({ synced: { status: 'synced', messages: 2 * PAIRS }, linkJobs: 2 * PAIRS, failures: [] });
    expect(resync).toMatchObject({ synced: { status: 'synced', messages: 2 * PAIRS }, linkJobs: 2 * PAIRS, failures: [] });
    expect(new Set(afterFirst.map((m) => m.subject)).size).toBe(2 * PAIRS);
    expect(afterResync).toHaveLength(2 * PAIRS);
    // Nothing written for one mail may carry the other's content: thread lists and Jane's timeline.
    const bySubject = new Map(afterResync.map((m) => [String(m.subject), String(m.id)]));
    const timeline = await h.rt.activities.listActivity(spaceId, { kind: 'contact', id: jane }, 100);
    expect(timeline.items.map((a) => [a.subject, a.messageId]).sort()).toEqual([...bySubject].sort());
    const threadIds = [...new Set(afterResync.map((m) => String(m.threadId)))];
    const members = (await Promise.all(threadIds.map((t) => h.rt.messages.listThreadMessages(spaceId, t)))).flat();
    expect(members.map((m) => [m.subject, m.id]).sort()).toEqual([...bySubject].sort());
    const threads = await Promise.all(threadIds.map((t) => h.rt.threads.getThread(spaceId, t)));
    expect(threads.map((t) => t?.messageCount)).toEqual(threadIds.map(() => 2));
  }, 120_000);
});
