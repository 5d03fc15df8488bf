import type { LinkJob } from './pipeline-jobs.js';

/**
 * Asks the linker to give new contact addresses their past mail. Call it after a contact is created
 * or gets a new email (contacts API): one small `relink-address` job per address on the link queue.
 * @example await requestRelink(createSqsQueue(requireEnv('linkQueueUrl')), { spaceId, addresses: [email], correlationId })
 */
export async function requestRelink(
  linkQueue: { send(job: LinkJob): Promise<void> },
  input: { spaceId: string; addresses: readonly string[]; correlationId: string },
): Promise<void> {
  const unique = [...new Set(input.addresses.map((a) => a.trim().toLowerCase()).filter((a) => a.includes('@')))];
  await Promise.all(unique.map((address) => linkQueue.send({
    v: 1, kind: 'relink-address', correlationId: input.correlationId.slice(0, 128), spaceId: input.spaceId, address,
  })));
}
