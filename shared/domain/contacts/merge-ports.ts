import type { AuditEntry, Runtime } from '../audit/audit-entry.js';

/**
 * Moves the items that belong to a merged record (email reservations, thread links, orders...) to
 * the master. The mail and order areas add theirs to shared/store/merge-movers.ts; items whose
 * gsi2pk is `relatedPartition(space, entity, id)` are moved by the built-in generic mover already.
 */
export interface RelatedItemMover {
  /** Stable step name, e.g. `contact-emails`, `thread-links`. */
  readonly name: string;
  /** How many items `fromId` holds (merge preview). */
  count(spaceId: string, fromId: string): Promise<number>;
  /**
   * Moves at most `max` (≤ 100) items in one all-or-nothing transaction and says how many moved;
   * 0 means nothing is left. Must be idempotent: items already moved are not moved again.
   */
  moveBatch(spaceId: string, fromId: string, toId: string, max: number): Promise<number>;
}

/**
 * A merge's hold on a record, written on every involved record in one transaction before anything
 * moves. It stops other merges and edits until the merge commits (which removes it). A claim that
 * moved nothing yet lapses at `until`; once items moved, only the same merge can finish it.
 */
export interface MergeClaim {
  readonly jobId: string;
  readonly masterId: string;
  readonly mergedIds: readonly string[];
  readonly until: string;
  readonly moved?: boolean;
}

/** A mergeable record: contacts and companies. */
export interface Mergeable {
  readonly id: string;
  readonly version: number;
  readonly status: string;
  readonly mergedInto?: string;
  readonly mergeClaim?: MergeClaim;
}

export interface MergeResult {
  readonly preview: boolean;
  readonly masterId: string;
  readonly mergedIds: readonly string[];
  readonly record: unknown;
  /** Related items moved (or, in a preview, to be moved), per mover. */
  readonly moved: Readonly<Record<string, number>>;
}

export interface MergeJob {
  readonly status: 'running' | 'done';
  readonly bodyHash: string;
  /** `<mover>#<mergedId>` of finished steps. */
  readonly steps: Readonly<Record<string, boolean>>;
  /** `<mover>#<mergedId>` → items moved so far (best effort across a crash; items are never lost). */
  readonly progress: Readonly<Record<string, number>>;
  readonly result?: MergeResult;
}

/** The merge job record: makes a confirmed merge resumable after a crash and repeatable. */
export interface MergeJobStore {
  /** The job, if it was opened (a read: a merge that loses its claim writes nothing). */
  getJob(spaceId: string, entity: string, jobId: string): Promise<MergeJob | undefined>;
  /** Creates the job, or returns the existing one (with `bodyHash` updated while still running). */
  openJob(spaceId: string, entity: string, jobId: string, bodyHash: string, at: string): Promise<MergeJob>;
  addProgress(spaceId: string, entity: string, jobId: string, step: string, moved: number): Promise<void>;
  markStep(spaceId: string, entity: string, jobId: string, step: string): Promise<void>;
}

/** Entity-specific parts of a merge. */
export interface MergeTarget<T extends Mergeable> {
  readonly entity: 'contact' | 'company';
  /** Fields a merge may take from another record than the master. */
  readonly mergeableFields: readonly string[];
  load(spaceId: string, id: string): Promise<T | undefined>;
  /**
   * Claims every record in one transaction, each still at its loaded version, unmerged and not held
   * by another merge; returns them as claimed (version + 1).
   * @throws VersionMismatchError (changed since loaded), MergeInProgressError, MergedRecordError, NotFoundError
   */
  claim(records: readonly T[], claim: MergeClaim, now: string): Promise<T[]>;
  /**
   * Marks the job's claims on every record `moved` in one transaction (they stop lapsing).
   * @throws MergeInProgressError, MergedRecordError, ConflictError when the job lost a claim
   */
  markMoved(records: readonly T[], jobId: string): Promise<void>;
  /** The master after the merge; `pick` maps a field to the record whose value wins. */
  combine(master: T, merged: readonly T[], pick: Readonly<Record<string, T>>, now: string): T;
  /**
   * Writes master, merged records (claims removed), the audit row and the finished job in one
   * transaction, conditioned on the claimed versions. @throws VersionMismatchError
   */
  commit(input: { before: T; after: T; merged: readonly T[]; audit: AuditEntry; jobId: string; result: MergeResult; now: string }): Promise<void>;
  view(record: T): unknown;
}

export interface MergeDeps<T extends Mergeable> {
  readonly target: MergeTarget<T>;
  readonly movers: readonly RelatedItemMover[];
  readonly jobs: MergeJobStore;
  readonly rt: Runtime;
}
