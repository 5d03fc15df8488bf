import type { AuditEntry } from '../audit/audit-entry.js';
import { emailDomain } from '../mail/match-addresses.js';
import type { HidableThread } from '../rules/apply-blocklist.js';
import { relinkMessage, type RelinkMessageDeps } from './relink-message.js';

/** One step of a company-domain relink, as the link queue carries it: where it is and what it did so far. */
export interface RelinkDomainJob {
  readonly spaceId: string;
  readonly jobId: string;
  readonly companyId: string;
  readonly domain: string;
  readonly userId: string;
  readonly requestId: string;
  /** When the company gained the domain: the audit row's time, so a repeated last step writes the same row. */
  readonly startedAt: string;
  /** The serialized start key of the next page of threads; absent on the first step. */
  readonly cursor?: string;
  readonly scanned: number;
  readonly messages: number;
}

export interface RelinkDomainDeps extends RelinkMessageDeps {
  readonly threads: { pageThreads(spaceId: string, limit: number, startKey?: Record<string, unknown>): Promise<{ items: HidableThread[]; lastKey?: Record<string, unknown> }> };
  /** True when the linker put this mail in the address's index, i.e. it was linkable (a `no_link` rule keeps mail out). */
  readonly addressIndex: { hasAddressMessage(spaceId: string, address: string, date: string, messageId: string): Promise<boolean> };
  readonly companyOfDomain: (spaceId: string, domain: string) => Promise<string | undefined>;
  /** Addresses that are never customers now: internal domains and staff. */
  readonly notCustomer: (spaceId: string) => Promise<(address: string) => boolean>;
  readonly continueJob: (job: RelinkDomainJob) => Promise<void>;
  /** Writes an audit row; a row with the same id already written is no error. */
  readonly audit: (a: AuditEntry) => Promise<void>;
  readonly now: () => Date;
  /** Threads per step; RELINK_DOMAIN_PAGE unless a test walks in smaller steps. */
  readonly pageSize?: number;
}

/** Threads read per step: one SQS message walks this many, then queues the rest of the walk. */
export const RELINK_DOMAIN_PAGE = 50;

/**
 * One step of the job that gives a company the past mail of a domain it was created with or
 * gained: walks a page of the Space's threads newest first and links each message that has a
 * customer address on exactly that domain, and that the linker could link, to the company with
 * provenance `company_domain` (never one staff unlinked from it: relinkMessage). Then it queues the
 * next page, or writes the job's one audit row on the company (its id is the job's). Stops early,
 * audited as `stopped`, when the domain no longer belongs to the company. Idempotent.
 */
export async function relinkDomainStep(deps: RelinkDomainDeps, job: RelinkDomainJob): Promise<RelinkDomainJob & { done: boolean }> {
  const { spaceId, domain } = job;
  const owner = await deps.companyOfDomain(spaceId, domain);
  if (owner !== job.companyId) return finish(deps, job, 'domain-left-company');
  const notCustomer = await deps.notCustomer(spaceId);
  const onDomain = (a: string) => emailDomain(a) === domain && !notCustomer(a);
  const page = await deps.threads.pageThreads(spaceId, deps.pageSize ?? RELINK_DOMAIN_PAGE, job.cursor ? JSON.parse(job.cursor) as Record<string, unknown> : undefined);
  // Named by the job's start, so a redelivered step counts the mail an attempt that failed after linking it linked.
  const provenance = { kind: 'company_domain' as const, at: job.startedAt };
  const key = `company#${job.companyId}`;
  let messages = 0;
  for (const thread of page.items) {
    if (!thread.participants.some(onDomain)) continue;
    for (const id of thread.messageIds) {
      const m = await deps.messages.findMessage(spaceId, id);
      const addresses = m?.participants.filter(onDomain) ?? [];
      const linkable = m && (await Promise.all(addresses.map((a) => deps.addressIndex.hasAddressMessage(spaceId, a, m.date, m.id)))).some(Boolean);
      if (!linkable) continue;
      const byThisJob = m.linkProvenance?.[key]?.kind === provenance.kind && m.linkProvenance[key]?.at === provenance.at;
      if (byThisJob || (await relinkMessage(deps, spaceId, id, [{ kind: 'company', id: job.companyId, provenance }])) > 0) messages += 1;
    }
  }
  const next: RelinkDomainJob = { ...job, scanned: job.scanned + page.items.length, messages: job.messages + messages };
  if (!page.lastKey) return finish(deps, next);
  const continued = { ...next, cursor: JSON.stringify(page.lastKey) };
  await deps.continueJob(continued);
  return { ...continued, done: false };
}

async function finish(deps: RelinkDomainDeps, job: RelinkDomainJob, stopped?: string): Promise<RelinkDomainJob & { done: boolean }> {
  await deps.audit({
    id: job.jobId, spaceId: job.spaceId, userId: job.userId, requestId: job.requestId, entity: 'company', entityId: job.companyId,
    action: 'mail-relinked', at: job.startedAt,
    details: { domain: job.domain, threadsScanned: job.scanned, messages: job.messages, ...(stopped ? { stopped } : {}) },
  });
  return { ...job, done: true };
}
