import type { ServerWords, SyncFailureKind } from './sync-failure.js';

/** Where in a run it failed, for the health view ("connect", "login", "folder INBOX", ...). */
export type SyncStep = 'open_secret' | 'connect' | 'login' | 'folder';

/** One sync run of one mailbox as the health view shows it; never a password, token or mail text. */
export interface SyncRun {
  readonly id: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly outcome: 'synced' | 'stopped' | 'failed';
  /** Why it ran: the schedule, a user's "sync now", a continuation, a retry. */
  readonly trigger: string;
  /** Folders the run got through (a failed run counts the ones finished before it failed). */
  readonly folders: number;
  readonly messages: number;
  readonly commands: number;
  readonly bytes: number;
  readonly failure?: {
    readonly kind: SyncFailureKind;
    /** The step that failed, e.g. `login` or `folder` with `folder` naming it. */
    readonly step: SyncStep;
    readonly folder?: string;
    /** Our one-line description of the failure. */
    readonly message: string;
    readonly server?: ServerWords;
  };
}

/** The last runs of each mailbox (shared/store/sync-run-store.ts); old runs expire on their own. */
export interface SyncRunRepo {
  recordRun(spaceId: string, mailboxId: string, run: SyncRun): Promise<void>;
  /** Newest first. */
  listRuns(spaceId: string, mailboxId: string, limit: number): Promise<SyncRun[]>;
  /** One page of runs, newest first. */
  pageRuns(spaceId: string, mailboxId: string, limit: number, startKey?: Record<string, unknown>): Promise<{ items: SyncRun[]; lastKey?: Record<string, unknown> }>;
}

/** How many runs the health view keeps and shows. */
export const SYNC_RUNS_KEPT = 20;

/** A mailbox the provider throttled: scheduled runs wait until `until`; `count` throttled runs in a row. */
export interface SyncBackoff {
  readonly until: string;
  readonly count: number;
}

/** Where the throttling back-off of a mailbox is kept (beside its runs). */
export interface SyncBackoffRepo {
  getBackoff(spaceId: string, mailboxId: string): Promise<SyncBackoff | undefined>;
  putBackoff(spaceId: string, mailboxId: string, backoff: SyncBackoff): Promise<void>;
  clearBackoff(spaceId: string, mailboxId: string): Promise<void>;
}
