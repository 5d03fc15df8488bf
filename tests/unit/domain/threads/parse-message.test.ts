import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryBlobs } from '../../../../shared/adapters/blobs/memory-blobs.js';
import { parseMime } from '../../../../shared/adapters/mime/mailparser-mime.js';
import { createMemoryQueue } from '../../../../shared/adapters/queue/sqs-queue.js';
import { messageIdentity } from '../../../../shared/domain/mail/message-identity.js';
import { problemIdOf } from '../../../../shared/domain/mailbox/mailbox-problem.js';
import { parseMessage } from '../../../../shared/domain/threads/parse-message.js';
import type { LinkJob, ParseJob } from '../../../../shared/domain/threads/pipeline-jobs.js';
import { partBomb } from '../../../fixtures/mail/malformed-builders.js';
import { memoryProblems, SPACE } from './sync-fixtures.js';

function world() {
  const blobs = createMemoryBlobs();
  const linkQueue = createMemoryQueue<LinkJob>();
  const problems = memoryProblems();
  const quarantined = new Set<string>();
  const deps = {
    blobs, parse: parseMime, linkQueue, now: () => new Date(),
    problems: { ...problems, deleteQuarantinedMessage: async (_s: string, id: string) => quarantined.delete(id) },
  };
  const jobFor = async (raw: Buffer, over: Partial<ParseJob> = {}): Promise<ParseJob> => {
    const sha256 = createHash('sha256').update(raw).digest('hex');
    await blobs.put(`raw/${sha256}`, raw);
    return { v: 1, correlationId: 'c', spaceId: SPACE, mailboxId: 'mb-1', folderRole: 'inbox', rawKey: `raw/${sha256}`, sha256, size: raw.length, uid: 7, ...over };
  };
  return { deps, problems, quarantined, linkQueue, jobFor };
}

const plain = Buffer.from('From: a@x.example\r\nSubject: Hi\r\nMessage-ID: <ok-1@x.example>\r\n\r\nHello\r\n');

describe('parseMessage and problems', () => {
  it('reports an unparsable mail as a problem of its mailbox and still links it headers-only', async () => {
    const w = world();

    await parseMessage(w.deps, await w.jobFor(partBomb(1_001)));
    const [problem] = w.problems.items.values();

    expect(problem).toMatchObject({ kind: 'unparsable', uid: 7, subject: 'Part bomb 1001', messageId: 'malformed@mail.northwind.example', attempts: 1 });
    expect(problem?.reason).toMatch(/^EMAXLEN/);
    expect(w.linkQueue.sent).toHaveLength(1);
  });

  it('keeps the headers of mail above the cap with the sync\'s reason, and no unparsable problem', async () => {
    const w = world();
    const headers = Buffer.from('From: a@x.example\r\nSubject: Drawings\r\nMessage-ID: <big-1@x.example>\r\n\r\n');

    await parseMessage(w.deps, await w.jobFor(headers, { tooLargeSize: 52 * 1024 * 1024 }));
    const parsed = JSON.parse((await w.deps.blobs.get(`space/${SPACE}/mailbox/mb-1/parsed/${createHash('sha256').update(headers).digest('hex')}.json`)).toString());

    expect(parsed.mail).toMatchObject({ parseStatus: 'unparsed', subject: 'Drawings', parseError: 'too large: 52.0 MB; only the headers were imported' });
    expect(w.problems.items.size).toBe(0);
  });

  it('replaces the headers-only copy and resolves the problem when a retry now parses', async () => {
    const w = world();
    const job = await w.jobFor(plain, { retry: true });
    w.quarantined.add(messageIdentity(SPACE, { messageId: 'ok-1@x.example' }));
    await w.problems.recordProblem(SPACE, 'mb-1', { id: problemIdOf('unparsable', job.sha256), kind: 'unparsable', reason: 'EMAXLEN' }, 'then');

    await parseMessage(w.deps, job);

    expect(w.quarantined.size).toBe(0);
    expect(w.problems.items.size).toBe(0);
    expect(w.linkQueue.sent).toHaveLength(1);
  });

  it('counts one more attempt and links nothing again when a retry still cannot parse', async () => {
    const w = world();
    const job = await w.jobFor(partBomb(1_001));
    await parseMessage(w.deps, job);

    await parseMessage(w.deps, { ...job, retry: true });

    expect([...w.problems.items.values()].map((p) => p.attempts)).toEqual([2]);
    expect(w.linkQueue.sent).toHaveLength(1);
  });
});
