import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LinkJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { MAX_RECEIVES, poisonScene } from './poison-harness.js';

let scene: Awaited<ReturnType<typeof poisonScene>> | undefined;
afterAll(async () => { await scene?.stop(); });

describe('a poison mail through the real parse worker and queue pollers', () => {
  it('parses the nine good mails exactly once and moves the poison one to the DLQ after five receives', async () => {
    scene = await poisonScene(`poison-${crypto.randomUUID().slice(0, 8)}`);
    const { sqs, parse, link, dlq, jobs, received, poisonKey } = scene;
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: parse.url, Entries: jobs.map((j, i) => ({ Id: String(i), MessageBody: JSON.stringify(j) })) }));

    await scene.run();
    // The parser sends its link jobs in envelopes (several mails to a queue message).
    const linkJobs = (await scene.drainJobs(link.url)) as (LinkJob & { rawKey: string })[];

    expect(received.get(poisonKey)).toBe(MAX_RECEIVES);
    expect(jobs.filter((j) => j.rawKey !== poisonKey).map((j) => received.get(j.rawKey))).toEqual(Array(9).fill(1));
    expect(linkJobs).toHaveLength(9);
    expect(new Set(linkJobs.map((j) => j.rawKey)).size).toBe(9);
    expect(linkJobs.map((j) => j.rawKey)).not.toContain(poisonKey);
    expect(await scene.depth(dlq.url)).toBe(1);
  }, 60_000);
});
