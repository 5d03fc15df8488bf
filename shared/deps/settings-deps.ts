import { createSqsQueue, type Queue } from '../adapters/queue/sqs-queue.js';
import { once, requireEnv } from '../config/config.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import { log } from '../observability/logger.js';
import { createAuditStore } from '../store/audit-store.js';
import { defaultTable, type TableRef } from '../store/dynamo.js';
import { createSettingsStore, type SettingsStore } from '../store/settings-store.js';
import { createStaffStore } from '../store/staff-store.js';
import { startBlocklistJob } from './blocklist-job.js';
import { startImportSkipped } from './import-skipped-job.js';

const linkQueue = once((): Queue<LinkJob> => createSqsQueue<LinkJob>(requireEnv('linkQueueUrl')));

/**
 * Mail-rules saves that start the blocklist job when the list changed, so already-imported mail of
 * a new entry is soft-deleted (and of a removed one shown again), and bring in the mail that a removed
 * blocklist entry or skip rule kept out (import-skipped.ts). A failure to queue the job is
 * logged, not thrown: the save is committed, and the next save that changes the list walks every
 * thread again against the whole list, so it also does what the lost job would have done.
 */
export function blocklistApplyingSettings(t: TableRef = defaultTable(), queue: () => Queue<LinkJob> = linkQueue): SettingsStore {
  const store = createSettingsStore(t);
  return {
    ...store,
    async putMailRules(actor, rules, expectedVersion) {
      const before = (await store.getMailRules(actor.spaceId)).rules;
      const saved = await store.putMailRules(actor, rules, expectedVersion);
      try {
        await startBlocklistJob(t, queue(), { actor, jobId: actor.auditId, at: actor.at, before: before.blocklist, after: saved.rules.blocklist });
      } catch (error) {
        log.error('blocklist job not started', { spaceId: actor.spaceId, jobId: actor.auditId, error: error as Error });
      }
      try {
        const lifted = await startImportSkipped(queue(), actor, before, saved.rules);
        if (lifted.length > 0) log.info('skipped mail import started', { spaceId: actor.spaceId, reasons: lifted.length });
      } catch (error) {
        log.error('skipped mail import not started', { spaceId: actor.spaceId, jobId: actor.auditId, error: error as Error });
      }
      return saved;
    },
  };
}

export const auditTrail = once(() => createAuditStore());
export const staffList = once(() => createStaffStore());
export const spaceSettings = once(() => blocklistApplyingSettings());
