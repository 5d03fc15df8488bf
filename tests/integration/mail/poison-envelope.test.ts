import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LinkJob, ParseJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { MAX_RECEIVES, poisonScene } from './poison-harness.js';

let scene: Awaited<ReturnType<typeof poisonScene>> | undefined;
afterAll(async () => { await scene?.stop(); });

describe('a poison mail inside an envelope of ten, through the real parse worker and queue pollers', () => {
  it('parses the nine good mails exactly once, requeues the poison alone and moves only it to the DLQ', async () => {
    scene = await poisonScene(`poison-env-${crypto.randomUUID().slice(0, 8)}`);
    const { sqs, parse, link, dlq, jobs, received, poisonKey } = scene;
    await sqs.send(new SendMessageCommand({ QueueUrl: parse.url, MessageBody: JSON.stringify({ v: 1, jobs }) }));

    await scene.run();
    const linkJobs = (await scene.drainJobs(link.url)) as (LinkJob & { rawKey: string })[];
    const dead = await scene.drainJobs(dlq.url) as ParseJob[];

    console.log(`poison received ${received.get(poisonKey)} times (once in the envelope of ten, then ${MAX_RECEIVES} alone); good mails once each; link jobs ${linkJobs.length}`);
    expect(received.get(poisonKey)).toBe(1 + MAX_RECEIVES);
    expect(jobs.filter((j) => j.rawKey !== poisonKey).map((j) => received.get(j.rawKey))).toEqual(Array(9).fill(1));
    expect(linkJobs).toHaveLength(9);
    expect(new Set(linkJobs.map((j) => j.rawKey)).size).toBe(9);
    expect(linkJobs.map((j) => j.rawKey)).not.toContain(poisonKey);
    expect(dead.map((j) => j.rawKey)).toEqual([poisonKey]);
  }, 90_000);
});
