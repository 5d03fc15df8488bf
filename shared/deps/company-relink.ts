import { createHash } from 'node:crypto';
import { createSqsQueue, type Queue } from '../adapters/queue/sqs-queue.js';
import { once, requireEnv } from '../config/config.js';
import type { Actor } from '../domain/audit/audit-entry.js';
import type { Company } from '../domain/companies/company.js';
import { isFreeMailDomain } from '../domain/mail/free-mail-domains.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import { log, type Log } from '../observability/logger.js';

const linkQueue = once((): Queue<LinkJob> => createSqsQueue<LinkJob>(requireEnv('linkQueueUrl')));

/** One job per company, domain and company version: a retried request names the same job, so it is audited once. */
const jobIdOf = (c: Company, domain: string) => createHash('sha256').update(`${c.id}\n${domain}\n${c.version}`).digest('hex').slice(0, 32);

/**
 * Asks the linker to give a company the past mail of the domains it gained (create, PATCH that adds
 * domains, restore): one `relink-domain` job per new domain (relink-domain.ts). `before` is the
 * domain list before the change. Like the contact relink, a failure to enqueue is logged, never
 * thrown: the company write is committed, and the job is a repair (mail linked from now on is linked).
 */
export async function relinkNewDomains(
  input: { before: readonly string[]; after: Company; actor: Actor; at: string },
  queue?: Queue<LinkJob>,
  errors: Pick<Log, 'error'> = log,
): Promise<void> {
  const known = new Set(input.before.map((d) => d.toLowerCase()));
  const domains = input.after.domains.map((d) => d.toLowerCase()).filter((d) => !known.has(d) && !isFreeMailDomain(d));
  if (domains.length === 0) return;
  const correlationId = input.actor.requestId.slice(0, 128) || 'company-relink';
  try {
    await Promise.all(domains.map((domain) => (queue ?? linkQueue()).send({
      v: 1, kind: 'relink-domain', correlationId, spaceId: input.after.spaceId, jobId: jobIdOf(input.after, domain), companyId: input.after.id,
      domain, userId: input.actor.userId, requestId: input.actor.requestId.slice(0, 128), startedAt: input.at, scanned: 0, messages: 0,
    })));
  } catch (error) {
    errors.error('company relink request failed', { spaceId: input.after.spaceId, companyId: input.after.id, domains: domains.length, error: error as Error });
  }
}
