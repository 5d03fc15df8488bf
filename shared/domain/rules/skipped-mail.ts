import type { ParseJob } from '../threads/pipeline-jobs.js';
import { exclusionId, rulesForMailbox } from './evaluate-mail-rules.js';
import { isBlocked } from './mail-privacy.js';
import type { MailRules } from './mail-rules.js';

/**
 * What is kept of a mail the rules did not import: the rule that kept it out (`blocklist:<entry>`,
 * `exclusion:<id>`, `import-policy:only_linkable`) and what the parser needs to read it again from
 * the mail bucket (the raw MIME stays there), with its IMAP origin. No subject, address or text.
 */
export interface SkippedMail {
  readonly reason: string;
  /** The message identity the linker claimed for it. */
  readonly id: string;
  readonly mailboxId: string;
  readonly folderRole: ParseJob['folderRole'];
  readonly rawKey: string;
  readonly sha256: string;
  readonly size: number;
  readonly folder: string;
  readonly uid: number;
  readonly uidValidity?: string;
  readonly date: string;
  readonly skippedAt: string;
}

export interface SkippedMailStore {
  recordSkipped(spaceId: string, mail: SkippedMail): Promise<void>;
  /** The skipped mail of one reason after `after` (an id), in id order. */
  listSkipped(spaceId: string, reason: string, limit: number, after?: string): Promise<SkippedMail[]>;
  /** Forgets a record as it was read (`skippedAt`): one the linker wrote again since stays. */
  forgetSkipped(spaceId: string, mail: Pick<SkippedMail, 'reason' | 'id' | 'skippedAt'>): Promise<void>;
}

/**
 * The reason a skipped mail is filed under: the linker names the blocked address, the record names
 * the blocklist entry that matched it, since removing that entry is what brings the mail back.
 */
export function skipReasonOf(rules: MailRules, reason: string): string {
  if (!reason.startsWith('blocklist:')) return reason;
  const address = reason.slice('blocklist:'.length);
  const entry = rules.blocklist.find((e) => isBlocked([e], address));
  return entry ? `blocklist:${entry}` : reason;
}

const skipExclusionIds = (rules: MailRules): Set<string> => new Set([...rules.exclusions, ...rules.mailboxes.flatMap((m) => m.exclusions)]
  .filter((x) => x.action === 'skip').map(exclusionId));

const skipsUnlinkable = (rules: MailRules): boolean => [undefined, ...rules.mailboxes.map((m) => m.mailboxId)].some((mailboxId) => {
  const r = mailboxId ? rulesForMailbox(rules, mailboxId) : rules;
  return r.importPolicy === 'only_linkable' && r.unlinkableMail === 'skip';
});

/** Every reason these rules keep mail out for. */
function skipReasons(rules: MailRules): string[] {
  return [
    ...rules.blocklist.map((e) => `blocklist:${e}`),
    ...[...skipExclusionIds(rules)].map((id) => `exclusion:${id}`),
    ...(skipsUnlinkable(rules) ? ['import-policy:only_linkable'] : []),
  ];
}

/** Whether the rules still keep mail out for this reason (the import job stops when they do again). */
export const skipReasonInForce = (rules: MailRules, reason: string): boolean => skipReasons(rules).includes(reason);

/** The reasons a save lifted: what `before` kept mail out for and `after` no longer does. */
export const liftedSkipReasons = (before: MailRules, after: MailRules): string[] =>
  skipReasons(before).filter((r) => !skipReasonInForce(after, r));
