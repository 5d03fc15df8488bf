import { systemRuntime } from '../domain/audit/system-runtime.js';
import { internalDomainsOf, isInternalAddress } from '../domain/rules/rule-step.js';
import { ownAddresses } from '../domain/threads/link-message.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import { relinkDomainStep, type RelinkDomainDeps } from '../domain/threads/relink-domain.js';
import { createActivityStore } from '../store/activity-store.js';
import { writeAudit } from '../store/audit-store.js';
import { createThreadHiding } from '../store/thread-hiding.js';
import { isConditionFailure } from '../store/transact.js';
import type { MailRuntime } from './mail-runtime.js';

type RelinkDomainRecord = Extract<LinkJob, { kind: 'relink-domain' }>;

/** A company-domain relink's ports on the mail runtime; its next steps go to the link queue. */
export function relinkDomainDeps(rt: MailRuntime, correlationId: string): RelinkDomainDeps {
  return {
    messages: rt.messages, links: rt.links, directory: rt.directory,
    threads: createThreadHiding(rt.table),
    addressIndex: createActivityStore(rt.table),
    companyOfDomain: (spaceId, domain) => rt.directory.findCompanyIdByDomain(spaceId, domain),
    notCustomer: async (spaceId) => {
      const [rules, mailboxes, staff] = await Promise.all([rt.rules.getMailRules(spaceId), rt.mailboxes.listMailboxes(spaceId), rt.staff.staffByEmail(spaceId)]);
      const internal = internalDomainsOf(rules.rules, mailboxes.flatMap(ownAddresses));
      return (address) => isInternalAddress(address, internal) || staff.has(address);
    },
    continueJob: ({ cursor, ...job }) => rt.linkQueue.send({ v: 1, kind: 'relink-domain', correlationId, ...job, ...(cursor ? { cursor } : {}) }),
    audit: (a) => writeAudit(rt.table, a).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; }),
    now: systemRuntime.now,
  };
}

/** Runs one step of a company-domain relink (the link worker's `relink-domain` records). */
export async function runRelinkDomainStep(rt: MailRuntime, record: RelinkDomainRecord): Promise<void> {
  const { v: _v, kind: _k, correlationId, ...job } = record;
  const done = await relinkDomainStep(relinkDomainDeps(rt, correlationId), job);
  if (done.done) rt.log.info('company domain relinked', { spaceId: job.spaceId, companyId: job.companyId, messages: done.messages, threads: done.scanned, correlationId });
}
