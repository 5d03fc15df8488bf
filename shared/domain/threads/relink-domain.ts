import { emailDomain } from '../mail/match-addresses.js';
import type { LinkJob } from './pipeline-jobs.js';
import type { Page, ThreadSummary } from './ports.js';

export interface RelinkDomainDeps {
  readonly threads: { listThreads(spaceId: string, limit: number, startKey?: Record<string, unknown>): Promise<Page<ThreadSummary>> };
  /** Relinks every message an address appeared on (relink-address.ts); idempotent. */
  readonly relinkAddress: (input: { spaceId: string; address: string; correlationId: string }) => Promise<number>;
  readonly linkQueue: { send(job: LinkJob): Promise<void> };
}

/** Threads read per step; the walk goes on in the next SQS message. */
export const RELINK_DOMAIN_PAGE = 100;

/**
 * One step of giving a company its domain's past mail (after the company is created or gains the
 * domain): reads a page of the Space's threads newest first, relinks the history of each participant
 * on the domain through the address index, and queues the next page. Idempotent: relinking an
 * address twice links nothing more, so a redelivered step costs reads only.
 */
export async function relinkDomainStep(deps: RelinkDomainDeps, job: Extract<LinkJob, { kind: 'relink-domain' }>): Promise<number> {
  const page = await deps.threads.listThreads(job.spaceId, RELINK_DOMAIN_PAGE, job.cursor ? JSON.parse(job.cursor) as Record<string, unknown> : undefined);
  const addresses = new Set(page.items.flatMap((t) => t.participants.map((p) => p.toLowerCase()).filter((p) => emailDomain(p) === job.domain)));
  let relinked = 0;
  for (const address of addresses) relinked += await deps.relinkAddress({ spaceId: job.spaceId, address, correlationId: job.correlationId });
  if (page.lastKey) await deps.linkQueue.send({ ...job, cursor: JSON.stringify(page.lastKey) });
  return relinked;
}
