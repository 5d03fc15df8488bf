import type { WorkspaceLookup } from '../activities/ports.js';
import { ValidationError } from '../errors.js';

/** The staff directory an owner is checked against: the users who have used the Space. */
export type StaffDirectory = Pick<WorkspaceLookup, 'staffExist'>;

/**
 * Checks the owner a create or change names (`null` clears it, `undefined` leaves it).
 * @throws ValidationError pointing at `ownerId` when it is not a staff user of the Space
 */
export async function checkOwner(staff: StaffDirectory, spaceId: string, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const [known] = await staff.staffExist(spaceId, [ownerId]);
  if (!known) throw new ValidationError([{ pointer: '#/ownerId', detail: 'no such staff user in this Space' }]);
}
