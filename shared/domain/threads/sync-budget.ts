/** Why a run stopped before its folders were done. */
export type BudgetStop = 'time' | 'bytes';

export interface SyncBudgetLimits {
  readonly timeMs: number;
  readonly bytes: number;
}

/** The wall-clock and byte budget of one sync run; the caller checks it between FETCH steps. */
export interface SyncBudget {
  /** Bytes handed on so far. */
  readonly bytes: number;
  spend(bytes: number): void;
  /** Why no further step may start, if so. */
  exhausted(): BudgetStop | undefined;
  /** Set once the time ran out while a command was in flight (the session was aborted). */
  readonly timedOut: boolean;
  /** Calls `onTimeout` when the time is up, e.g. to drop a connection that drips bytes. */
  arm(onTimeout: () => void): void;
  disarm(): void;
}

export function createSyncBudget(limits: SyncBudgetLimits, now: () => Date): SyncBudget {
  const deadline = now().getTime() + limits.timeMs;
  let bytes = 0;
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    get bytes() { return bytes; },
    get timedOut() { return timedOut; },
    spend(n) { bytes += n; },
    exhausted() {
      if (timedOut || now().getTime() >= deadline) return 'time';
      return bytes >= limits.bytes ? 'bytes' : undefined;
    },
    arm(onTimeout) {
      timer = setTimeout(() => { timedOut = true; onTimeout(); }, Math.max(0, deadline - now().getTime()));
    },
    disarm() {
      clearTimeout(timer);
    },
  };
}
