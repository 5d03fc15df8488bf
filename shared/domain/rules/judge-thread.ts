import type { MessageRecord } from '../threads/ports.js';
import type { RuleDecision } from './evaluate-mail-rules.js';
import type { PrivacyLevel } from './mail-privacy.js';

/** One message of the window with the rules' verdict on it. */
export interface Judged {
  readonly message: MessageRecord;
  readonly decision: RuleDecision;
}

/** What the re-apply job changes on one thread. */
export interface ThreadVerdict {
  /** Hide the thread under these entries (`exclusion:<id>`, `import-policy:only_linkable`). */
  readonly hide?: readonly string[];
  /** Show again a thread the rules hid. */
  readonly show: boolean;
  /** Kept messages a `no_link` rule wants unlinked that have links the linker made or no record of the rule yet. */
  readonly unlink: readonly { readonly message: MessageRecord; readonly rule: string }[];
  /** Kept messages a `no_link` rule kept unlinked that no such rule matches any more: linked again. */
  readonly relink: readonly MessageRecord[];
  /** Messages the rules now keep as headers only that are stored whole. */
  readonly headersOnly: readonly Judged[];
  /** Kept messages whose rule-made privacy differs from what the rules say now (`level` absent: none). */
  readonly privacy: readonly { readonly message: MessageRecord; readonly level?: PrivacyLevel }[];
}

const automaticLinks = (m: MessageRecord): boolean =>
  [...m.contactIds.map((id) => `contact#${id}`), ...m.companyIds.map((id) => `company#${id}`)].some((key) => m.linkProvenance?.[key]?.kind !== 'manual');

/**
 * The rules' verdict on a thread. The linker would not have made a thread all of whose mail they
 * skip, so such a thread is hidden, but only when every message of it was judged (mail outside the
 * window or of another mailbox keeps it visible). A thread rules hid comes back as soon as one of its
 * judged messages is mail they keep; the blocklist's entries are never this verdict's business.
 */
export function judgeThread(thread: { readonly hiddenBy?: readonly string[] }, storedCount: number, judged: readonly Judged[]): ThreadVerdict {
  const kept = judged.filter((j) => j.decision.keep !== 'nothing');
  const none: ThreadVerdict = { show: false, unlink: [], relink: [], headersOnly: [], privacy: [] };
  if (judged.length > 0 && kept.length === 0 && judged.length === storedCount) {
    return thread.hiddenBy ? none : { ...none, hide: [...new Set(judged.flatMap((j) => j.decision.reasons))] };
  }
  if (thread.hiddenBy && kept.length === 0) return none;
  return {
    show: thread.hiddenBy !== undefined,
    unlink: kept.flatMap((j) => (j.decision.unlinkedBy && (automaticLinks(j.message) || j.message.unlinkedByRule === undefined)
      ? [{ message: j.message, rule: j.decision.unlinkedBy }] : [])),
    relink: kept.filter((j) => j.decision.link && j.message.unlinkedByRule !== undefined).map((j) => j.message),
    headersOnly: kept.filter((j) => j.decision.keep === 'headers' && j.message.kept !== 'headers'),
    privacy: kept.flatMap((j) => (j.message.privacy !== j.decision.privacy
      ? [{ message: j.message, ...(j.decision.privacy ? { level: j.decision.privacy } : {}) }] : [])),
  };
}
