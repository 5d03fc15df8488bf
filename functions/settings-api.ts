import { once } from '../shared/config/config.js';
import { ValidationError } from '../shared/domain/errors.js';
import { listAuditOp } from '../shared/http/contracts/audit.js';
import { listStaffOp } from '../shared/http/contracts/staff.js';
import { httpHandler, implement, type Operation } from '../shared/http/http-handler.js';
import { pageLimit, readCursor, writeCursor } from '../shared/http/page-cursor.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { createAuditStore } from '../shared/store/audit-store.js';
import { createStaffStore } from '../shared/store/staff-store.js';

const audit = once(() => createAuditStore());
const staff = once(() => createStaffStore());

/** Settings operations; add new ones (mail rules) to this list. */
const operations: Operation[] = [
  implement(listAuditOp, async ({ auth, query }) => {
    const [entity = '', fromEntity] = query.entity.split(':');
    const id = fromEntity ?? query.id;
    if (!id) throw new ValidationError([{ pointer: '#/id', detail: 'name the record: entity=contact:<id> or id=<id>' }]);
    const page = await audit().listAudit(auth.spaceId, entity, id, pageLimit(query.limit), query.cursor ? await readCursor(auth.spaceId, query.cursor) : undefined);
    return { body: { items: page.items, nextCursor: (await writeCursor(auth.spaceId, page.lastKey)) ?? null } };
  }),
  implement(listStaffOp, async ({ auth }) => ({ body: { items: await staff().listStaff(auth.spaceId) } })),
];

export const handler = httpHandler(...recordingStaff(...operations));
