import { describe, expect, it } from 'vitest';
import { createMemoryQueue } from '../../../../shared/adapters/queue/sqs-queue.js';
import { toActivityView } from '../../../../shared/domain/threads/activity-views.js';
import { linkJob, type LinkJob } from '../../../../shared/domain/threads/pipeline-jobs.js';
import { requestRelink } from '../../../../shared/domain/threads/request-relink.js';

describe('requestRelink', () => {
  it('sends one valid relink job per distinct address, lowercased', async () => {
    const queue = createMemoryQueue<LinkJob>();

    await requestRelink(queue, { spaceId: 's1', addresses: ['Kim@Later.example', 'kim@later.example', 'not-an-address'], correlationId: 'c1' });

    expect(queue.sent).toEqual([{ v: 1, kind: 'relink-address', correlationId: 'c1', spaceId: 's1', address: 'kim@later.example' }]);
    expect(linkJob.safeParse(queue.sent[0]).success).toBe(true);
  });
});

describe('toActivityView', () => {
  const entry = { messageId: 'm', threadId: 't', subject: 'Order', date: '2026-01-01T00:00:00.000Z', sender: { address: 'a@b.example' }, snippet: 'hi', direction: 'inbound' as const };

  it('marks inbound customer mail convertible', () => {
    expect(toActivityView(entry)).toMatchObject({ convertible: true, orderId: null });
  });

  it('marks auto-replies, outbound mail and converted mail not convertible', () => {
    expect(toActivityView({ ...entry, automated: 'auto-reply' }).convertible).toBe(false);
    expect(toActivityView({ ...entry, direction: 'outbound' }).convertible).toBe(false);
    expect(toActivityView({ ...entry, orderId: 'o1' })).toMatchObject({ convertible: false, orderId: 'o1' });
  });

  it('names the automated kind in snake_case like every enum of the API', () => {
    expect(toActivityView({ ...entry, automated: 'auto-reply' }).automated).toBe('auto_reply');
    expect(toActivityView({ ...entry, automated: 'bounce' }).automated).toBe('bounce');
    expect(toActivityView(entry).automated).toBeNull();
  });
});
