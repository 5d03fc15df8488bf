/**
 * What the mail rules did with a mailbox's new mail, per UTC day: how many messages were kept (stored,
 * linked or not) and how many a rule skipped. The health view reads the last RULE_TALLY_DAYS days to
 * tell a user whose rules skip everything (a blocklist of their own domain, an exclusion too wide).
 */
export interface RuleTally {
  /** The UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly kept: number;
  readonly skipped: number;
}

export interface RuleTallyRepo {
  /** Adds to the day's counts (one atomic ADD); tallies expire on their own after RULE_TALLY_KEEP_DAYS. */
  addRuleTally(spaceId: string, mailboxId: string, tally: RuleTally): Promise<void>;
  /** The tallies of `sinceDay` and later. */
  listRuleTallies(spaceId: string, mailboxId: string, sinceDay: string): Promise<RuleTally[]>;
}

/** The window the health view judges the rules on. */
export const RULE_TALLY_DAYS = 7;
export const RULE_TALLY_KEEP_DAYS = 14;
/** Fewer skipped messages than this say too little (a quiet mailbox, one newsletter). */
export const RULES_SKIP_ALL_MIN = 10;

export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** The first day of the window that ends on `now`'s day. */
export const tallyWindowStart = (now: Date): string => utcDay(new Date(now.getTime() - (RULE_TALLY_DAYS - 1) * 86_400_000));

/** Whether the rules skipped every new message of the window, and enough of them to mean it. */
export function rulesSkipEverything(tallies: readonly RuleTally[]): { skipped: number } | undefined {
  const kept = tallies.reduce((n, t) => n + t.kept, 0);
  const skipped = tallies.reduce((n, t) => n + t.skipped, 0);
  return kept === 0 && skipped >= RULES_SKIP_ALL_MIN ? { skipped } : undefined;
}

/** Counts a batch's outcomes per mailbox and day: `linked` is kept, a rule's `skipped` is skipped; duplicates are neither. */
export function tallyOutcomes(
  outcomes: readonly { readonly spaceId: string; readonly mailboxId: string; readonly status: 'kept' | 'skipped' }[], now: Date,
): { spaceId: string; mailboxId: string; tally: RuleTally }[] {
  const day = utcDay(now);
  const byMailbox = new Map<string, { spaceId: string; mailboxId: string; tally: { day: string; kept: number; skipped: number } }>();
  for (const o of outcomes) {
    const key = `${o.spaceId}/${o.mailboxId}`;
    const entry = byMailbox.get(key) ?? { spaceId: o.spaceId, mailboxId: o.mailboxId, tally: { day, kept: 0, skipped: 0 } };
    if (o.status === 'kept') entry.tally.kept += 1;
    else entry.tally.skipped += 1;
    byMailbox.set(key, entry);
  }
  return [...byMailbox.values()];
}
