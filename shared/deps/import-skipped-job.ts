import type { Actor } from '../domain/audit/audit-entry.js';
import { importSkippedStep } from '../domain/rules/import-skipped.js';
import type { MailRules } from '../domain/rules/mail-rules.js';
import { liftedSkipReasons } from '../domain/rules/skipped-mail.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import type { MailRuntime } from './mail-runtime.js';

type ImportSkippedRecord = Extract<LinkJob, { kind: 'import-skipped' }>;

/** Runs one step of bringing in skipped mail (the link worker's `import-skipped` records). */
export async function runImportSkippedStep(rt: Pick<MailRuntime, 'skipped' | 'rules' | 'parseQueue' | 'linkQueue' | 'log'>, job: ImportSkippedRecord): Promise<void> {
  const queued = await importSkippedStep({
    skipped: rt.skipped, rules: rt.rules, parse: (p) => rt.parseQueue.send(p),
    continueJob: ({ spaceId, reason, after }) => rt.linkQueue.send({ v: 1, kind: 'import-skipped', correlationId: job.correlationId, spaceId, reason, after }),
  }, { spaceId: job.spaceId, reason: job.reason, correlationId: job.correlationId, ...(job.after ? { after: job.after } : {}) });
  rt.log.info('skipped mail queued for import', { spaceId: job.spaceId, mails: queued, correlationId: job.correlationId });
}

/** After a mail-rules save: one `import-skipped` job per blocklist entry or skip rule the save removed. */
export async function startImportSkipped(linkQueue: { send(job: LinkJob): Promise<void> }, actor: Actor, before: MailRules, after: MailRules): Promise<string[]> {
  const lifted = liftedSkipReasons(before, after);
  const correlationId = actor.requestId.slice(0, 128) || 'import-skipped';
  await Promise.all(lifted.map((reason) => linkQueue.send({ v: 1, kind: 'import-skipped', correlationId, spaceId: actor.spaceId, reason })));
  return lifted;
}
