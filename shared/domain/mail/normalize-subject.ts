/**
 * Reply/forward prefixes in the common languages (Re, Fwd, FW, AW, SV, WG, VS, TR, RIF, Antw, Odp,
 * YNT, RES), with Outlook counters like `Re[2]:` and full-width colons.
 */
const PREFIX = /^(?:re|fwd?|aw|sv|wg|vs|tr|rif|r|antw|odp|ynt|res|enc|doorst)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/i;
/** The forward prefixes among them (Fwd, FW, WG, TR, ENC, Doorst); the others answer a mail. */
const FORWARD = /^(?:fwd?|wg|tr|enc|doorst)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]/i;
/** A leading bracket tag: `[acme-users]`, `[EXTERNAL]`; list tags are noise for threading. */
const TAG = /^\[[^\[\]]{1,40}\]\s*/;
const MAX_ROUNDS = 50;

/**
 * The subject without repeated reply/forward prefixes and leading bracket tags, whitespace
 * collapsed, case kept. Leading tags are stripped (they are list or gateway noise); tags inside
 * the subject stay, so `Order [#123]` keeps its reference.
 */
export function normalizeSubject(subject: string): string {
  let rest = subject.replace(/\s+/g, ' ').trim();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = rest.replace(PREFIX, '').replace(TAG, '').trim();
    if (next === rest) break;
    rest = next;
  }
  return rest;
}

/** The subject without its leading reply/forward prefixes (tags and case kept): `Re: Fwd: Order` → `Order`. */
export function stripSubjectPrefixes(subject: string): string {
  let rest = subject.trim();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = rest.replace(PREFIX, '').trim();
    if (next === rest) break;
    rest = next;
  }
  return rest;
}

/** Whether the subject starts by answering a mail (`Re:`, `AW:`…) rather than forwarding one or neither. */
export function startsAsReply(subject: string): boolean {
  const head = subject.trim();
  return PREFIX.test(head) && !FORWARD.test(head);
}

/** The comparable form of a subject: normalized and lowercased. */
export function subjectKey(subject: string): string {
  return normalizeSubject(subject).toLowerCase();
}

/** Whether the subject says it answers or forwards an earlier mail (has a reply/forward prefix). */
export function isReplySubject(subject: string): boolean {
  let rest = subject.trim();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (PREFIX.test(rest)) return true;
    const next = rest.replace(TAG, '');
    if (next === rest) return false;
    rest = next.trim();
  }
  return false;
}
