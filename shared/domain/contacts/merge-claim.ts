import { MergeInProgressError } from './contact-errors.js';
import type { Mergeable, MergeClaim } from './merge-ports.js';

/**
 * How long a claim that has moved nothing keeps others out. Far above the API functions' timeout,
 * so a live merge never loses its claim this way; a crashed one frees its records after it.
 */
export const CLAIM_TTL_MS = 2 * 60_000;

/** Whether a claim still holds its record at `now`: it moved items already, or it has not lapsed. */
export const claimHolds = (claim: MergeClaim | undefined, now: Date): claim is MergeClaim =>
  !!claim && (claim.moved === true || Date.parse(claim.until) > now.getTime());

/** @throws MergeInProgressError when a merge other than `jobId` holds the record. */
export function assertUnclaimed(record: Pick<Mergeable, 'mergeClaim'>, entity: string, now: Date, jobId?: string): void {
  const claim = record.mergeClaim;
  if (claimHolds(claim, now) && claim.jobId !== jobId) throw new MergeInProgressError(entity, claim);
}

/** The record without its claim, as the merge commit writes it. */
export const withoutClaim = <T extends Mergeable>(record: T): T => {
  const { mergeClaim: _c, ...rest } = record;
  return rest as T;
};
