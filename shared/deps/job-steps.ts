import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import { relinkAddress } from '../domain/threads/relink-address.js';
import { runBlocklistStep } from './blocklist-job.js';
import { runRelinkDomainStep } from './domain-relink-job.js';
import { runImportSkippedStep } from './import-skipped-job.js';
import { runInboxMigrationStep } from './inbox-migration-job.js';
import type { MailRuntime } from './mail-runtime.js';
import { runReapplyStep } from './reapply-job.js';

/** Every link-queue job that is not one mail to link: a step of a job over stored mail. */
export type StepJob = Exclude<LinkJob, { kind: 'link' }>;
type StepOf<K extends StepJob['kind']> = (rt: MailRuntime, job: Extract<StepJob, { kind: K }>) => Promise<unknown>;

/** What runs each kind of step: one table, read by the link function and the test harness alike. */
export const JOB_STEPS: { readonly [K in StepJob['kind']]: StepOf<K> } = {
  'apply-blocklist': (rt, job) => runBlocklistStep(rt.table, rt.linkQueue, job),
  'relink-domain': (rt, job) => runRelinkDomainStep(rt, job),
  'reapply-rules': (rt, job) => runReapplyStep(rt, job),
  'migrate-inbox': (rt, job) => runInboxMigrationStep(rt.table, rt.linkQueue, job, { now: rt.now, log: rt.log }),
  'import-skipped': (rt, job) => runImportSkippedStep(rt, job),
  'relink-address': (rt, job) => relinkAddress(rt, { spaceId: job.spaceId, address: job.address, correlationId: job.correlationId }),
};

/** Runs one step job with the step its kind names in JOB_STEPS. */
export const runJobStep = (rt: MailRuntime, job: StepJob): Promise<unknown> => (JOB_STEPS[job.kind] as StepOf<StepJob['kind']>)(rt, job as never);
