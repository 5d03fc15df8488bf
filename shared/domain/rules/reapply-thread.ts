import type { MessageRecord } from '../threads/ports.js';
import { moveStats } from './apply-blocklist.js';
import { dropRuleLinks } from './drop-rule-links.js';
import { evaluateMailRules, rulesForMailbox } from './evaluate-mail-rules.js';
import { judgeThread, type Judged, type ThreadVerdict } from './judge-thread.js';
import { isBlocked, stricter, type PrivacyLevel } from './mail-privacy.js';
import type { MailRules } from './mail-rules.js';
import { plus, zero, type CountsDelta } from './reapply-counts.js';
import type { ReapplyJobState, ReapplyRulesDeps, ReapplyThread } from './reapply-rules.js';
import { ownersOf, restoreRuleLinks } from './restore-rule-links.js';

const isRuleEntry = (entry: string) => entry.startsWith('exclusion:') || entry.startsWith('import-policy:');

/** Judges one thread's mail in the window and makes its stored state agree. */
export async function reapplyThread(deps: ReapplyRulesDeps, rules: MailRules, job: ReapplyJobState, thread: ReapplyThread): Promise<CountsDelta> {
  const { spaceId } = job;
  // A thread the blocklist hid belongs to the blocklist job.
  if (thread.hiddenBy && !thread.hiddenBy.every(isRuleEntry)) return zero;
  const stored = (await Promise.all(thread.messageIds.map((id) => deps.messages.findMessage(spaceId, id)))).filter((m): m is MessageRecord => m !== undefined);
  const judged: Judged[] = [];
  for (const m of stored) {
    if (m.channel === 'sms' || m.date < job.since || (job.mailboxId && m.mailboxId !== job.mailboxId)) continue;
    judged.push({ message: m, decision: evaluateMailRules({ ...rules, blocklist: [] }, await ruleMailOf(deps, rules, m)) });
  }
  const verdict = judgeThread(thread, stored.length, judged);
  const at = deps.now().toISOString();
  const actor = { spaceId, userId: job.userId, requestId: job.requestId };
  let add: CountsDelta = { ...zero, scanned: judged.length };
  if (verdict.hide) {
    const seq = thread.hideSeq + 1;
    const messages = await moveStats(deps, spaceId, thread, seq, -1);
    if (await deps.threads.hide(spaceId, thread.id, { entries: verdict.hide, at, jobId: job.jobId }, seq)) {
      add = { ...add, hiddenThreads: 1 };
      await deps.audit({ id: deps.newId(), ...actor, entity: 'thread', entityId: thread.id, action: 'hidden', at, details: { entries: verdict.hide, jobId: job.jobId, messages } });
    }
    return add;
  }
  if (verdict.show) {
    // A participant blocklisted meanwhile keeps it hidden (the blocklist job would hide it again).
    if (thread.participants.some((p) => isBlocked(rules.blocklist, p.toLowerCase()))) return add;
    const messages = await moveStats(deps, spaceId, thread, thread.hideSeq, 1);
    if (await deps.threads.show(spaceId, thread.id, thread.hideSeq)) {
      add = { ...add, shownThreads: 1 };
      await deps.audit({ id: deps.newId(), ...actor, entity: 'thread', entityId: thread.id, action: 'shown', at, details: { entries: thread.hiddenBy, jobId: job.jobId, messages } });
    }
  }
  for (const { message: m, rule } of verdict.unlink) {
    const dropped = await dropRuleLinks(deps, spaceId, m.id, rule);
    if (dropped.length === 0) continue;
    add = plus(add, { unlinkedMessages: 1 });
    const still = await Promise.all(stored.filter((o) => o.id !== m.id).map((o) => deps.messages.findMessage(spaceId, o.id)));
    for (const owner of dropped) {
      const kept = still.some((o) => (owner.kind === 'contact' ? o?.contactIds : o?.companyIds)?.includes(owner.id));
      if (!kept) await deps.threads.removeThreadLinks(spaceId, thread.id, owner);
    }
  }
  for (const { message, decision } of verdict.headersOnly) {
    await deps.threads.keepHeadersOnly(message, decision.reasons);
    add = plus(add, { headersOnlyMessages: 1 });
  }
  for (const m of verdict.relink) {
    const owners = ownersOf(await deps.owners(spaceId, m), at);
    if (await restoreRuleLinks(deps, spaceId, m.id, owners)) add = plus(add, { relinkedMessages: 1 });
  }
  return plus(add, await reapplyPrivacy(deps, thread, stored, verdict.privacy));
}

const strictest = (levels: readonly PrivacyLevel[]): PrivacyLevel | undefined => (levels.length === 0 ? undefined : levels.reduce(stricter, 'everything'));

/**
 * Gives each message the level today's private rules give it, then the thread the union of its
 * messages' levels (its own mark by hand and `privacy` entries are kept apart and left alone): a
 * level only removed rules gave goes, one a rule still gives stays. Levels are only removed when
 * every message of the thread was read (a mail being linked now adds its own).
 */
async function reapplyPrivacy(deps: ReapplyRulesDeps, thread: ReapplyThread, stored: readonly MessageRecord[], changes: ThreadVerdict['privacy']): Promise<Partial<CountsDelta>> {
  for (const { message, level } of changes) await deps.threads.setMessagePrivacy(message.spaceId, message.id, level);
  const now = new Map(changes.map((c) => [c.message.id, c.level]));
  const levels = [...new Set(stored.flatMap((m) => { const l = now.has(m.id) ? now.get(m.id) : m.privacy; return l ? [l] : []; }))].sort();
  const complete = stored.length === thread.messageIds.length;
  const target = complete ? levels : [...new Set([...thread.ruleLevels, ...levels])].sort();
  if (target.join() === [...thread.ruleLevels].sort().join()) return {};
  if (!(await deps.threads.setRuleLevels(stored[0]!.spaceId, thread.id, target, thread.messageIds.length))) return {};
  const [was, is] = [strictest(thread.ruleLevels), strictest(target)];
  if (was === is) return {};
  return is !== undefined && (was === undefined || stricter(was, is) === is) ? { privateThreads: 1 } : { unmarkedThreads: 1 };
}

/** The mail as the rules read it: the item's addresses and subject, its body and headers only when a rule reads them. */
async function ruleMailOf(deps: ReapplyRulesDeps, rules: MailRules, m: MessageRecord) {
  const own = rulesForMailbox(rules, m.mailboxId);
  const needsContent = own.exclusions.some((e) => e.field === 'body' || e.field === 'header');
  const content = needsContent ? await deps.content(m) : { body: '', headers: {} };
  const linkable = own.importPolicy === 'only_linkable' ? await deps.owners(m.spaceId, m).then((o) => o.contactIds.length + o.companyIds.length > 0) : true;
  const lower = (list: readonly { address: string }[]) => list.map((a) => a.address.trim().toLowerCase());
  return {
    mailboxId: m.mailboxId, from: lower([m.from].filter((a) => a.address !== '')), to: lower(m.to), cc: lower(m.cc),
    subject: m.subject, body: content.body, headers: content.headers, linkable,
  };
}
