import { MergedRecordError, MergeInProgressError } from '../domain/contacts/contact-errors.js';
import { claimHolds } from '../domain/contacts/merge-claim.js';
import type { MergeClaim } from '../domain/contacts/merge-ports.js';
import { ConflictError, NotFoundError, VersionMismatchError } from '../domain/errors.js';
import { companyKey, contactKey } from './keys.js';
import type { TxItem } from './transact.js';

type Entity = 'contact' | 'company';
type Item = Record<string, unknown>;

const recordKey = (entity: Entity, spaceId: string, id: string) => (entity === 'contact' ? contactKey(spaceId, id) : companyKey(spaceId, id));

/** Why a claim write failed, told from the record as it was. */
function refusal(entity: Entity, old: Item | undefined, jobId: string, otherwise: (old: Item) => Error): Error {
  if (!old) return new NotFoundError(entity);
  if (old.mergedInto) return new MergedRecordError(entity, String(old.mergedInto));
  const claim = old.mergeClaim as MergeClaim | undefined;
  if (claim && claim.jobId !== jobId && claimHolds(claim, new Date())) return new MergeInProgressError(entity, claim);
  return otherwise(old);
}

const names = { '#v': 'version', '#claim': 'mergeClaim', '#job': 'jobId', '#until': 'until', '#moved': 'moved' };

/**
 * Claims one record for a merge and raises its version, so an edit that read it before fails its
 * If-Match. Succeeds only at the loaded version, unmerged, and unclaimed or claimed by the same job
 * or by a lapsed claim that moved nothing.
 */
export const claimRecord = (entity: Entity, spaceId: string, record: { id: string; version: number }, claim: MergeClaim, now: string): TxItem => ({
  action: { Update: {
    TableName: '', Key: recordKey(entity, spaceId, record.id),
    UpdateExpression: 'SET #claim = :claim, #v = :next',
    ConditionExpression: 'attribute_exists(pk) AND #v = :v AND attribute_not_exists(mergedInto) AND (attribute_not_exists(#claim) OR #claim.#job = :job OR (#claim.#until < :now AND attribute_not_exists(#claim.#moved)))',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ':claim': claim, ':next': record.version + 1, ':v': record.version, ':job': claim.jobId, ':now': now },
  } },
  onConditionFailed: (old) => refusal(entity, old, claim.jobId, (o) => new VersionMismatchError(Number(o.version ?? 0))),
});

/**
 * Marks a claim `moved` before the first item moves: from then on it no longer lapses, so only the
 * same merge can finish the records. Fails when `jobId` no longer holds the record.
 */
export const markClaimMoved = (entity: Entity, spaceId: string, id: string, jobId: string): TxItem => ({
  action: { Update: {
    TableName: '', Key: recordKey(entity, spaceId, id), UpdateExpression: 'SET #claim.#moved = :yes', ConditionExpression: '#claim.#job = :job',
    ExpressionAttributeNames: { '#claim': 'mergeClaim', '#job': 'jobId', '#moved': 'moved' }, ExpressionAttributeValues: { ':yes': true, ':job': jobId },
  } },
  onConditionFailed: (old) => refusal(entity, old, jobId, () => new ConflictError('The merge no longer holds its records; send it again')),
});
