import type { Log } from '../../observability/logger.js';
import type { CaptureFromMailDeps } from '../contacts/capture-from-mail.js';
import { capUtf8 } from '../mail/clean-text.js';
import { detectDirection } from '../mail/detect-direction.js';
import { normalizeEmail, participantsOf } from '../mail/match-addresses.js';
import { collidingMessageIdentity, messageIdentity } from '../mail/message-identity.js';
import { isReplySubject, subjectKey } from '../mail/normalize-subject.js';
import { resolveThread, type ThreadBySubject } from '../mail/resolve-thread.js';
import type { MailboxRecord, MailboxRepo } from '../mailbox/mailbox-record.js';
import type { MailRules } from '../rules/mail-rules.js';
import { decideMail, internalDomainsOf, isInternalAddress } from '../rules/rule-step.js';
import { skipReasonOf, type SkippedMailStore } from '../rules/skipped-mail.js';
import { addToLiveThread } from './add-to-live-thread.js';
import { bounceStep, type BounceDeps } from './bounce-step.js';
import { captureStep } from './capture-step.js';
import { applyHeldBounces, type HeldBounce } from './held-bounces.js';
import { linkKey, type LinkProvenance } from './link-provenance.js';
import { matchOwners } from './match-owners.js';
import { replyTagStep } from './reply-tag-step.js';
import type { ReplyTagDeps } from './reply-tag-owner.js';
import { SUMMARY_TEXT_BYTES, type ParsedBlob, type ParsedSummary } from './parse-message.js';
import type { LinkJob } from './pipeline-jobs.js';
import type { ActivityEntry, Blobs, ContactDirectory, MessageRecord, ThreadContribution } from './ports.js';
import { MessageDeletedError, MessageExistsError } from './thread-errors.js';

export interface LinkMessageDeps {
  readonly blobs: Blobs;
  readonly mailboxes: Pick<MailboxRepo, 'getMailbox'>;
  readonly messages: {
    findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined>;
    threadIdsOf(spaceId: string, ids: readonly string[]): Promise<Map<string, string>>;
    /**
     * The content hash holding the identity once this call returns (ours when we took it), claimed
     * as of `at`, and the bounces held on it.
     * @throws MessageDeletedError, MessageLinkingError (another linker of this mail holds the claim)
     */
    claimIdentity(spaceId: string, id: string, contentSha256: string, at: string): Promise<{ holder: string; heldBounces: readonly HeldBounce[] }>;
    /** @throws MessageExistsError */
    createMessage(record: MessageRecord): Promise<void>;
  };
  readonly threads: {
    addToThread(spaceId: string, threadId: string, c: ThreadContribution): Promise<void>;
    findThreadsBySubject(spaceId: string, subjectKey: string): Promise<ThreadBySubject[]>;
  };
  readonly activities: {
    putActivities(spaceId: string, owners: readonly { kind: 'contact' | 'company'; id: string; provenance?: LinkProvenance }[], entry: ActivityEntry): Promise<void>;
    putAddressMessages(spaceId: string, addresses: readonly string[], date: string, messageId: string): Promise<void>;
  };
  readonly directory: ContactDirectory;
  /** The Space's mail rules (defaults when it saved none). */
  readonly rules: { getMailRules(spaceId: string): Promise<{ readonly rules: MailRules }> };
  /** Staff user ids by normalized email: staff on a mail are its participants, never its customers. */
  readonly staff: { staffByEmail(spaceId: string): Promise<ReadonlyMap<string, string>> };
  /** Creates or proposes the contacts the capture policy makes of unknown people. */
  readonly capture: CaptureFromMailDeps;
  /** Marks addresses that bounced permanently on their contacts; flags orders whose mail bounced. */
  readonly bounces: BounceDeps;
  /** Finds the order a reply to our order mail answers (reply token or subject tag). */
  readonly replyTags: ReplyTagDeps;
  /** Keeps a record of mail the rules did not import, so removing the rule brings it in. */
  readonly skipped: Pick<SkippedMailStore, 'recordSkipped'>;
  readonly log: Log;
  readonly now: () => Date;
}

export type LinkOutcome =
  | { readonly status: 'linked'; readonly id: string; readonly threadId: string }
  | { readonly status: 'duplicate'; readonly id: string }
  | { readonly status: 'skipped'; readonly reason: 'mailbox-deleted' | 'deleted' }
  | { readonly status: 'skipped'; readonly reason: 'rule'; readonly rules: readonly string[] };

type MailLink = Extract<LinkJob, { kind: 'link' }>;
const MAX_PARENT_LOOKUPS = 20;
/** D5: the item keeps the first recipients and 512 bytes of text (write units); the parsed blob in S3 keeps all. */
const ITEM_RECIPIENTS = 200;
const ITEM_TEXT_BYTES = SUMMARY_TEXT_BYTES;

/**
 * Linker step: identity (dedupe across folders, resets and redrives), direction, thread, contacts
 * and companies, activity entries, thread summary, then the message item itself, written last so
 * its existence means "fully linked"; every earlier write is idempotent, so a retry completes it.
 */
export async function linkMessage(deps: LinkMessageDeps, job: MailLink): Promise<LinkOutcome> {
  const { spaceId } = job;
  const blob: ParsedSummary = job.parsed ?? JSON.parse((await deps.blobs.get(job.parsedKey!)).toString('utf8')) as ParsedBlob;
  const mailbox = await deps.mailboxes.getMailbox(spaceId, job.mailboxId).catch(() => undefined);
  if (!mailbox) return { status: 'skipped', reason: 'mailbox-deleted' };

  const identity = await chooseIdentity(deps, spaceId, blob.mail).catch((error: unknown) => {
    if (error instanceof MessageDeletedError) return { status: 'deleted' as const };
    throw error;
  });
  if (identity.status === 'deleted') {
    deps.log.info('message deleted by staff not imported again', { spaceId, correlationId: job.correlationId });
    return { status: 'skipped', reason: 'deleted' };
  }
  if (identity.status === 'duplicate') return { status: 'duplicate', id: identity.id };
  const { rules } = await deps.rules.getMailRules(spaceId);
  const linkAs = (id: string, held: readonly HeldBounce[] = []) => linkUnderRules(deps, job, blob, mailbox, rules, id, held);
  const outcome = await linkAs(identity.id, identity.heldBounces);
  if (outcome.status !== 'taken') return outcome;
  // A concurrent linker stored the id first: the same rule as above decides what ours is.
  if (isSameMail(outcome.storedContentSha256, blob.mail)) return { status: 'duplicate', id: identity.id };
  const colliding = collidingMessageIdentity(spaceId, blob.mail);
  if (colliding === identity.id) return { status: 'duplicate', id: colliding };
  const retried = await linkAs(colliding);
  return retried.status === 'taken' ? { status: 'duplicate', id: colliding } : retried;
}

/** A stored mail is this one when the content matches; a mail without Message-ID is its own hash. */
const isSameMail = (storedContentSha256: string | undefined, mail: ParsedBlob['mail']): boolean =>
  storedContentSha256 === mail.contentSha256 || mail.messageIdSynthetic;

/**
 * The message identity to link under (a reused Message-ID on a different mail → the colliding id). A
 * free identity is claimed for our content first, so a concurrent different mail under the same
 * Message-ID never writes thread, activity or member entries as ours.
 */
async function chooseIdentity(deps: LinkMessageDeps, spaceId: string, mail: ParsedBlob['mail']): Promise<{ status: 'new' | 'duplicate'; id: string; heldBounces?: readonly HeldBounce[] }> {
  const primary = messageIdentity(spaceId, mail);
  const existing = await deps.messages.findMessage(spaceId, primary);
  if (existing && isSameMail(existing.contentSha256, mail)) return { status: 'duplicate', id: primary };
  // A synthetic id is a hash of the raw mail already: no other mail can hold it (nor be named by a bounce).
  if (!existing && mail.messageIdSynthetic) return { status: 'new', id: primary };
  if (!existing) {
    const claim = await deps.messages.claimIdentity(spaceId, primary, mail.contentSha256, deps.now().toISOString());
    if (claim.holder === mail.contentSha256) return { status: 'new', id: primary, heldBounces: claim.heldBounces };
  }
  const id = collidingMessageIdentity(spaceId, mail);
  return { status: (await deps.messages.findMessage(spaceId, id)) ? 'duplicate' : 'new', id };
}

type Attempt = LinkOutcome | { readonly status: 'taken'; readonly storedContentSha256: string | undefined };

/**
 * Thread, owners, activity and the message item under `id`, as the mail rules allow (nothing,
 * unlinked, headers only); `taken` when another item holds the id.
 */
async function linkUnderRules(
  deps: LinkMessageDeps, job: MailLink, blob: ParsedSummary, mailbox: MailboxRecord, rules: MailRules, id: string, heldBounces: readonly HeldBounce[],
): Promise<Attempt> {
  const { spaceId } = job;
  const mail = blob.mail;
  const own = ownAddresses(mailbox);
  const direction = detectDirection({ from: mail.from, mailboxAddresses: own, folderRole: job.folderRole });
  const participants = participantsOf(mail, own);
  const parents = parentsToLookUp(mail);
  const identities = new Map(parents.map((p) => [messageIdentity(spaceId, { messageId: p }), p]));
  const found = await deps.messages.threadIdsOf(spaceId, [...identities.keys()]);
  const byMessageId = [...found].map(([identity, threadId]) => ({ messageId: identities.get(identity)!, threadId }));
  // Subject threading only for a reply that carries no reference headers at all.
  const bySubject = parents.length === 0 && isReplySubject(mail.subject) ? await deps.threads.findThreadsBySubject(spaceId, subjectKey(mail.subject)) : [];
  const resolved = resolveThread({ spaceId, parsed: mail, participants, candidates: { byMessageId, bySubject } });
  const internal = internalDomainsOf(rules, own);
  const staffByEmail = await deps.staff.staffByEmail(spaceId);
  const staffUserIds = [...new Set([...mail.from, ...mail.to, ...mail.cc].flatMap((a) => staffByEmail.get(normalizeEmail(a.address)) ?? []))].sort();
  const customers = participants.filter((a) => !isInternalAddress(a, internal) && !staffByEmail.has(a));
  const { thread, matched } = await replyTagStep(deps.replyTags, { spaceId, settings: rules.replyTags, mail, thread: resolved },
    await matchOwners(deps.directory, spaceId, customers));
  const decision = decideMail(rules, { mailboxId: job.mailboxId, mail, linkable: matched.contactIds.length + matched.companyIds.length > 0 });
  if (decision.regexTimeouts.length > 0) deps.log.warn('mail rule regex ran out of time', { spaceId, rules: decision.regexTimeouts, correlationId: job.correlationId });
  if (decision.keep === 'nothing') {
    deps.log.info('message not imported by mail rules', { spaceId, rules: decision.reasons, correlationId: job.correlationId });
    if (job.imap && decision.reasons[0]) {
      await deps.skipped.recordSkipped(spaceId, {
        reason: skipReasonOf(rules, decision.reasons[0]), id, mailboxId: job.mailboxId, folderRole: job.folderRole, rawKey: job.rawKey,
        sha256: mail.rawSha256, size: mail.size, folder: job.imap.folder, uid: job.imap.uid, ...(job.imap.uidValidity ? { uidValidity: job.imap.uidValidity } : {}),
        date: mail.date ?? deps.now().toISOString(), skippedAt: deps.now().toISOString(),
      });
    }
    return { status: 'skipped', reason: 'rule', rules: decision.reasons };
  }
  const date = mail.date ?? deps.now().toISOString();
  const automated = blob.automated.automated ? blob.automated.kind : undefined;
  const withCaptured = decision.link && decision.keep === 'all' ? await captureStep({ ...deps.capture, log: deps.log }, {
    spaceId, settings: rules.contactCreation, mail, automated: automated !== undefined, customers, matched, correlationId: job.correlationId,
    source: { messageId: id, threadId: thread.threadId, subject: mail.subject, date, direction },
  }) : matched;
  const owners = decision.link ? withCaptured : { contactIds: [], companyIds: [] };
  const linkedAt = deps.now().toISOString();
  const linked = [
    ...owners.contactIds.map((id) => ({ kind: 'contact' as const, id })),
    ...owners.companyIds.map((id) => ({ kind: 'company' as const, id })),
  ].map((o) => ({ ...o, provenance: { kind: withCaptured.kinds.get(linkKey(o.kind, o.id))!, at: linkedAt } satisfies LinkProvenance }));
  const headersOnly = decision.keep === 'headers';
  const snippet = headersOnly ? '' : mail.snippet;
  const ruleFields = {
    ...(headersOnly ? { kept: 'headers' as const } : {}),
    ...(decision.reasons.length > 0 ? { ruleReasons: decision.reasons } : {}),
    ...(decision.privacy ? { privacy: decision.privacy } : {}),
    ...(decision.unlinkedBy ? { unlinkedByRule: decision.unlinkedBy } : {}),
  };

  const sender = mail.from[0] ? { address: mail.from[0].address, ...(mail.from[0].name ? { name: mail.from[0].name } : {}) } : { address: '' };
  const threadId = await addToLiveThread(deps.threads, spaceId, thread.threadId, {
    messageId: id, subject: mail.subject, date, snippet, sender, direction, participants: participants.slice(0, 20),
    contactIds: owners.contactIds, companyIds: owners.companyIds, mailboxId: job.mailboxId,
    ...(decision.privacy ? { privacy: decision.privacy } : {}),
  });
  const entry: ActivityEntry = {
    messageId: id, threadId, subject: mail.subject, date, sender, snippet, direction,
    ...(automated ? { automated } : {}),
  };
  // Together, so a batching table sends them in one call. Mail a rule keeps unlinked stays out of
  // the address index, so a later contact never relinks it.
  await Promise.all([
    deps.activities.putActivities(spaceId, linked, entry),
    ...(decision.link ? [deps.activities.putAddressMessages(spaceId, participants.slice(0, ITEM_RECIPIENTS), date, id)] : []),
  ]);
  await Promise.all(owners.contactIds.map((c) => deps.directory.touchContactActivity(spaceId, c, date)));

  const text = headersOnly ? '' : capUtf8(mail.text, ITEM_TEXT_BYTES);
  const record: MessageRecord = {
    spaceId, id, messageId: mail.messageId, threadId, mailboxId: job.mailboxId, folderRole: job.folderRole, ...(job.imap ? { imap: job.imap } : {}),
    direction, from: sender, to: mail.to.slice(0, ITEM_RECIPIENTS), cc: mail.cc.slice(0, ITEM_RECIPIENTS), replyTo: mail.replyTo, subject: mail.subject, date,
    snippet, text, ...(!headersOnly && (text.length < mail.text.length || blob.textTruncated) ? { textTruncated: true } : {}),
    hasHtml: !headersOnly && (mail.html !== undefined || blob.hasHtml === true),
    attachments: (headersOnly ? [] : mail.attachments).map((a, i) => ({
      index: a.index, filename: a.filename, contentType: a.contentType, size: a.size, key: blob.attachmentKeys[i] ?? '',
    })),
    ...(automated ? { automated } : {}), ...ruleFields,
    parseStatus: mail.parseStatus, contactIds: owners.contactIds, companyIds: owners.companyIds,
    ...(staffUserIds.length > 0 ? { staffUserIds } : {}),
    ...(linked.length > 0 ? { linkProvenance: Object.fromEntries(linked.map((o) => [linkKey(o.kind, o.id), o.provenance])) } : {}),
    rawKey: job.rawKey, ...(job.parsedKey ? { parsedKey: job.parsedKey } : {}), contentSha256: mail.contentSha256, participants: participants.slice(0, ITEM_RECIPIENTS),
    createdAt: deps.now().toISOString(),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.truncatedRecipients ? { truncatedRecipients: mail.truncatedRecipients } : {}),
  };
  await bounceStep({ ...deps.bounces, findMessage: (s, m) => deps.messages.findMessage(s, m), log: deps.log }, {
    spaceId, rules, verdict: blob.automated, bounceMessageId: id, at: date, correlationId: job.correlationId,
  });
  await applyHeldBounces({ ...deps.bounces, log: deps.log }, {
    spaceId, rules, held: heldBounces, direction, recipients: [...mail.to, ...mail.cc], correlationId: job.correlationId,
  });
  try {
    await deps.messages.createMessage(record);
  } catch (error) {
    if (error instanceof MessageExistsError) return { status: 'taken', storedContentSha256: error.existing.contentSha256 };
    throw error;
  }
  deps.log.info('message linked', { spaceId, threadId, via: threadId === thread.threadId ? thread.via : 'after-delete', contacts: owners.contactIds.length, correlationId: job.correlationId });
  return { status: 'linked', id, threadId };
}

/** The Message-IDs whose threads a mail may join: In-Reply-To, then the nearest references first. */
export const parentsToLookUp = (mail: Pick<ParsedSummary['mail'], 'inReplyTo' | 'references'>): string[] =>
  [mail.inReplyTo, ...[...mail.references].reverse()].filter((p): p is string => p !== undefined).slice(0, MAX_PARENT_LOOKUPS);

/** The mailbox's own addresses: the configured ones plus the login when it is an address. */
export function ownAddresses(mailbox: { addresses: readonly string[]; username: string }): string[] {
  const all = [...mailbox.addresses, ...(mailbox.username.includes('@') ? [mailbox.username] : [])];
  return [...new Set(all.map(normalizeEmail))];
}
