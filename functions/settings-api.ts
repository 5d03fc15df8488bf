import { once } from '../shared/config/config.js';
import { ValidationError } from '../shared/domain/errors.js';
import { listAuditOp } from '../shared/http/contracts/audit.js';
import { getMailRulesOp, putMailRulesOp } from '../shared/http/contracts/settings.js';
import { listStaffOp } from '../shared/http/contracts/staff.js';
import { httpHandler, implement, type Operation } from '../shared/http/http-handler.js';
import { etagOf, expectedVersion } from '../shared/http/if-match.js';
import { pageLimit, readCursor, writeCursor } from '../shared/http/page-cursor.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { createAuditStore } from '../shared/store/audit-store.js';
import { createSettingsStore } from '../shared/store/settings-store.js';
import { createStaffStore } from '../shared/store/staff-store.js';
import { ulid } from 'ulid';
import { assistantSettingsOperations } from '../shared/wiring/assistant-settings-operations.js';
import { customFieldOperations } from '../shared/wiring/custom-field-operations.js';
import { visibleThread } from '../shared/wiring/visible-mail.js';

const audit = once(() => createAuditStore());
const staff = once(() => createStaffStore());
const settings = once(() => createSettingsStore());

/** Settings operations; add new ones (mail rules) to this list. */
const operations: Operation[] = [
  implement(listAuditOp, async ({ auth, query }) => {
    const [entity = '', fromEntity] = query.entity.split(':');
    const id = fromEntity ?? query.id;
    if (!id) throw new ValidationError([{ pointer: '#/id', detail: 'name the record: entity=contact:<id> or id=<id>' }]);
    // A thread's trail is as visible as the thread: a restricted one is 404 to everyone else.
    if (entity === 'thread') await visibleThread(auth, id);
    const page = await audit().listAudit(auth.spaceId, entity, id, pageLimit(query.limit), query.cursor ? await readCursor(listAuditOp, { auth, query }) : undefined);
    const items = page.items.map(({ spaceId: _s, ...row }) => row);
    return { body: { items, nextCursor: (await writeCursor(listAuditOp, { auth, query }, page.lastKey)) ?? null } };
  }),
  implement(listStaffOp, async ({ auth, query }) => {
    const page = await staff().listStaff(auth.spaceId, pageLimit(query.limit), query.cursor ? await readCursor(listStaffOp, { auth, query }) : undefined);
    return { body: { items: page.items, nextCursor: (await writeCursor(listStaffOp, { auth, query }, page.lastKey)) ?? null } };
  }),
  implement(getMailRulesOp, async ({ auth }) => {
    const saved = await settings().getMailRules(auth.spaceId);
    return { body: saved, headers: { etag: etagOf(saved.version) } };
  }),
  implement(putMailRulesOp, async ({ auth, body, headers, requestId }) => {
    const actor = { spaceId: auth.spaceId, userId: auth.userId, requestId, at: new Date().toISOString(), auditId: ulid() };
    const saved = await settings().putMailRules(actor, body, expectedVersion(headers));
    return { status: 200, body: saved, headers: { etag: etagOf(saved.version) } };
  }),
];

export const handler = httpHandler(...recordingStaff(...operations, ...customFieldOperations(), ...assistantSettingsOperations()));
