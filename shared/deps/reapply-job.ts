import { parseMime } from '../adapters/mime/mailparser-mime.js';
import { QUEUES } from '../config/names.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import type { ParsedBlob } from '../domain/threads/parse-message.js';
import { reapplyRulesStep, type ReapplyRulesDeps } from '../domain/rules/reapply-rules.js';
import { internalDomainsOf, isInternalAddress } from '../domain/rules/rule-step.js';
import { ownAddresses } from '../domain/threads/link-message.js';
import { matchOwners } from '../domain/threads/match-owners.js';
import { replyTagStep } from '../domain/threads/reply-tag-step.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import type { MessageRecord } from '../domain/threads/ports.js';
import { writeAudit } from '../store/audit-store.js';
import { createReapplyJobs, createReapplyThreads } from '../store/reapply-store.js';
import { isConditionFailure } from '../store/transact.js';
import { customerEventRecorder } from './customer-stats.js';
import type { MailRuntime } from './mail-runtime.js';

type ReapplyRecord = Extract<LinkJob, { kind: 'reapply-rules' }>;

/** Body and headers of a stored mail: the parsed blob when the parser stored one, else the raw MIME parsed again. */
const contentOf = (rt: MailRuntime) => async (m: MessageRecord) => {
  const mail = m.parsedKey
    ? (JSON.parse((await rt.blobs.get(m.parsedKey)).toString('utf8')) as ParsedBlob).mail
    : (await parseMime(await rt.blobs.get(m.rawKey), {})).mail;
  return { body: mail.text, headers: mail.headers };
};

/** The re-apply job's ports on the mail runtime (the link function); its next steps go to the link queue. */
export function reapplyJobDeps(rt: MailRuntime, correlationId: string): ReapplyRulesDeps {
  const threads = createReapplyThreads(rt.table);
  return {
    rules: async (spaceId) => (await rt.rules.getMailRules(spaceId)).rules,
    mailboxExists: (spaceId, mailboxId) => rt.mailboxes.getMailbox(spaceId, mailboxId).then(() => true, () => false),
    threads, messages: rt.messages, links: rt.links, directory: rt.directory,
    addressIndex: { removeAddressMessages: threads.removeAddressMessages, putAddressMessages: rt.activities.putAddressMessages },
    content: contentOf(rt),
    // As the linker finds them: the owners of the external, non-internal, non-staff participants,
    // and the order's customer for a reply to our order mail (its In-Reply-To or subject tag; the
    // item keeps no References, so a reply naming the order mail only deeper in them is not found).
    owners: async (spaceId, m) => {
      const [rules, mailbox, staff] = await Promise.all([rt.rules.getMailRules(spaceId), rt.mailboxes.getMailbox(spaceId, m.mailboxId).catch(() => undefined), rt.staff.staffByEmail(spaceId)]);
      const internal = internalDomainsOf(rules.rules, mailbox ? ownAddresses(mailbox) : []);
      const matched = await matchOwners(rt.directory, spaceId, m.participants.filter((a) => !isInternalAddress(a, internal) && !staff.has(a)));
      const mail = { ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}), references: [], subject: m.subject };
      const thread = { threadId: m.threadId, via: 'reference' as const, rootMessageId: m.messageId };
      return (await replyTagStep(rt.replyTags, { spaceId, settings: rules.rules.replyTags, mail, thread }, matched)).matched;
    },
    jobs: createReapplyJobs(rt.table),
    record: customerEventRecorder(rt.table),
    audit: (a) => writeAudit(rt.table, a).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; }),
    continueJob: ({ spaceId, jobId, cursor }) => rt.linkQueue.send({ v: 1, kind: 'reapply-rules', correlationId, spaceId, jobId, cursor }),
    stepDeliveries: QUEUES.link.maxReceiveCount,
    now: systemRuntime.now,
    newId: systemRuntime.newId,
  };
}

/** Runs one step of a re-apply job (the link worker's `reapply-rules` records). */
export async function runReapplyStep(rt: MailRuntime, record: ReapplyRecord): Promise<void> {
  const job = await reapplyRulesStep(reapplyJobDeps(rt, record.correlationId), { spaceId: record.spaceId, jobId: record.jobId, ...(record.cursor ? { cursor: record.cursor } : {}) });
  if (job && (job.status === 'done' || job.status === 'failed')) {
    rt.log.info('mail rules re-applied', { spaceId: job.spaceId, jobId: job.jobId, status: job.status, scanned: job.scanned, correlationId: record.correlationId });
  }
}
