import type { FolderState } from './ports.js';

/** What the poller stored after the last poll of one folder. */
export interface SyncCursor {
  readonly uidValidity: string;
  /** Highest UID whose message is stored; the cursor never passes an unstored UID. */
  readonly lastUid: number;
  /** UIDNEXT seen when the last poll finished in full; lets expunged deliveries stay a no-op. */
  readonly uidNext?: number;
  readonly highestModseq?: string;
  /** UIDVALIDITY changes seen in a row; any poll without one resets it to 0. */
  readonly resetCount: number;
  /** When the last poll read the folder's state (ISO): a flag change seen later happened after it. */
  readonly checkedAt?: string;
}

export interface SyncPlanOptions {
  readonly windowDays: number;
  readonly now: Date;
  /** The reset that makes this many in a row pauses the folder instead. @default 3 */
  readonly maxConsecutiveResets?: number;
}

export type SyncPlan =
  | { readonly kind: 'noop'; readonly resetCount: 0 }
  | { readonly kind: 'incremental'; readonly fromUid: number; readonly changedSince?: string; readonly resetCount: 0 }
  | { readonly kind: 'initial'; readonly since: Date; readonly resetCount: 0 }
  | { readonly kind: 'reset'; readonly since: Date; readonly resetCount: number }
  | { readonly kind: 'paused'; readonly reason: string; readonly resetCount: number };

const DAY_MS = 86_400_000;

/**
 * Decides what one poll of a folder must do, from the stored cursor and the folder's STATUS. A changed
 * UIDVALIDITY drops the cursor and rescans the window (UIDs were reassigned); flapping pauses.
 */
export function planSync(cursor: SyncCursor | undefined, state: FolderState, options: SyncPlanOptions): SyncPlan {
  const since = new Date(options.now.getTime() - options.windowDays * DAY_MS);
  if (cursor === undefined) return { kind: 'initial', since, resetCount: 0 };

  if (cursor.uidValidity !== state.uidValidity) {
    const resetCount = cursor.resetCount + 1;
    if (resetCount >= (options.maxConsecutiveResets ?? 3)) {
      const reason = `UIDVALIDITY changed ${resetCount} times in a row; sync paused until the mailbox is resumed`;
      return { kind: 'paused', reason, resetCount };
    }
    return { kind: 'reset', since, resetCount };
  }

  const seenUidNext = Math.max(cursor.lastUid + 1, cursor.uidNext ?? 0);
  const hasNewMail = state.uidNext > seenUidNext;
  const changedSince = advancedModseq(cursor.highestModseq, state.highestModseq);
  if (!hasNewMail && changedSince === undefined) return { kind: 'noop', resetCount: 0 };
  const fromUid = cursor.lastUid + 1;
  return changedSince === undefined
    ? { kind: 'incremental', fromUid, resetCount: 0 }
    : { kind: 'incremental', fromUid, changedSince, resetCount: 0 };
}

/** The stored modseq when the server's is higher (flags changed since), else undefined. */
function advancedModseq(stored: string | undefined, current: string | undefined): string | undefined {
  if (stored === undefined || current === undefined) return undefined;
  return BigInt(current) > BigInt(stored) ? stored : undefined;
}
