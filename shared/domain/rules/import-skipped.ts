import type { ParseJob } from '../threads/pipeline-jobs.js';
import type { MailRules } from './mail-rules.js';
import { skipReasonInForce, type SkippedMailStore } from './skipped-mail.js';

export interface ImportSkippedDeps {
  readonly skipped: SkippedMailStore;
  readonly rules: { getMailRules(spaceId: string): Promise<{ readonly rules: MailRules }> };
  /** The parser's queue: the mail goes the way it went when it arrived (parse, then link). */
  readonly parse: (job: ParseJob) => Promise<void>;
  readonly continueJob: (job: { spaceId: string; reason: string; after: string }) => Promise<void>;
}

/** Skipped mails read again per step. */
export const IMPORT_SKIPPED_PAGE = 50;

/**
 * One step of bringing in the mail a removed blocklist entry or rule kept out: each recorded mail
 * of the reason is queued for the parser as if it had just been fetched, then its record is
 * forgotten. The linker judges it with the rules of now, so mail another rule still keeps out is
 * recorded again under that rule, and mail already imported (another folder, a second run) is a
 * duplicate of its identity and changes nothing. Stops when the rules keep mail out for the reason
 * again (the entry came back), so a re-added entry does not loop.
 */
export async function importSkippedStep(deps: ImportSkippedDeps, input: { spaceId: string; reason: string; correlationId: string; after?: string }): Promise<number> {
  const { spaceId, reason } = input;
  if (skipReasonInForce((await deps.rules.getMailRules(spaceId)).rules, reason)) return 0;
  const page = await deps.skipped.listSkipped(spaceId, reason, IMPORT_SKIPPED_PAGE, input.after);
  for (const mail of page) {
    await deps.parse({
      v: 1, correlationId: input.correlationId, spaceId, mailboxId: mail.mailboxId, folderRole: mail.folderRole, rawKey: mail.rawKey,
      sha256: mail.sha256, size: mail.size, uid: mail.uid, folder: mail.folder, ...(mail.uidValidity ? { uidValidity: mail.uidValidity } : {}),
    });
    await deps.skipped.forgetSkipped(spaceId, mail);
  }
  if (page.length === IMPORT_SKIPPED_PAGE) await deps.continueJob({ spaceId, reason, after: page.at(-1)!.id });
  return page.length;
}
